"""Total energy consumption (能源消费总量) in tce of a region and year, by two methods.

Fossil and other fuels: Σ quantity × 折标准煤系数 (GB/T 2589 / yearbook coefficients). Where a
fuel has no coefficient, its NCV ÷ 29.3076 GJ/tce is used and the trace says so. Energy-balance
signs: final consumption, non-energy use and losses count; transformation inputs count; fossil
transformation outputs (coke, coke-oven gas ... made in the region) are subtracted, so the
total is final use + conversion losses, as in the balance. Electricity and heat consumed are
secondary and not added: they are counted through their primary inputs and net imports.

Electricity from outside the fuel balance:

- primary (non-fossil) electricity generated in the region: hydro, wind, solar, nuclear, biomass;
- net imported electricity (imported − exported; negative for a net exporter);

both × 0.1229 kgce/kWh (电热当量法, calorific method) or × that year's 发电煤耗 (coal-equivalent
method; ``power_coal_rate`` must be supplied, otherwise that method is not available).
Non-fossil energy = primary electricity + ``nonfossil_energy_other`` (tce). Net imported
electricity is counted in the total but in neither the coal nor the non-fossil part (its mix is
not known).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from carbonpeak.core.errors import FactorNotFound
from carbonpeak.core.units import scale, unit_of
from carbonpeak.factors import fuels
from carbonpeak.inventory.accounting.context import Context, amount, is_a, use
from carbonpeak.inventory.accounting.result import EnergyAccount
from carbonpeak.inventory.accounting.trace import (
    FactorUse,
    Measure,
    NotAvailable,
    Step,
    Traced,
    total,
)
from carbonpeak.inventory.model import ActivityRecord

METHODS = ("calorific", "coal_equivalent")
SIGNED = ("transformation", "transformation_burned")
NO_FLOWS = "no electricity import/export records: net import not included"
ELEC_FORMULA = {
    "calorific": "(primary electricity + net import) × 0.1229 kgce/kWh (电热当量法)",
    "coal_equivalent": "(primary electricity + net import) × 发电煤耗 of the year (发电煤耗法)",
}
PRIMARY = tuple(
    f"electricity_generated_{k}" for k in ("hydro", "wind", "solar", "nuclear", "biomass")
)


def _fuel_tce(rec: ActivityRecord, ctx: Context) -> Traced | str:
    """The record's contribution in tce (energy-balance sign), or why it cannot be given."""
    q = float(rec.quantity.magnitude)
    qty = -q if rec.use in SIGNED else q  # inputs are negative, products positive
    unit = unit_of(rec.quantity)
    steps = [Step("quantity (counted)", qty, unit)]
    if is_a(rec, "tce"):
        value = qty * scale((unit,), "tce")
        steps.append(Step("tce", value, "tce"))
        return Traced(value, "tce", "tce = energy as given", (rec.id,), (), tuple(steps))
    res = ctx.factor(rec.fuel, "coal_coefficient", per=unit, gives="tce")
    if not isinstance(res, FactorNotFound):
        value = qty * res.value * scale((unit, res.unit), "tce")
        steps.append(Step("tce", value, "tce"))
        factors = (use("standard-coal coefficient", res),)
        formula = "tce = quantity × standard-coal coefficient"
        return Traced(value, "tce", formula, (rec.id,), factors, tuple(steps))
    ncv = ctx.factor(rec.fuel, "ncv", per=unit, gives="GJ")
    if isinstance(ncv, FactorNotFound):
        return f"{rec.fuel}: no standard-coal coefficient and no NCV"
    gj = qty * ncv.value * scale((unit, ncv.unit), "GJ")
    value = gj * scale(("GJ",), "tce")
    steps += [Step("energy", gj, "GJ"), Step("tce", value, "tce")]
    return Traced(
        value,
        "tce",
        "tce = quantity × NCV ÷ 29.3076 GJ/tce",
        (rec.id,),
        (use("NCV", ncv),),
        tuple(steps),
        notes=(f"{rec.fuel}: no standard-coal coefficient in the sets; derived from its NCV",),
    )


def _flows(records: Sequence[ActivityRecord], kinds: tuple[str, ...]) -> list[ActivityRecord]:
    return [r for r in records if r.fuel in kinds and not r.notation]


def _electricity(
    records: Sequence[ActivityRecord], ctx: Context, method: str
) -> tuple[Traced, Traced] | str:
    """(electricity term of the total, its primary non-fossil part) in tce, or why not."""
    primary_recs = _flows(records, PRIMARY)
    imports = _flows(records, ("electricity_imported",))
    exports = _flows(records, ("electricity_exported",))
    primary = math.fsum(amount(r, "kWh") for r in primary_recs)
    net = math.fsum(amount(r, "kWh") for r in imports) - math.fsum(
        amount(r, "kWh") for r in exports
    )
    ids = tuple(r.id for r in (*primary_recs, *imports, *exports))
    factors: tuple[FactorUse, ...] = ()
    if method == "calorific":
        res = ctx.factor("electricity", "coal_coefficient", per="kWh", gives="tce")
        if isinstance(res, FactorNotFound):
            return f"no calorific coefficient for electricity: {res}"
        k = res.value * scale(("kWh", res.unit), "tce")
        factors = (use("electricity calorific equivalent", res),)
    else:
        rates = _flows(records, ("power_coal_rate",))
        if not rates:
            if primary or net:
                return "coal-equivalent method needs power_coal_rate (发电煤耗) for the year"
            k = 0.0
        else:
            k = float(rates[0].quantity.magnitude) * scale((unit_of(rates[0].quantity),), "tce/kWh")
            ids = (*ids, rates[0].id)
    value = (primary + net) * k
    notes = () if imports or exports else (NO_FLOWS,)
    steps = (
        Step("primary electricity", primary, "kWh"),
        Step("net import", net, "kWh"),
        Step("coefficient", k, "tce/kWh"),
        Step("electricity", value, "tce"),
    )
    elec = Traced(value, "tce", ELEC_FORMULA[method], ids, factors, steps, notes=notes)
    primary_ids = tuple(r.id for r in primary_recs)
    part = Traced(primary * k, "tce", "primary electricity × coefficient", primary_ids, factors)
    return elec, part


def account(records: Sequence[ActivityRecord], ctx: Context) -> EnergyAccount:
    """The energy account of one region and year from its activity records."""
    table = fuels()
    fuel_parts: list[Traced] = []
    coal_parts: list[Traced] = []
    problems: list[str] = []
    for rec in records:
        fuel = table.get(rec.fuel)
        if rec.notation or fuel is None or fuel.secondary:
            continue
        part = _fuel_tce(rec, ctx)
        if isinstance(part, str):
            problems.append(part)
            continue
        fuel_parts.append(part)
        if fuel.fuel_class == "coal":
            coal_parts.append(part)
    other = [
        Traced(amount(r, "tce"), "tce", "non-fossil energy given in tce", (r.id,))
        for r in _flows(records, ("nonfossil_energy_other",))
    ]
    totals: dict[str, Measure] = {}
    nonfossil: dict[str, Measure] = {}
    for method in METHODS:
        elec = _electricity(records, ctx, method)
        reasons = [*problems, *([elec] if isinstance(elec, str) else [])]
        if isinstance(elec, str) or reasons:
            totals[method] = nonfossil[method] = NotAvailable("; ".join(reasons), "tce")
            continue
        term, primary = elec
        nonfossil[method] = total(
            [primary, *other], unit="tce", formula="primary electricity + other non-fossil"
        )
        totals[method] = total(
            [*fuel_parts, term, *other],
            unit="tce",
            formula=f"fuels + electricity ({method}) + other non-fossil",
        )
    coal: Measure = (
        NotAvailable("; ".join(problems), "tce")
        if problems
        else total(coal_parts, unit="tce", formula="Σ coal and coal products (net of products)")
    )
    return EnergyAccount(ctx.region, ctx.year, totals, coal, nonfossil)


def combine(region: str, year: int, accounts: Sequence[EnergyAccount]) -> EnergyAccount:
    """A city account as the sum of its districts' accounts."""

    def add(items: Sequence[Measure], what: str) -> Measure:
        missing = [m.reason for m in items if isinstance(m, NotAvailable)]
        if missing:
            return NotAvailable(f"a district's {what} is not available: {'; '.join(missing)}")
        parts = [m for m in items if isinstance(m, Traced)]
        return total(parts, unit="tce", formula=f"Σ districts ({what})")

    return EnergyAccount(
        region,
        year,
        {m: add([a.total[m] for a in accounts], f"energy {m}") for m in METHODS},
        add([a.coal for a in accounts], "coal"),
        {m: add([a.nonfossil[m] for a in accounts], f"non-fossil {m}") for m in METHODS},
    )
