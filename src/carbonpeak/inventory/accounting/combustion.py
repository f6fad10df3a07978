"""Fuel combustion (1.A): CO2 = 消耗量 × 低位发热量 × 单位热值含碳量 × 碳氧化率 × 44/12,
CH4 and N2O = energy × factor of the sector class (IPCC defaults).

What is counted (no double counting; see :mod:`carbonpeak.inventory.accounting.sectors`):

- final consumption (``combustion``) and the inputs of power and heat plants
  (``transformation_burned``, negative in the energy balance) are burned: counted;
- inputs to coking, refining, gas making, coal washing (``transformation``) are converted, not
  burned: their carbon is counted where the coke, gas and oil products are burned, and those
  products are not counted again at production (carbon lost in conversion is not estimated,
  as in CEADs);
- non-energy use and losses: not combustion;
- electricity and heat give no scope-1 CO2 where used (scope 2, see :mod:`.electricity`).

The CO2 path is chosen by precedence among: carbon content (with NCV and oxidation), a CO2 factor
per unit of energy (with NCV; IPCC factors assume oxidation 1), a CO2 factor per physical unit
(already including oxidation). The best-ranked record decides; on a tie the carbon-content chain
(China's formula) is used. Under an accounting method (核算方法) the method's own documents come
before gap fillers and the method names its path order (``ipcc-2006``: the Table 1.4 CO2 factor;
the Chinese methods: the carbon-content chain). Paths not taken are named in the trace notes.
"""

from __future__ import annotations

from collections.abc import Sequence

from carbonpeak.core.errors import FactorNotFound
from carbonpeak.core.units import scale, unit_of
from carbonpeak.factors import CO2_PATHS, Fuel, Resolution, fuels
from carbonpeak.inventory.accounting.context import C_TO_CO2, Collector, Context, is_a, use
from carbonpeak.inventory.accounting.trace import Step, Traced
from carbonpeak.inventory.model import ActivityRecord

ENERGY = "GJ"
_NOT_BURNED = {
    "transformation": "transformation input/output: carbon counted where the products are burned",
    "non_energy": "non-energy use (feedstock): no combustion CO2",
    "loss": "loss: no combustion CO2",
}


def compute(records: Sequence[ActivityRecord], ctx: Context, out: Collector) -> None:
    """Add CO2, CH4 and N2O of every burned fuel record to ``out``."""
    table = fuels()
    for rec in records:
        fuel = table[rec.fuel]
        if rec.use in _NOT_BURNED:
            out.exclude(rec, _NOT_BURNED[rec.use])
            continue
        qty = float(rec.quantity.magnitude)
        if rec.use == "transformation_burned":
            if qty >= 0:
                out.exclude(rec, "transformation output (generation): not an emission")
                continue
            qty = -qty  # energy-balance inputs are negative
        if fuel.secondary:
            continue  # scope 2: electricity.py
        if not fuel.fossil:
            out.gap(rec.sector, "CO2", "NE", f"{fuel.name_zh} {fuel.id}: not a fossil fuel")
            continue
        memo: list[EnergyResult] = []  # quantity x NCV, worked out once per record
        _co2(rec, fuel, qty, ctx, out, memo)
        for gas in ("CH4", "N2O"):
            _other_gas(rec, fuel, qty, gas, ctx, out, memo)


EnergyResult = tuple[float, tuple[Step, ...], Resolution | None] | str


def _energy(
    rec: ActivityRecord, fuel: Fuel, qty: float, ctx: Context, memo: list[EnergyResult]
) -> EnergyResult:
    """Energy in GJ: the quantity itself if given as energy, else quantity × NCV (or why not).
    ``memo`` (empty or holding the result) spares the second and third gas the same work."""
    if memo:
        return memo[0]
    memo.append(_energy_of(rec, fuel, qty, ctx))
    return memo[0]


def _energy_of(rec: ActivityRecord, fuel: Fuel, qty: float, ctx: Context) -> EnergyResult:
    unit = unit_of(rec.quantity)
    if is_a(rec, ENERGY):
        value = qty * scale((unit,), ENERGY)
        return value, (Step("energy (given)", value, ENERGY),), None
    ncv = ctx.factor(fuel.id, "ncv", per=unit, gives=ENERGY)
    if isinstance(ncv, FactorNotFound):
        return str(ncv)
    value = qty * ncv.value * scale((unit, ncv.unit), ENERGY)
    return value, (Step("energy = quantity × NCV", value, ENERGY),), ncv


def _co2(
    rec: ActivityRecord,
    fuel: Fuel,
    qty: float,
    ctx: Context,
    out: Collector,
    memo: list[EnergyResult],
) -> None:
    unit = unit_of(rec.quantity)
    # the sector is part of the question only where a record is sector-specific (the CEADs
    # implied factors of coal products differ by sector); a generic record answers any sector
    sector = rec.sector
    cc = ctx.factor(fuel.id, "carbon_content", category=sector, gas="C", per=ENERGY, gives="t")
    ef_energy = ctx.factor(fuel.id, "co2_factor", category=sector, gas="CO2", per=ENERGY, gives="t")
    ef_direct = ctx.factor(fuel.id, "co2_factor", category=sector, gas="CO2", per=unit, gives="t")
    options: list[tuple[tuple[int, ...], int, str, Resolution]] = []
    for pref, (path, res) in enumerate(
        (("chain", cc), ("energy_factor", ef_energy), ("direct", ef_direct))
    ):
        if isinstance(res, Resolution):
            options.append((res.rank[:4], pref, path, res))
    if not options:
        out.gap(rec.sector, "CO2", "NE", f"no CO2 factor or carbon content for {fuel.id}: {cc}")
        return
    method = ctx.book.method
    if method is None:
        options.sort(key=lambda o: (o[0], o[1]))
    else:
        # under a method: a measured/user value first, then the method's own document before a
        # gap filler, then the method's preferred path (IPCC: Table 1.4 factor; China: chain)
        options.sort(
            key=lambda o: (
                0 if o[3].record.tier in ("measured", "city") else 1,
                1 if o[3].filled else 0,
                method.co2_paths.index(o[2]) if o[2] in method.co2_paths else len(CO2_PATHS),
            )
        )
    _, _, path, res = options[0]
    not_taken = tuple(
        f"{other_path} path not used: {other.record.id} ranks after {res.record.id}"
        for _, _, other_path, other in options[1:]
        if other.record.id != res.record.id
    )
    steps: list[Step] = [Step("quantity", qty, unit)]
    factors = []
    if path == "direct":
        co2 = qty * res.value * scale((unit, res.unit), "t")
        formula = "CO2 = quantity × CO2 factor"
        factors.append(use("CO2 factor", res))
    else:
        energy = _energy(rec, fuel, qty, ctx, memo)
        if isinstance(energy, str):
            out.gap(rec.sector, "CO2", "NE", f"{fuel.id}: no NCV ({energy})")
            return
        gj, energy_steps, ncv = energy
        steps += energy_steps
        if ncv is not None:
            factors.append(use("NCV", ncv))
        if path == "energy_factor":
            co2 = gj * res.value * scale((ENERGY, res.unit), "t")
            formula = "CO2 = quantity × NCV × CO2 factor per energy (oxidation 1 in the factor)"
            factors.append(use("CO2 factor", res))
        else:
            of = ctx.factor(fuel.id, "oxidation", category=sector)
            if isinstance(of, FactorNotFound):
                out.gap(rec.sector, "CO2", "NE", f"{fuel.id}: no oxidation rate ({of})")
                return
            carbon = gj * res.value * scale((ENERGY, res.unit), "t")
            oxidised = carbon * of.value * scale((of.unit,), "dimensionless")
            co2 = oxidised * C_TO_CO2
            steps += [
                Step("carbon = energy × carbon content", carbon, "t C"),
                Step("oxidised carbon = carbon × oxidation", oxidised, "t C"),
            ]
            formula = "CO2 = quantity × NCV × carbon content × oxidation × 44/12"
            factors += [use("carbon content", res), use("oxidation", of)]
    steps.append(Step("CO2", co2, "t"))
    out.add(
        rec.sector,
        "CO2",
        Traced(
            value=co2,
            unit="t",
            formula=formula,
            activity_ids=(rec.id,),
            factors=tuple(factors),
            steps=tuple(steps),
            notes=not_taken,
        ),
    )


def _other_gas(
    rec: ActivityRecord,
    fuel: Fuel,
    qty: float,
    gas: str,
    ctx: Context,
    out: Collector,
    memo: list[EnergyResult],
) -> None:
    parameter = "ch4_factor" if gas == "CH4" else "n2o_factor"
    unit = unit_of(rec.quantity)
    direct = ctx.factor(fuel.id, parameter, category=rec.sector, gas=gas, per=unit, gives="t")
    per_energy = ctx.factor(fuel.id, parameter, category=rec.sector, gas=gas, per=ENERGY, gives="t")
    if isinstance(direct, Resolution) and (
        not isinstance(per_energy, Resolution) or direct.rank[:4] < per_energy.rank[:4]
    ):
        value = qty * direct.value * scale((unit, direct.unit), "t")
        steps: tuple[Step, ...] = (Step("quantity", qty, unit), Step(gas, value, "t"))
        formula, factors = f"{gas} = quantity × {gas} factor", (use(f"{gas} factor", direct),)
    elif isinstance(per_energy, Resolution):
        energy = _energy(rec, fuel, qty, ctx, memo)
        if isinstance(energy, str):
            out.gap(rec.sector, gas, "NE", f"{fuel.id}: no NCV ({energy})")
            return
        gj, energy_steps, ncv = energy
        value = gj * per_energy.value * scale((ENERGY, per_energy.unit), "t")
        steps = (Step("quantity", qty, unit), *energy_steps, Step(gas, value, "t"))
        formula = f"{gas} = quantity × NCV × {gas} factor of the sector class"
        factors = (*((use("NCV", ncv),) if ncv else ()), use(f"{gas} factor", per_energy))
    else:
        out.gap(rec.sector, gas, "NE", f"no {gas} factor for {fuel.id} in {rec.sector}")
        return
    out.add(
        rec.sector,
        gas,
        Traced(value, "t", formula, (rec.id,), factors, steps),
    )
