"""Running scenarios for people (CLI, API, pages): load, project from the base-year inventory,
analyse (:class:`~.report.ScenarioRun`; its JSON is what the CLI prints and the API returns), and
compare scenarios, levers and districts.

The base year is the accounting engine's inventory of the region: by default the bundled
ILLUSTRATIVE demo inventory (:mod:`carbonpeak.inventory.demo.dataset`), computed once per process,
with each district GDP/population record that has a published counterpart in the bundled
statistics replaced by it; the base year's GDP of the region is the published one (at constant
base-year prices) where :mod:`carbonpeak.statistics` has it (六盘水 2020: 1339.62 亿元).
Pure:
no database (a stored inventory can be passed as ``inventory``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from typing import Any

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import quantity
from carbonpeak.inventory import (
    ILLUSTRATIVE_NOTE,
    Inventory,
    calculate,
    demo_activity,
    members,
    regions,
    with_published_economy,
)
from carbonpeak.scenarios.analysis.montecarlo import run_montecarlo
from carbonpeak.scenarios.analysis.peak import peak
from carbonpeak.scenarios.analysis.sensitivity import sobol
from carbonpeak.scenarios.analysis.targets import met_by_draw
from carbonpeak.scenarios.analysis.wedges import wedges
from carbonpeak.scenarios.definition import loader, planlink
from carbonpeak.scenarios.definition.uncertainty import factor_draws, with_fuel_factors
from carbonpeak.scenarios.model import Scenario
from carbonpeak.scenarios.projection.baseyear import BaseYear, from_inventory
from carbonpeak.scenarios.projection.engine import run
from carbonpeak.scenarios.projection.result import Result
from carbonpeak.scenarios.runs.report import DEFAULT_METRIC, ScenarioRun, as_list, make_run
from carbonpeak.statistics import DerivedValue, bundled_values, constant_price_gdp

CITY = "liupanshui"
#: Sobol base samples computed with a Monte Carlo run (the full analysis: ``sensitivity``).
SOBOL_WITH_RUN = 128


@lru_cache(maxsize=1)
def demo_inventory() -> Inventory:
    """The accounting engine's inventory of the bundled illustrative demo activity data, with
    the published district GDP/population figures in place of invented ones."""
    records, _ = with_published_economy(demo_activity(), bundled_values())
    return calculate(records)


def published_base_gdp(region: str, year: int) -> DerivedValue | None:
    """The region's published GDP of ``year`` at constant ``year`` prices, if published."""
    return constant_price_gdp(bundled_values(), region=region, base_year=year).get(year)


def demo_note() -> str:

    return ILLUSTRATIVE_NOTE


@lru_cache(maxsize=16)
def _base(region: str, year: int) -> BaseYear:
    base = from_inventory(demo_inventory(), region, year)
    published = published_base_gdp(region, year)
    if published is None:
        return base
    wan_yuan = quantity(published.value, published.unit) / quantity(1.0, "万元")
    return replace(base, gdp_wan_yuan=float(wan_yuan.to("dimensionless").magnitude))


def base_year_for(scenario: Scenario, inventory: Inventory | None = None) -> BaseYear:
    if inventory is not None:
        return from_inventory(inventory, scenario.region, scenario.base_year)
    return _base(scenario.region, scenario.base_year)


def intensity_2005(scenario: Scenario, inventory: Inventory | None = None) -> float | None:
    """Regional energy CO2 ÷ GDP (t/万元) of 2005 from the inventory, if it has 2005."""
    inv = inventory or demo_inventory()
    if (scenario.region, 2005) not in inv.totals:
        return None
    b = from_inventory(inv, scenario.region, 2005)
    co2 = b.totals.get("regional_energy_co2")
    return co2 / b.gdp_wan_yuan if co2 and b.gdp_wan_yuan else None


def scenario_names(city: str = CITY) -> list[str]:
    return list(loader.bundled_sources(city))


def load(
    name: str,
    *,
    custom: loader.Source | None = None,
    end_year: int | None = None,
    city: str = CITY,
) -> Scenario:
    sources = loader.sources_with(custom, city) if custom else loader.bundled_sources(city)
    s = loader.build(name, sources, planlink.bundled().quantities)
    if end_year is not None:
        if not s.base_year < end_year <= 2100:
            raise InputError(f"结束年份 / end year must be after {s.base_year} and ≤ 2100")
        s = replace(s, end_year=end_year)
    return s


def project(
    s: Scenario, params: Mapping[str, Any] | None = None, inventory: Inventory | None = None
) -> Result:
    return run(
        s, base_year=base_year_for(s, inventory), params=params, plan=planlink.bundled().value
    )


def run_scenario(
    name: str,
    *,
    draws: int = 0,
    seed: int = 0,
    metric: str = DEFAULT_METRIC,
    end_year: int | None = None,
    custom: loader.Source | None = None,
    inventory: Inventory | None = None,
    inventory_label: str = "",
    sobol_n: int = SOBOL_WITH_RUN,
) -> ScenarioRun:
    """Run one scenario (and a Monte Carlo with ``draws`` > 0, with Sobol indices from
    ``sobol_n`` base samples, 0 for none).

    ``inventory``: the base-year inventory (e.g. of a stored activity dataset); default the
    illustrative demo inventory."""
    s = load(name, custom=custom, end_year=end_year)
    r = project(s, inventory=inventory)
    run = make_run(
        s,
        r,
        metric=metric,
        base_year_source=(inventory_label or "inventory given")
        if inventory is not None
        else demo_note(),
        base_year_illustrative=inventory is None,
        intensity_2005=intensity_2005(s, inventory),
    )
    if draws:
        i2005 = intensity_2005(s, inventory)
        burned = r.burned_fuels()
        s = with_fuel_factors(s, burned)
        mc = run_montecarlo(
            s,
            lambda p: project(s, p, inventory),
            draws=draws,
            seed=seed,
            metric=metric,
            targets=lambda res: met_by_draw(res, s, plan=planlink.bundled(), intensity_2005=i2005),
        )
        run = replace(run, montecarlo=replace(mc, factor_draws=factor_draws(s, burned)))
        if sobol_n:
            sens = sobol(s, lambda p: project(s, p, inventory), n=sobol_n, seed=seed, metric=metric)
            run = replace(run, sensitivity=sens)
    return run


def sensitivity(
    name: str,
    *,
    n: int = 512,
    seed: int = 0,
    metric: str = DEFAULT_METRIC,
    custom: loader.Source | None = None,
) -> dict[str, Any]:
    """Sobol indices of one scenario (``carbonpeak scenario sensitivity``)."""
    s = load(name, custom=custom)
    s = with_fuel_factors(s, project(s).burned_fuels())
    return {"scenario": name, **sobol(s, lambda p: project(s, p), n=n, seed=seed, metric=metric)}


def run_named(
    name: str,
    *,
    draws: int = 0,
    seed: int = 0,
    metric: str = DEFAULT_METRIC,
    end_year: int | None = None,
    custom: loader.Source | None = None,
    inventory: Inventory | None = None,
    inventory_label: str = "",
) -> dict[str, Any]:
    """:func:`run_scenario` as the CLI/API payload (:meth:`~.report.ScenarioRun.as_json`)."""
    return run_scenario(
        name,
        draws=draws,
        seed=seed,
        metric=metric,
        end_year=end_year,
        custom=custom,
        inventory=inventory,
        inventory_label=inventory_label,
    ).as_json()


def compare(
    names: list[str], *, metric: str = DEFAULT_METRIC, end_year: int | None = None
) -> dict[str, Any]:
    """Peak, 2030 value and targets met, side by side."""
    rows = []
    years: list[int] = []
    for name in names:
        run = run_scenario(name, metric=metric, end_year=end_year)
        years = run.years
        met = [t for t in run.targets if t.met is not None]
        rows.append(
            {
                "scenario": name,
                "title": run.title,
                "peak": run.peak.as_dict(),
                "peaks": {m: {"year": p.year, "peaked": p.peaked} for m, p in run.peaks.items()},
                "emissions_t": run.emissions_t,
                "targets_met": sum(1 for t in met if t.met),
                "targets_checked": len(met),
            }
        )
    return {"metric": metric, "years": years, "scenarios": rows}


def lever_wedges(
    reference: str, name: str, *, metric: str = DEFAULT_METRIC, end_year: int | None = None
) -> dict[str, Any]:
    ref, new = load(reference, end_year=end_year), load(name, end_year=end_year)
    return wedges(ref, new, project, metric=metric)


def districts(
    name: str, *, metric: str = DEFAULT_METRIC, end_year: int | None = None
) -> dict[str, Any]:
    """梯次有序达峰: the scenario run for each district from its own base-year inventory, in the
    order the districts peak.

    City-level absolute inputs (power capacities) are shared: each
    district's utilisation hours are its own base-year generation over the city capacity, so a
    district's generation grows with the city's capacity in proportion to its 2020 share. The
    districts (and the city sum they are compared with) run in LEAP's accounting mode: a merit
    order inside one district of the city's grid is not defined (the city's floors and exports
    are the city's).
    """

    city = load(name, end_year=end_year)
    city = replace(city, power=replace(city.power, dispatch="accounting"))
    table = regions()
    rows: list[dict[str, Any]] = []
    total: Any = 0.0
    years: tuple[int, ...] = ()
    for code in members(city.region):
        r = project(replace(city, region=code))
        series = r.total(metric)
        total = total + series
        years = r.years
        p = peak(r.years, series)
        rows.append(
            {
                "region": code,
                "name": f"{table[code].name_zh} {table[code].name_en}",
                "peak": p.as_dict(),
                "emissions_t": as_list(series),
                "notes": r.calibration.notes if r.calibration else [],
            }
        )
    if not rows:
        raise InputError(f"{city.region} 没有下辖区县 / has no member districts")
    rows.sort(key=lambda row: (row["peak"]["year"], row["region"]))
    city_series = project(city).total(metric)
    return {
        "scenario": name,
        "metric": metric,
        "years": list(years),
        "order": [row["region"] for row in rows],
        "districts": rows,
        "sum_of_districts_t": as_list(total),
        "city_t": as_list(city_series),
        "illustrative": city.illustrative,
    }
