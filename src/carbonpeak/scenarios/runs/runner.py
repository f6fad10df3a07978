"""Running scenarios for people (CLI, API): load, project from the base-year inventory, analyse,
and format as plain dicts (the JSON the CLI prints and the API returns).

The base year is the accounting engine's inventory of the region: by default the bundled
ILLUSTRATIVE demo inventory (:mod:`carbonpeak.inventory.demo`), computed once per process. Pure:
no database (a stored inventory can be passed as ``inventory``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from typing import Any

import numpy as np

from carbonpeak.core.errors import InputError
from carbonpeak.inventory import (
    ILLUSTRATIVE_NOTE,
    Inventory,
    calculate,
    demo_activity,
    members,
    regions,
)
from carbonpeak.scenarios.analysis.montecarlo import run_montecarlo
from carbonpeak.scenarios.analysis.peak import peak
from carbonpeak.scenarios.analysis.targets import check_targets
from carbonpeak.scenarios.analysis.wedges import wedges
from carbonpeak.scenarios.definition import loader, planlink
from carbonpeak.scenarios.model import Scenario
from carbonpeak.scenarios.projection.baseyear import BaseYear, from_inventory
from carbonpeak.scenarios.projection.calibration import summary
from carbonpeak.scenarios.projection.engine import run
from carbonpeak.scenarios.projection.result import Result

METRICS = ("territorial", "regional_energy_co2", "co2e_net")
DEFAULT_METRIC = "territorial"
CITY = "liupanshui"


@lru_cache(maxsize=1)
def demo_inventory() -> Inventory:
    """The accounting engine's inventory of the bundled illustrative demo activity data."""

    return calculate(demo_activity())


def demo_note() -> str:

    return ILLUSTRATIVE_NOTE


@lru_cache(maxsize=16)
def _base(region: str, year: int) -> BaseYear:
    return from_inventory(demo_inventory(), region, year)


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


def _list(a: np.ndarray) -> list[float]:
    return [float(x) for x in np.asarray(a)]


def describe(s: Scenario) -> dict[str, Any]:
    """The scenario's definition: chain, variables with expressions and sources, plan links."""
    return {
        "name": s.name,
        "title": s.title,
        "parent": s.parent,
        "chain": list(s.chain),
        "description": s.description,
        "illustrative": s.illustrative,
        "region": s.region,
        "base_year": s.base_year,
        "end_year": s.end_year,
        "files": list(s.files),
        "parameters": {
            n: {
                "value": p.value,
                "distribution": None
                if p.distribution is None
                else {"type": p.distribution.kind, "args": list(p.distribution.args)},
                "where": p.where,
            }
            for n, p in s.parameters.items()
        },
        "variables": [
            {
                "path": v.path,
                "unit": v.unit,
                "expr": v.text,
                "base": v.base,
                "where": v.where,
                "source": v.source,
                "illustrative": v.illustrative,
            }
            for v in s.variables()
        ],
        "plan_targets": {
            ref: {"feeds": list(paths), **planlink.bundled().meta.get(ref, {})}
            for ref, paths in sorted(s.plan_refs.items())
        },
    }


def report(
    s: Scenario,
    r: Result,
    *,
    metric: str = DEFAULT_METRIC,
    inventory: Inventory | None = None,
    inventory_label: str = "",
) -> dict[str, Any]:
    """Everything one run shows: series, peak, targets, calibration (JSON-ready)."""
    if metric not in METRICS:
        raise InputError(f"未知指标 / unknown metric {metric!r} (known: {', '.join(METRICS)})")
    checks = check_targets(
        r, s, plan=planlink.bundled(), intensity_2005=intensity_2005(s, inventory)
    )
    sectors = {k: _list(v) for k, v in r.co2_by_sector.items()}
    out: dict[str, Any] = {
        "scenario": s.name,
        "title": s.title,
        "chain": list(s.chain),
        "region": s.region,
        "years": list(r.years),
        "metric": metric,
        "emissions_t": _list(r.total(metric)),
        "totals_t": {k: _list(v) for k, v in r.totals.items()},
        "peak": peak(r.years, r.total(metric)).as_dict(),
        "peaks": {m: peak(r.years, r.total(m)).as_dict() for m in METRICS},
        "targets": [c.as_dict() for c in checks],
        "emissions_by_sector_t": sectors,
        "emissions_by_gas_t": {k: _list(v) for k, v in r.gases.items()},
        "energy_tce": {k: _list(v) for k, v in r.energy_total.items()},
        "energy_by_fuel_tce": {k: _list(v) for k, v in r.energy_by_fuel.items()},
        "final_energy_by_sector_tce": {
            b: _list(np.sum(list(f.values()), axis=0)) for b, f in r.final_energy.items()
        },
        "nonfossil_share_pct": _list(r.indicator("nonfossil_share")),
        "capacity_gw": {k: _list(v) for k, v in r.capacity.items()},
        "generation_kwh": {k: _list(v) for k, v in r.generation.items()},
        "net_import_kwh": _list(r.net_import_kwh),
        "notes": r.notes,
        "illustrative": s.illustrative,
        "base_year_source": inventory_label or "inventory given"
        if inventory is not None
        else demo_note(),
        "base_year_illustrative": inventory is None,
    }
    if "gdp" in r.keys:
        out["co2_intensity_t_per_wan_yuan"] = _list(r.indicator("co2_intensity"))
        out["energy_intensity_tce_per_wan_yuan"] = _list(r.indicator("energy_intensity"))
    if r.calibration is not None:
        out["calibration"] = summary(r.calibration)
    return out


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
    """Run one scenario (and a Monte Carlo with ``draws`` > 0): the CLI/API payload.

    ``inventory``: the base-year inventory (e.g. of a stored activity dataset); default the
    illustrative demo inventory."""
    s = load(name, custom=custom, end_year=end_year)
    r = project(s, inventory=inventory)
    out = report(s, r, metric=metric, inventory=inventory, inventory_label=inventory_label)
    if draws:
        mc = run_montecarlo(
            s, lambda p: project(s, p, inventory), draws=draws, seed=seed, metric=metric
        )
        out["montecarlo"] = mc.as_dict()
    return out


def compare(
    names: list[str], *, metric: str = DEFAULT_METRIC, end_year: int | None = None
) -> dict[str, Any]:
    """Peak, 2030 value and targets met, side by side."""
    rows = []
    years: list[int] = []
    for name in names:
        rep = run_named(name, metric=metric, end_year=end_year)
        years = rep["years"]
        met = [t for t in rep["targets"] if t["met"] is not None]
        rows.append(
            {
                "scenario": name,
                "title": rep["title"],
                "peak": rep["peak"],
                "peaks": {
                    m: {"year": p["year"], "peaked": p["peaked_within_horizon"]}
                    for m, p in rep["peaks"].items()
                },
                "emissions_t": rep["emissions_t"],
                "targets_met": sum(1 for t in met if t["met"]),
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
    district's generation grows with the city's capacity in proportion to its 2020 share.
    """

    city = load(name, end_year=end_year)
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
                "emissions_t": _list(series),
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
        "sum_of_districts_t": _list(total),
        "city_t": _list(city_series),
        "illustrative": city.illustrative,
    }
