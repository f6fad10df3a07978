"""The base year (基准年) of a projection, from a computed inventory of the accounting engine.

:func:`from_inventory` turns an :class:`~carbonpeak.inventory.model.Inventory` (one region and
year) into a :class:`BaseYear`: final energy by IPCC category and fuel (tce), CO2 by category,
power-plant fuel and generation, net imported electricity, CH4 and N2O (fugitive, energy,
other), other gases, LULUCF, GDP and population, and the inventory's totals. :func:`calibrate`
fits a scenario to it, as LEAP users calibrate Current Accounts: branch intensities, fuel
shares, utilisation hours and heat rates are set from the inventory; each branch's emissions are
scaled by k = inventory ÷ model in the base year (held for all years); categories no branch
stands for are carried at their base-year value (``other``), and so are the CH4 and N2O the
branches do not give (categories without a branch, agriculture, waste) and the other gases
(PFCs). Coal-mine methane uses the engine's own 1.B.1.a factors, mine-class mix and utilised
methane. The projection's base year then equals the inventory: CO2, CH4, N2O and CO2e (tested).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import scale, unit_of
from carbonpeak.factors import FactorBook, fuels, kinds
from carbonpeak.inventory import (
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
from carbonpeak.scenarios.definition import expressions as ex
from carbonpeak.scenarios.definition.units import WAN_YUAN, factor
from carbonpeak.scenarios.model import (
    NONFOSSIL_KINDS,
    DemandBranch,
    FuelShare,
    MineShare,
    Scenario,
    Variable,
)
from carbonpeak.scenarios.projection import gases

if TYPE_CHECKING:
    from carbonpeak.scenarios.projection.engine import Result

POWER = "1.A.1.a"

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
    own = [a for a in inv.activity if a.region == region and a.year == year]
    if own:
        return own
    units = members(region)
    return [a for a in inv.activity if a.region in units and a.year == year]


def from_inventory(inv: Inventory, region: str, year: int) -> BaseYear:
    """The base year of ``region`` in ``year`` from a computed inventory."""
    if (region, year) not in inv.totals:
        raise InputError(f"清单中没有 / the inventory has no {region} {year}")
    book = FactorBook()
    ctx = Context(region, year, factor_chain(region), book)
    energy: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    power_fuel: dict[str, float] = defaultdict(float)
    generation: dict[str, float] = defaultdict(float)
    activity: dict[str, float] = defaultdict(float)
    net: float | None = None
    gdp = pop = None
    transformation = 0.0
    cmm = flared = 0.0
    rates: list[float] = []
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
                    power_fuel[rec.fuel] += tce
            elif rec.use == "transformation":
                transformation += tce
            else:
                energy[rec.sector][rec.fuel] += tce
        elif rec.fuel in GENERATION_KINDS:
            generation[GENERATION_KINDS[rec.fuel]] += amount(rec, "kWh")
        elif rec.fuel in ("electricity_imported", "electricity_exported"):
            sign = 1.0 if rec.fuel == "electricity_imported" else -1.0
            net = (net or 0.0) + sign * amount(rec, "kWh")
        elif rec.fuel == "gdp":
            gdp = (gdp or 0.0) + float(rec.quantity.magnitude) * factor(
                (unit_of(rec.quantity),), WAN_YUAN
            )
        elif rec.fuel == "population":
            pop = (pop or 0.0) + amount(rec, PERSON)
        elif rec.fuel == "power_coal_rate":
            rates.append(amount(rec, "gce/kWh"))
        elif rec.fuel in ("cmm_recovered", "cmm_flared"):
            m3 = gases.methane_m3(rec)
            cmm, flared = (cmm + m3, flared) if rec.fuel == "cmm_recovered" else (cmm, flared + m3)
        elif rec.fuel in kinds() and rec.quantity.is_compatible_with("t"):
            activity[rec.fuel] += amount(rec, "t")
    co2: dict[str, float] = defaultdict(float)
    families: dict[str, str] = {}
    ch4 = ch4_energy = ch4_other = n2o = lulucf = 0.0
    others: dict[str, float] = defaultdict(float)
    for row in inv.rows_for(region, year):
        if row.value is None:
            continue
        t = row.value.value
        if row.gas == "CO2" and row.family == "lulucf":
            lulucf += t
        if row.scope != 1 or row.family not in GROSS:  # the inventory's gross boundary
            continue
        if row.gas == "CO2":
            co2[row.category] += t
            families[row.category] = row.family
        elif row.gas == "CH4" and row.family == "fugitive":
            ch4 += t
        elif row.gas == "CH4" and row.family in FOSSIL_CH4:
            ch4_energy += t
        elif row.gas == "CH4":
            ch4_other += t
        elif row.gas == "N2O":
            n2o += t
        else:
            others[row.gas] += t
    totals = {
        name: value
        for name in ("territorial", "regional_energy_co2", "co2e_t", "co2e_gross_t")
        if (value := inv.totals[(region, year)].value(name)) is not None
    }
    calorific = inv.energy[(region, year)].total["calorific"] if inv.energy else None
    if isinstance(calorific, Traced):
        totals["energy_calorific"] = calorific.value
    return BaseYear(
        region,
        year,
        {k: dict(v) for k, v in energy.items()},
        dict(co2),
        families,
        dict(power_fuel),
        dict(generation),
        net,
        ch4,
        lulucf,
        dict(activity),
        gdp,
        pop,
        totals,
        transformation,
        math.fsum(rates) / len(rates) if rates else None,
        cmm,
        flared,
        ch4_energy,
        ch4_other,
        n2o,
        dict(others),
        inv.gwp_set,
    )


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


# ---------------------------------------------------------------- calibration


@dataclass
class Calibration:
    """How a scenario was fitted to its base-year inventory (shown with the results)."""

    region: str
    year: int
    bases: dict[str, float] = field(default_factory=dict)
    k: dict[str, float] = field(default_factory=dict)
    k_process: dict[str, float] = field(default_factory=dict)
    extra_fuels: dict[str, tuple[FuelShare, ...]] = field(default_factory=dict)
    statistical_difference_kwh: float = 0.0
    other_co2: float = 0.0
    other_process_co2: float = 0.0
    other_energy: float = 0.0
    other_sinks: float = 0.0
    k_fugitive: float = 1.0
    extra_mines: dict[str, tuple[MineShare, ...]] = field(default_factory=dict)
    cmm_flared_m3: float = 0.0
    other_ch4: float = 0.0  # t fossil CH4 (combustion) no branch gives, held
    other_ch4_nonfossil: float = 0.0  # t CH4 of agriculture and waste, held
    other_n2o: float = 0.0  # t N2O no branch gives, held
    other_gases: dict[str, float] = field(default_factory=dict)  # t of PFCs ..., held
    notes: list[str] = field(default_factory=list)


def _in_unit(value: float, canonical: str, unit: str) -> float:
    return value * factor((canonical,), unit)


def calibrate(
    scenario: Scenario, base: BaseYear, project: Callable[[Calibration], Result]
) -> Calibration:
    """Fit ``scenario`` to ``base`` (``project`` runs the model with a calibration)."""
    if base.year != scenario.base_year:
        raise InputError(
            f"基准年不一致 / base year {base.year} of the inventory ≠ scenario base year "
            f"{scenario.base_year}"
        )
    cal = Calibration(base.region, base.year)
    keys = scenario.key_assumptions
    if "gdp" in keys and base.gdp_wan_yuan:
        cal.bases[keys["gdp"].path] = _in_unit(base.gdp_wan_yuan, WAN_YUAN, keys["gdp"].unit)
    if "population" in keys and base.population:
        cal.bases[keys["population"].path] = _in_unit(
            base.population, PERSON, keys["population"].unit
        )
    mapped: set[str] = {POWER}
    for b in scenario.demand:
        mapped.update(b.categories)
        mix: dict[str, float] = defaultdict(float)
        for cat in b.categories:
            for fuel, tce in base.energy.get(cat, {}).items():
                mix[fuel] += tce
        total = math.fsum(mix.values())
        if b.process_kind:
            mapped.add(kinds()[b.process_kind].category)
        if b.output and b.output in base.activity:
            cal.bases[b.activity.path] = _in_unit(base.activity[b.output], "t", b.activity.unit)
        if total <= 0:
            _absent(b, cal)
            continue
        act = cal.bases.get(b.activity.path, b.activity.base)
        if not act:
            raise InputError(
                f"{b.activity.where} {b.activity.path}: 需要基准年活动水平 / needs "
                "a base-year activity (write `base:`)"
            )
        cal.bases[b.intensity.path] = total / (
            act * scale((b.activity.unit, b.intensity.unit), "tce")
        )
        listed = {f.fuel for f in b.fuels}
        for f in b.fuels:
            if f.share is not None:
                cal.bases[f.share.path] = 100.0 * mix.get(f.fuel, 0.0) / total
        extra = []
        for fuel, tce in mix.items():
            if fuel not in listed:
                path = f"demand.{b.key}.fuels.{fuel}"
                extra.append(
                    FuelShare(
                        fuel,
                        Variable(
                            path,
                            "percent",
                            ex.Name("base"),
                            "base",
                            100.0 * tce / total,
                            "inventory",
                        ),
                    )
                )
                cal.notes.append(f"{path}: in the inventory, not in the scenario; share held")
        cal.extra_fuels[b.key] = tuple(extra)
    _power_bases(scenario, base, cal)
    p = scenario.power
    if base.coal_rate_gce_per_kwh:
        cal.bases[p.coal_rate.path] = base.coal_rate_gce_per_kwh * factor(
            ("gce/kWh",), p.coal_rate.unit
        )
    gases.fugitive_bases(scenario, base, cal)
    first = project(cal)
    i = 0
    for b in scenario.demand:
        inv = math.fsum(base.co2.get(c, 0.0) for c in b.categories if c != POWER)
        cal.k[b.key] = _ratio(inv, float(first.co2_by_sector[b.key][..., i]), f"demand.{b.key}")
        if b.process_kind:
            cat = kinds()[b.process_kind].category
            model = float(first.co2_by_sector[f"{b.key}.process"][..., i])
            cal.k_process[b.key] = _ratio(base.co2.get(cat, 0.0), model, f"{b.key}.process")
    cal.k["power"] = _ratio(
        base.co2.get(POWER, 0.0), float(first.co2_by_sector["power"][i]), "power"
    )
    for cat, value in base.co2.items():
        if cat not in mapped:
            if base.families.get(cat) == "energy":
                cal.other_co2 += value
            else:
                cal.other_process_co2 += value
    if cal.other_co2 or cal.other_process_co2:
        cal.notes.append(
            "categories without a branch are held at their base-year CO2: "
            f"{', '.join(sorted(c for c in base.co2 if c not in mapped))}"
        )
    if base.net_import_kwh is not None:
        cal.statistical_difference_kwh = base.net_import_kwh - float(first.net_import_kwh[i])
    fug = float(first.gases["CH4_fugitive"][i])
    if base.ch4_fugitive == 0 and fug:
        cal.notes.append(
            "the inventory has no coal-mine methane (1.B.1.a): the scenario's coal output is "
            "used with the engine's factors, so CH4 and CO2e differ from the inventory"
        )
    else:
        cal.k_fugitive = _ratio(base.ch4_fugitive, fug, "fugitive") if fug else 1.0
    gases.other_gases(base, first, cal, i)
    cal.other_sinks = base.lulucf_co2 - float(first.totals["sinks"][i])
    second = project(cal)
    if "energy_calorific" in base.totals:
        cal.other_energy = base.totals["energy_calorific"] - float(
            second.energy_total["calorific"][i]
        )
    return cal


def _ratio(inventory: float, model: float, what: str) -> float:
    if model == 0:
        if inventory == 0:
            return 1.0
        raise InputError(
            f"{what}: 清单有排放而模型为零 / the inventory has {inventory:.6g} t CO2 "
            "but the branch gives none in the base year"
        )
    return inventory / model


def _absent(b: DemandBranch, cal: Calibration) -> None:
    """A branch with no energy in the inventory: YAML bases where written, else zero."""
    filled = []
    for v in (b.activity, b.intensity, *(f.share for f in b.fuels if f.share)):
        if v.base is None and v.path not in cal.bases:
            cal.bases[v.path] = 0.0
            filled.append(v.path.rsplit(".", 1)[-1])
    how = f"; zero base for {', '.join(filled)}" if filled else "; YAML base values used"
    cal.notes.append(f"demand.{b.key}: no energy in the inventory{how}")


def _power_bases(scenario: Scenario, base: BaseYear, cal: Calibration) -> None:
    techs = scenario.power.technologies
    for kind in {t.kind for t in techs if t.hours is not None}:
        gen = base.generation.get(kind)
        group = [t for t in techs if t.kind == kind and t.hours is not None]
        cap = sum((t.capacity.base or 0.0) * scale((t.capacity.unit,), "kW") for t in group)
        if not gen:  # none of this kind in the region (a district without such plants)
            for t in group:
                for v in (t.hours, t.heat_rate):
                    if v is not None and v.base is None:
                        cal.bases[v.path] = 0.0
            continue
        if not cap:
            continue
        for t in group:
            assert t.hours is not None
            cal.bases[t.hours.path] = gen / cap * scale(("h",), t.hours.unit)
        if kind == "thermal":
            fuel = math.fsum(base.power_fuel.values())
            for t in group:
                if t.heat_rate is not None and fuel:
                    cal.bases[t.heat_rate.path] = fuel / gen * scale(("tce/kWh",), t.heat_rate.unit)


def summary(cal: Calibration) -> dict[str, Any]:
    """The calibration for people and JSON."""
    return {
        "base_year": cal.year,
        "k": cal.k,
        "k_process": cal.k_process,
        "statistical_difference_kwh": cal.statistical_difference_kwh,
        "other_energy_co2_t": cal.other_co2,
        "other_process_co2_t": cal.other_process_co2,
        "other_energy_tce": cal.other_energy,
        "k_fugitive": cal.k_fugitive,
        "other_ch4_t": cal.other_ch4 + cal.other_ch4_nonfossil,
        "other_n2o_t": cal.other_n2o,
        "other_gases_t": cal.other_gases,
        "notes": cal.notes,
    }
