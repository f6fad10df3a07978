"""The base year (基准年) of a projection, from a computed inventory of the accounting engine.

:func:`from_inventory` turns an :class:`~carbonpeak.inventory.accounting.result.Inventory` (one
region and
year) into a :class:`BaseYear`: final energy by IPCC category and fuel (tce), CO2 by category,
power-plant fuel and generation, net imported electricity, CH4 and N2O (fugitive, energy,
other), other gases, LULUCF, GDP and population, and the inventory's totals.
:func:`~.calibrate.calibrate` fits a scenario to it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import scale, unit_of
from carbonpeak.factors import FactorBook, fuels, kinds
from carbonpeak.inventory import (
    CH4_DENSITY_T_PER_M3,
    FOSSIL_CH4,
    GROSS,
    ActivityRecord,
    Context,
    Inventory,
    Traced,
    account,
    amount,
    factor_chain,
    members,
)
from carbonpeak.scenarios.definition.units import WAN_YUAN, factor
from carbonpeak.scenarios.model import NONFOSSIL_KINDS

PERSON = "item"  # 人 (units_zh.csv: a count)
GENERATION_KINDS = {
    "electricity_generated_thermal": "thermal",
    **{f"electricity_generated_{k}": k for k in NONFOSSIL_KINDS},
}


@dataclass(frozen=True)
class BaseYear:
    """What a projection needs from one inventory year (values in tce, t, kWh, 万元, persons)."""

    region: str
    year: int
    energy: dict[str, dict[str, float]]  # IPCC category -> fuel -> tce (final use)
    co2: dict[str, float]  # IPCC category -> t CO2 (scope 1, gross: energy ... waste)
    families: dict[str, str]  # IPCC category -> family
    power_fuel: dict[str, float]  # fuel -> tce burned in power and heat plants
    generation: dict[str, float]  # technology kind -> kWh
    net_import_kwh: float | None
    ch4_fugitive: float
    lulucf_co2: float
    activity: dict[str, float]  # activity kind -> t
    gdp_wan_yuan: float | None
    population: float | None
    totals: dict[str, float]
    transformation_tce: float = 0.0
    coal_rate_gce_per_kwh: float | None = None  # 发电煤耗 (mean of the records given)
    cmm_utilised_m3: float = 0.0
    cmm_flared_m3: float = 0.0
    ch4_energy: float = 0.0  # t CH4 of fuel combustion (fossil methane, family energy)
    ch4_other: float = 0.0  # t CH4 of agriculture and waste (non-fossil)
    n2o: float = 0.0  # t N2O, scope 1, gross
    other_gases: dict[str, float] = field(default_factory=dict)  # PFCs ... (t of the gas)
    gwp_set: str = ""


def _records(inv: Inventory, region: str, year: int) -> list[ActivityRecord]:
    """The region's own records; for a region summed from its districts, the districts'
    records, except where the region has its own record of the kind (a city's published GDP or
    population), which stands instead of the district sum."""
    own = [a for a in inv.activity if a.region == region and a.year == year]
    totals = inv.totals.get((region, year))
    if own and (totals is None or not totals.derived_from_districts):
        return own
    held = {a.fuel for a in own}
    units = members(region)
    return own + [
        a for a in inv.activity if a.region in units and a.year == year and a.fuel not in held
    ]


def from_inventory(inv: Inventory, region: str, year: int) -> BaseYear:
    """The base year of ``region`` in ``year`` from a computed inventory."""
    if (region, year) not in inv.totals:
        raise InputError(f"清单中没有 / the inventory has no {region} {year}")
    acts = _from_records(inv, region, year)
    rows = _from_rows(inv, region, year)
    return BaseYear(
        region,
        year,
        {k: dict(v) for k, v in acts.energy.items()},
        dict(rows.co2),
        rows.families,
        dict(acts.power_fuel),
        dict(acts.generation),
        acts.net_import_kwh,
        rows.ch4_fugitive,
        rows.lulucf,
        dict(acts.activity),
        acts.gdp,
        acts.population,
        _totals(inv, region, year),
        acts.transformation,
        math.fsum(acts.rates) / len(acts.rates) if acts.rates else None,
        acts.cmm,
        acts.flared,
        rows.ch4_energy,
        rows.ch4_other,
        rows.n2o,
        dict(rows.others),
        inv.gwp_set,
    )


def _zeros() -> defaultdict[str, float]:
    """A sum per key, starting at 0."""
    return defaultdict(float)


@dataclass
class _Records:
    """What the activity records of the year add up to (see :class:`BaseYear` for units)."""

    energy: defaultdict[str, defaultdict[str, float]] = field(
        default_factory=lambda: defaultdict(_zeros)
    )
    power_fuel: defaultdict[str, float] = field(default_factory=_zeros)
    generation: defaultdict[str, float] = field(default_factory=_zeros)
    activity: defaultdict[str, float] = field(default_factory=_zeros)
    net_import_kwh: float | None = None
    gdp: float | None = None
    population: float | None = None
    transformation: float = 0.0
    cmm: float = 0.0
    flared: float = 0.0
    rates: list[float] = field(default_factory=list)


def _from_records(inv: Inventory, region: str, year: int) -> _Records:
    """Energy by category and fuel, plant fuel and generation, net import, GDP, population,
    发电煤耗, coal-mine methane utilised and flared, activity by kind."""
    book = FactorBook()
    ctx = Context(region, year, factor_chain(region), book)
    out = _Records()
    e_kwh = _tce_per_kwh(book)
    for rec in _records(inv, region, year):
        if rec.notation:
            continue
        fuel = fuels().get(rec.fuel)
        if fuel is not None:
            tce = amount(rec, "kWh") * e_kwh if rec.fuel == "electricity" else _tce(rec, ctx)
            # energy-balance sign: inputs to plants are negative quantities, counted positive
            if rec.use == "transformation_burned":
                if float(rec.quantity.magnitude) < 0:
                    out.power_fuel[rec.fuel] += tce
            elif rec.use == "transformation":
                out.transformation += tce
            else:
                out.energy[rec.sector][rec.fuel] += tce
        elif rec.fuel in GENERATION_KINDS:
            out.generation[GENERATION_KINDS[rec.fuel]] += amount(rec, "kWh")
        elif rec.fuel in ("electricity_imported", "electricity_exported"):
            sign = 1.0 if rec.fuel == "electricity_imported" else -1.0
            out.net_import_kwh = (out.net_import_kwh or 0.0) + sign * amount(rec, "kWh")
        elif rec.fuel == "gdp":
            out.gdp = (out.gdp or 0.0) + float(rec.quantity.magnitude) * factor(
                (unit_of(rec.quantity),), WAN_YUAN
            )
        elif rec.fuel == "population":
            out.population = (out.population or 0.0) + amount(rec, PERSON)
        elif rec.fuel == "power_coal_rate":
            out.rates.append(amount(rec, "gce/kWh"))
        elif rec.fuel == "cmm_recovered":
            out.cmm += methane_m3(rec)
        elif rec.fuel == "cmm_flared":
            out.flared += methane_m3(rec)
        elif rec.fuel in kinds() and rec.quantity.is_compatible_with("t"):
            out.activity[rec.fuel] += amount(rec, "t")
    return out


@dataclass
class _Rows:
    """The inventory's rows of the year by gas, inside its gross boundary (t of the gas)."""

    co2: defaultdict[str, float] = field(default_factory=_zeros)  # IPCC category -> t
    families: dict[str, str] = field(default_factory=dict)
    ch4_fugitive: float = 0.0
    ch4_energy: float = 0.0
    ch4_other: float = 0.0
    n2o: float = 0.0
    lulucf: float = 0.0
    others: defaultdict[str, float] = field(default_factory=_zeros)  # gas -> t


def _from_rows(inv: Inventory, region: str, year: int) -> _Rows:
    """CO2 by category, CH4 (fugitive, energy, other), N2O, other gases, LULUCF CO2."""
    out = _Rows()
    for row in inv.rows_for(region, year):
        if row.value is None:
            continue
        t = row.value.value
        if row.gas == "CO2" and row.family == "lulucf":
            out.lulucf += t
        if row.scope != 1 or row.family not in GROSS:  # the inventory's gross boundary
            continue
        if row.gas == "CO2":
            out.co2[row.category] += t
            out.families[row.category] = row.family
        elif row.gas == "CH4" and row.family == "fugitive":
            out.ch4_fugitive += t
        elif row.gas == "CH4" and row.family in FOSSIL_CH4:
            out.ch4_energy += t
        elif row.gas == "CH4":
            out.ch4_other += t
        elif row.gas == "N2O":
            out.n2o += t
        else:
            out.others[row.gas] += t
    return out


def _totals(inv: Inventory, region: str, year: int) -> dict[str, float]:
    """The inventory's totals of the year, and its energy (calorific) when computed."""
    totals = {
        name: value
        for name in ("territorial", "regional_energy_co2", "co2e_t", "co2e_gross_t")
        if (value := inv.totals[(region, year)].value(name)) is not None
    }
    calorific = inv.energy[(region, year)].total["calorific"] if inv.energy else None
    if isinstance(calorific, Traced):
        totals["energy_calorific"] = calorific.value
    return totals


def _tce_per_kwh(book: FactorBook) -> float:
    res = book.lookup("electricity", "coal_coefficient", per="kWh", gives="tce")
    if isinstance(res, Exception):
        raise res
    return res.value * scale(("kWh", res.unit), "tce")


def _tce(rec: ActivityRecord, ctx: Context) -> float:
    """tce of one fuel record (energy-balance sign), as the inventory's energy account counts."""
    total = account([rec], ctx).total["calorific"]
    if not isinstance(total, Traced):
        raise InputError(f"{rec.id}: 无法折标 / cannot convert to tce: {total.reason}")
    return total.value


def methane_m3(rec: ActivityRecord) -> float:
    """Methane utilised or flared in m³ (a mass is turned into volume as the inventory does)."""
    if rec.quantity.is_compatible_with("m**3"):
        return amount(rec, "m**3")
    if rec.quantity.is_compatible_with("t"):
        return amount(rec, "t") / CH4_DENSITY_T_PER_M3
    raise InputError(f"{rec.id}: 单位应为体积或质量 / {rec.fuel} needs a volume or mass unit")
