"""Emission and conversion factors for projections, taken from the accounting engine itself.

No factor is copied here: each question ("t CO2 per tce of coke burned in 1.A.2.a in Guizhou,
2020") is answered by running the inventory engine
(:func:`carbonpeak.inventory.accounting.engine.calculate`)
on one unit of activity, so the projection uses exactly the factor records, precedence and
formulas of the inventory (factor library ``src/carbonpeak/factors/``). Answers are cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import quantity, scale
from carbonpeak.factors import FactorBook, fuels, gwp, kinds
from carbonpeak.inventory import MINES, ActivityRecord, Inventory, Traced, calculate

POWER_CATEGORY = "1.A.1.a"


@dataclass(frozen=True, slots=True)
class FuelFactor:
    """Per tce of a fuel burned in a category: tCO2, tCH4, tN2O (from the inventory engine)."""

    fuel: str
    category: str
    co2: float
    ch4: float
    n2o: float


@dataclass(frozen=True, slots=True)
class MineFactor:
    """t CH4 per t of coal output of a mine gas class (from the inventory engine, 1.B.1.a)."""

    kind: str
    mining: float  # 1.B.1.a.i.1 / ii.1
    post_mining: float  # 1.B.1.a.i.2 / ii.2

    @property
    def total(self) -> float:
        return self.mining + self.post_mining


def _one(
    region: str, year: int, sector: str, fuel: str, amount: float, unit: str, use: str
) -> Inventory:
    rec = ActivityRecord(region, year, sector, fuel, quantity(amount, unit), "scenario", use=use)
    return calculate([rec])


def _gas(inv: Inventory, region: str, year: int, gas: str, categories: tuple[str, ...]) -> float:
    return sum(
        r.value.value
        for r in inv.rows_for(region, year)
        if r.gas == gas and r.value is not None and r.category in categories
    )


@lru_cache(maxsize=1024)
def fuel_factor(fuel: str, category: str, region: str, year: int) -> FuelFactor:
    """Emissions per tce of ``fuel`` burned in ``category`` (power plants: ``1.A.1.a``)."""
    info = fuels().get(fuel)
    if info is None:
        raise InputError(f"未知燃料 / unknown fuel {fuel!r}")
    power = category == POWER_CATEGORY
    amount, use = (-1.0, "transformation_burned") if power else (1.0, "combustion")
    inv = _one(region, year, category, fuel, amount, info.default_unit, use)
    energy = inv.energy[(region, year)].total["calorific"]
    if not isinstance(energy, Traced) or energy.value == 0:
        why = getattr(energy, "reason", "zero energy")
        raise InputError(
            f"燃料 {fuel} 无折标系数 / fuel {fuel} has no standard-coal conversion in the factor "
            f"library ({why}); use another fuel id (e.g. natural_gas as a stated proxy)"
        )
    tce = energy.value
    co2 = _gas(inv, region, year, "CO2", (category,))
    if co2 == 0 and info.fossil:
        raise InputError(f"没有 {fuel} 的CO2因子 / no CO2 factor for {fuel} in {category}")
    return FuelFactor(
        fuel,
        category,
        co2 / tce,
        _gas(inv, region, year, "CH4", (category,)) / tce,
        _gas(inv, region, year, "N2O", (category,)) / tce,
    )


@lru_cache(maxsize=256)
def process_factor(kind: str, region: str, year: int) -> float:
    """tCO2 per tonne of an activity kind (``clinker``), via the inventory engine."""
    k = kinds().get(kind)
    if k is None:
        raise InputError(f"未知活动类型 / unknown activity kind {kind!r}")
    inv = _one(region, year, k.category, kind, 1.0, "t", "combustion")
    value = _gas(inv, region, year, "CO2", (k.category,))
    if value == 0:
        raise InputError(f"因子库没有 {kind} 的过程排放因子 / no process factor for {kind}")
    return value


@lru_cache(maxsize=64)
def grid_factor(region: str, year: int) -> float:
    """tCO2 per kWh of net imported electricity (the inventory's net-import memo factor)."""
    inv = _one(region, year, "", "electricity_imported", 1.0, "kWh", "combustion")
    row = inv.row(region, year, "M.electricity_net_import", "CO2")
    if row is None or row.value is None:
        raise InputError(f"没有电网排放因子 / no grid factor for {region} {year}")
    return row.value.value


@lru_cache(maxsize=8)
def electricity_tce_per_kwh() -> float:
    """电热当量 calorific equivalent of electricity (tce/kWh), from the factor library."""
    res = FactorBook().lookup("electricity", "coal_coefficient", per="kWh", gives="tce")
    if isinstance(res, Exception):
        raise res
    return res.value * scale(("kWh", res.unit), "tce")


@lru_cache(maxsize=8)
def gwp_ch4(gwp_set: str) -> float:
    """GWP of fossil methane (coal-mine methane) in the set."""
    return gwp("CH4", gwp_set, fossil=True).value


@lru_cache(maxsize=64)
def mine_factor(kind: str, region: str, year: int) -> MineFactor:
    """CH4 per t of coal output of mine class ``kind`` (mining + post-mining), as the inventory
    computes 1.B.1.a (IPCC 2006 Tier 1 defaults unless a measured factor overrides them)."""
    if kind not in MINES:
        raise InputError(f"未知矿井类型 / unknown mine class {kind!r} (known: {', '.join(MINES)})")
    inv = _one(region, year, kinds()[kind].category, kind, 1.0, "t", "combustion")
    values = []
    for category in MINES[kind]:
        row = inv.row(region, year, category, "CH4")
        if row is None or row.value is None:
            why = row.explanation if row is not None else "no row"
            raise InputError(
                f"没有 {kind} 的甲烷因子 / no CH4 factor for {kind} in {category} for "
                f"{region} {year} ({why})"
            )
        values.append(row.value.value)
    return MineFactor(kind, values[0], values[1])


#: The mine class used to ask the engine how much CH4 a volume of utilised methane removes.
_RECOVERY_PROBE = "coal_output_high_gas"


@lru_cache(maxsize=64)
def recovered_ch4_per_m3(region: str, year: int) -> float:
    """t CH4 subtracted per m³ of drained methane utilised (``cmm_recovered``), as the
    inventory subtracts it: mining CH4 of 1 t of coal − the same with 1 m³ utilised."""
    mined = mine_factor(_RECOVERY_PROBE, region, year).mining
    recs = [
        ActivityRecord(region, year, "", _RECOVERY_PROBE, quantity(1.0, "t"), "scenario"),
        ActivityRecord(region, year, "", "cmm_recovered", quantity(1.0, "m**3"), "scenario"),
    ]
    inv = calculate(recs)
    net = _gas(inv, region, year, "CH4", (MINES[_RECOVERY_PROBE][0],))
    if not mined > net:
        raise InputError(
            f"清单未扣除瓦斯利用量 / the inventory subtracts no utilised methane ({region})"
        )
    return mined - net
