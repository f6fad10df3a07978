"""Industrial processes (2.A-2.C): process emissions, not fuel combustion.

- Cement 2.A.1: CO2 = Σ clinker × process factor − Σ non-carbonate substitute × deduction factor
  (MEE cement-clinker guideline method); or, where only cement output is given (the CEADs basis),
  cement × process factor (0.2906 t/t under the ``ceads`` method; NE under the others); with
  clinker rows, cement output is excluded with the reason.
- Lime 2.A.2, calcium carbide 2.B.5, ferroalloys 2.C.2: production × process factor (no default
  in the reference data: NE unless a factor is supplied).
- Iron and steel 2.C.1, mass balance (steel guideline): Σ flux / electrode / carbon-bearing
  inputs × factor − carbon fixed in products (crude steel, methanol). Where no inputs are given,
  production (pig iron, crude steel) × a production factor if one is supplied, else NE.
- Aluminium 2.C.3: anode CO2 = Al × net anode consumption × (1 − sulphur − ash) × 44/12;
  PFCs: CF4 = Al × factor, C2F6 = Al × factor. A supplied CO2 process factor for aluminium
  that outranks the anode parameters replaces the anode formula.
"""

from __future__ import annotations

from collections.abc import Sequence

from carbonpeak.core.errors import FactorNotFound
from carbonpeak.core.units import scale, unit_of
from carbonpeak.factors import kinds
from carbonpeak.inventory.accounting.context import C_TO_CO2, Collector, Context, emission_term, use
from carbonpeak.inventory.accounting.trace import Step, Traced
from carbonpeak.inventory.model import ActivityRecord

CLINKER = ("clinker", "clinker_white", "clinker_sulphoaluminate", "clinker_aluminate")
STEEL_INPUTS = (
    "limestone_flux",
    "dolomite_flux",
    "eaf_electrode",
    "pig_iron_purchased",
    "dri_purchased",
    "ferronickel_input",
    "ferrochrome_input",
    "ferromolybdenum_input",
)
STEEL_FIXED = ("crude_steel", "steel_methanol")
PRODUCTION = ("lime", "calcium_carbide", "ferroalloy")


def _term(
    rec: ActivityRecord,
    ctx: Context,
    out: Collector,
    *,
    gas: str = "CO2",
    variant: str = "",
    sign: float = 1.0,
    label: str,
) -> None:
    """Add ``sign × quantity × process factor`` to the kind's category (NE if no factor)."""
    emission_term(
        rec,
        ctx,
        out,
        category=kinds()[rec.fuel].category,
        gas=gas,
        parameter="process_factor",
        variant=variant,
        sign=sign,
        label=label,
    )


def compute(records: Sequence[ActivityRecord], ctx: Context, out: Collector) -> None:
    by_kind: dict[str, list[ActivityRecord]] = {}
    for rec in records:
        by_kind.setdefault(rec.fuel, []).append(rec)

    def of(*names: str) -> list[ActivityRecord]:
        return [r for n in names for r in by_kind.get(n, [])]

    clinker = of(*CLINKER)
    for rec in clinker:
        _term(rec, ctx, out, label="process")
    for rec in of(*(k for k in by_kind if k.startswith("cement_substitute_"))):
        if clinker:
            _term(rec, ctx, out, variant="deduction", sign=-1.0, label="deduction")
        else:
            out.exclude(rec, "cement substitute without clinker production: nothing to deduct")
    for rec in of("cement"):
        # cement output is the CEADs basis; clinker (the MEE guideline's basis) wins if given
        if clinker:
            out.exclude(rec, "clinker production given: the clinker basis is used, not cement")
        else:
            _term(rec, ctx, out, label="process")
    for rec in of(*PRODUCTION):
        _term(rec, ctx, out, label="process")
    _steel(of(*STEEL_INPUTS), of(*STEEL_FIXED), of("pig_iron"), ctx, out)
    for rec in of("aluminium"):
        _aluminium(rec, ctx, out)


def _steel(
    inputs: list[ActivityRecord],
    fixed: list[ActivityRecord],
    pig_iron: list[ActivityRecord],
    ctx: Context,
    out: Collector,
) -> None:
    if inputs:
        for rec in inputs:
            _term(rec, ctx, out, label="input")
        for rec in fixed:
            _term(rec, ctx, out, variant="carbon_fixed", sign=-1.0, label="carbon-fixed")
        for rec in pig_iron:
            out.exclude(rec, "mass-balance method used (inputs given): production not counted")
        return
    for rec in (*pig_iron, *(r for r in fixed if r.fuel == "crude_steel")):
        _term(rec, ctx, out, label="production")
    for rec in fixed:
        if rec.fuel != "crude_steel":
            out.exclude(rec, "no mass-balance inputs: carbon-fixed deduction not applied")


def _aluminium(rec: ActivityRecord, ctx: Context, out: Collector) -> None:
    category = kinds()[rec.fuel].category
    direct = ctx.factor(rec.fuel, "process_factor", gas="CO2")
    nc = ctx.factor(rec.fuel, "anode_net_consumption")
    if not isinstance(direct, FactorNotFound) and (
        isinstance(nc, FactorNotFound) or direct.rank[:4] < nc.rank[:4]
    ):
        _term(rec, ctx, out, label="process")
    else:
        _anode(rec, ctx, out, category)
    for gas in ("CF4", "C2F6"):
        _term(rec, ctx, out, gas=gas, label="PFC")


def _anode(rec: ActivityRecord, ctx: Context, out: Collector, category: str) -> None:
    nc = ctx.factor(rec.fuel, "anode_net_consumption")
    sulphur = ctx.factor(rec.fuel, "anode_sulphur")
    ash = ctx.factor(rec.fuel, "anode_ash")
    if (
        isinstance(nc, FactorNotFound)
        or isinstance(sulphur, FactorNotFound)
        or isinstance(ash, FactorNotFound)
    ):
        missing = [str(r) for r in (nc, sulphur, ash) if isinstance(r, FactorNotFound)]
        out.gap(category, "CO2", "NE", "anode parameters missing: " + "; ".join(missing))
        return
    unit = unit_of(rec.quantity)
    qty = float(rec.quantity.magnitude)
    anode = qty * nc.value * scale((unit, nc.unit), "t")
    s = sulphur.value * scale((sulphur.unit,), "dimensionless")
    a = ash.value * scale((ash.unit,), "dimensionless")
    carbon = anode * (1.0 - s - a)
    co2 = carbon * C_TO_CO2
    out.add(
        category,
        "CO2",
        Traced(
            value=co2,
            unit="t",
            formula="CO2 = aluminium × net anode consumption × (1 − sulphur − ash) × 44/12",
            activity_ids=(rec.id,),
            factors=(
                use("net anode consumption", nc),
                use("anode sulphur", sulphur),
                use("anode ash", ash),
            ),
            steps=(
                Step("aluminium", qty, unit),
                Step("anode consumed", anode, "t"),
                Step("carbon = anode × (1 − S − ash)", carbon, "t C"),
                Step("CO2", co2, "t"),
            ),
        ),
    )
