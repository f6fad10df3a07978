"""Fugitive methane from coal mining (1.B.1.a), net of recovery (煤矿瓦斯 coal-mine methane).

CH4 = Σ coal output of each mine gas class × emission factor (mining, 1.B.1.a.i.1 / ii.1)
    + Σ coal output × post-mining factor (variant ``post_mining``, 1.B.1.a.i.2 / ii.2)
    − CH4 drained and utilised (``cmm_recovered``) − CH4 flared (``cmm_flared``).

Mine gas classes: high-gas 高瓦斯, outburst 煤与瓦斯突出, low-gas 低瓦斯 (underground) and open-pit
露天. The default is the IPCC 2006 Tier 1 average (Vol. 2 ch. 4.1.3.2, in ``ipcc2006.csv``), the
same for every underground gas class; a measured or provincial factor (user factor file) overrides
it. Without any factor the category is NE with the reason.

Recovered methane is subtracted where it is drained (underground mining). Utilised methane that
is burned for energy gives combustion CO2 in the energy sector only if it is reported there (as
fuel 煤层气 with its factors): this module does not add it, so nothing is counted twice. Flared
methane gives CO2 = CH4 × 44/16, reported here (1.B.1.a.i.1). Volumes of methane are turned into
mass with the ideal-gas density at 0 °C and 101.325 kPa (normal m³, as Chinese statistics use).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pint.errors import DimensionalityError

from carbonpeak.core.errors import FactorNotFound
from carbonpeak.core.units import Q_, scale, unit_of, ureg
from carbonpeak.factors import Resolution
from carbonpeak.inventory.accounting.context import CH4_TO_CO2, Collector, Context, use
from carbonpeak.inventory.accounting.trace import Step, Traced
from carbonpeak.inventory.model import ActivityRecord

UNDERGROUND = ("1.B.1.a.i.1", "1.B.1.a.i.2")
SURFACE = ("1.B.1.a.ii.1", "1.B.1.a.ii.2")
MINES: dict[str, tuple[str, str]] = {
    "coal_output_high_gas": UNDERGROUND,
    "coal_output_outburst": UNDERGROUND,
    "coal_output_low_gas": UNDERGROUND,
    "coal_output_open_pit": SURFACE,
}
#: M(CH4) = 12.011 + 4 × 1.008 g/mol; ideal gas at 273.15 K and 101.325 kPa.
CH4_DENSITY_T_PER_M3: float = float(
    (Q_(16.043, "g/mol") * Q_(101.325, "kPa") / (ureg.molar_gas_constant * Q_(273.15, "K")))
    .to("t/m**3")
    .magnitude
)
DENSITY_NOTE = (
    "CH4 volume to mass: ideal gas at 0 °C, 101.325 kPa, M = 16.043 g/mol "
    f"→ {CH4_DENSITY_T_PER_M3 * 1000:.4f} kg/m³"
)


def _tonnes_ch4(qty: float, units: tuple[str, ...]) -> tuple[float, str] | None:
    """A product of magnitudes as t CH4, converting a volume with the density."""
    try:
        return qty * scale(units, "t"), ""
    except DimensionalityError:
        pass
    try:
        return qty * scale(units, "m**3") * CH4_DENSITY_T_PER_M3, DENSITY_NOTE
    except DimensionalityError:
        return None


def compute(records: Sequence[ActivityRecord], ctx: Context, out: Collector) -> None:
    mined = 0.0
    for rec in records:
        if rec.fuel not in MINES:
            continue
        for variant, category in zip(("", "post_mining"), MINES[rec.fuel], strict=True):
            res = ctx.factor(rec.fuel, "ch4_factor", gas="CH4", variant=variant)
            if isinstance(res, FactorNotFound):
                what = "post-mining " if variant else ""
                out.gap(category, "CH4", "NE", f"no {what}CH4 factor for {rec.fuel}: {res}")
                continue
            traced = _emission(rec, res, category)
            if traced is None:
                out.gap(category, "CH4", "NE", f"{res.record.id}: unit {res.unit} not usable")
                continue
            out.add(category, "CH4", traced)
            if category == UNDERGROUND[0]:
                mined += traced.value
    _recovery(records, mined, out)


def _emission(rec: ActivityRecord, res: Resolution, category: str) -> Traced | None:
    unit = unit_of(rec.quantity)
    qty = float(rec.quantity.magnitude)
    converted = _tonnes_ch4(qty * res.value, (unit, res.unit))
    if converted is None:
        return None
    value, note = converted
    phase = "post-mining" if category.endswith(".2") else "mining"
    return Traced(
        value=value,
        unit="t",
        formula=f"CH4 = coal output × {phase} emission factor",
        activity_ids=(rec.id,),
        factors=(use(f"CH4 factor ({phase})", res),),
        steps=(Step("coal output", qty, unit), Step("CH4", value, "t")),
        notes=tuple(n for n in (note, res.proxy) if n),
    )


def _recovery(records: Sequence[ActivityRecord], mined: float, out: Collector) -> None:
    category = UNDERGROUND[0]
    taken = [r for r in records if r.fuel in ("cmm_recovered", "cmm_flared")]
    if not taken:
        return
    if mined == 0.0:
        for rec in taken:
            out.exclude(rec, "recovery recorded but underground mining CH4 not estimated")
        return
    subtracted = 0.0
    for rec in taken:
        converted = _tonnes_ch4(float(rec.quantity.magnitude), (unit_of(rec.quantity),))
        if converted is None:
            out.exclude(rec, f"unit {unit_of(rec.quantity)} is neither mass nor volume")
            continue
        tonnes, note = converted
        subtracted += tonnes
        how = "utilised" if rec.fuel == "cmm_recovered" else "flared"
        out.add(
            category,
            "CH4",
            Traced(
                value=-tonnes,
                unit="t",
                formula=f"− CH4 {how} (subtracted from mining emissions)",
                activity_ids=(rec.id,),
                steps=(Step(f"CH4 {how}", tonnes, "t"),),
                notes=(note,) if note else (),
            ),
        )
        if rec.fuel == "cmm_flared":
            co2 = tonnes * CH4_TO_CO2
            out.add(
                category,
                "CO2",
                Traced(
                    value=co2,
                    unit="t",
                    formula="CO2 from flaring = CH4 flared × 44/16",
                    activity_ids=(rec.id,),
                    steps=(Step("CH4 flared", tonnes, "t"), Step("CO2", co2, "t")),
                    notes=(note,) if note else (),
                ),
            )
    if subtracted > mined and not math.isclose(subtracted, mined):
        out.gap(
            category,
            "CH4",
            "NE",
            f"check data: recovered CH4 {subtracted:.6g} t exceeds estimated mining CH4 "
            f"{mined:.6g} t",
        )
