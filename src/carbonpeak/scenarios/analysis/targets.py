"""Target checks (目标校核): the plan's quantitative targets against a projection.

Each check names the target, its year, the required value, the projected value and whether it
is met. Built-in checks are data (``data/_checks/checks.yaml``, each with its source; the value
is read from the parsed plan where the plan states it):

- CO2 intensity (regional energy CO2 ÷ GDP) in 2030 ≥ 65 % below 2005 (plan 1.3:t4) — needs the
  2005 intensity (from a 2005 inventory), otherwise "not available" with the reason;
- non-fossil share of energy consumption (coal-equivalent method) ~20 % in 2025 (1.3:t1) and
  ~25 % in 2030 (1.3:t3);
- energy intensity in 2025 vs 2020 (the provincial assignment, Guizhou −13 %);

and every installed capacity the scenario reads with ``plan(...)`` (coal power, PV, wind,
hydro, pumped storage, gas power, new storage), in the target's year.

"~" (左右, about) is met within the check's tolerance (capacities: 2 % of the value); ">=" and
"<=" are strict. A check whose inputs are missing is reported with ``met`` None and the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from carbonpeak.scenarios.definition.planlink import PlanLink
from carbonpeak.scenarios.model import Scenario
from carbonpeak.scenarios.projection.result import Result


@cache
def builtin_checks() -> tuple[dict[str, Any], ...]:
    """The built-in checks (``data/_checks/checks.yaml``: value, comparator, source)."""
    path = resources.files("carbonpeak.scenarios") / "data" / "_checks" / "checks.yaml"
    return tuple(yaml.safe_load(path.read_text(encoding="utf-8")))


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    year: int
    required: float
    comparator: str
    projected: float | None
    unit: str
    met: bool | None
    source: str
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "year": self.year,
            "required": self.required,
            "comparator": self.comparator,
            "projected": self.projected,
            "unit": self.unit,
            "met": self.met,
            "source": self.source,
            "reason": self.reason,
        }


def _met(projected: float, required: float, comparator: str, tolerance: float) -> bool:
    if comparator == ">=":
        return projected >= required
    if comparator == "<=":
        return projected <= required
    return abs(projected - required) <= tolerance


def _at(result: Result, series: np.ndarray, year: int) -> float | None:
    if year not in result.years:
        return None
    return float(np.asarray(series)[..., result.years.index(year)].mean())


def _required(spec: Mapping[str, Any], plan: PlanLink | None) -> float:
    ref = spec.get("plan_target")
    if plan is not None and ref and ref in plan.quantities:
        return float(spec.get("sign", 1)) * plan.value(ref, "percent")
    return float(spec["required"])


def _projected(
    spec: Mapping[str, Any], result: Result, base_values: Mapping[int, float]
) -> tuple[float | None, str]:
    indicator, year = str(spec["indicator"]), int(spec["year"])
    if indicator != "nonfossil_share" and "gdp" not in result.keys:
        return None, "needs a gdp key assumption"
    value = _at(result, result.indicator(indicator), year)
    if value is None:
        return None, f"{year} is outside the horizon"
    base_year = spec.get("base_year")
    if base_year is None:
        return value, ""
    base = base_values.get(int(base_year))
    if base is None:
        base = _at(result, result.indicator(indicator), int(base_year))
    if not base:
        return None, (
            f"needs the {base_year} value (an inventory of {base_year} with GDP at the same "
            "price base)"
        )
    return (value / base - 1.0) * 100.0, ""


def check_targets(
    result: Result,
    scenario: Scenario,
    *,
    plan: PlanLink | None = None,
    intensity_2005: float | None = None,
) -> list[Check]:
    """All checks for one projection (with draws, the mean over draws is checked)."""
    base_values = {2005: intensity_2005} if intensity_2005 else {}
    out: list[Check] = []
    for spec in builtin_checks():
        required = _required(spec, plan)
        value, why = _projected(spec, result, base_values)
        comparator, unit = str(spec["comparator"]), str(spec["unit"])
        met = (
            None
            if value is None
            else _met(value, required, comparator, float(spec.get("tolerance", 0.0)))
        )
        out.append(
            Check(
                str(spec["name"]),
                int(spec["year"]),
                required,
                comparator,
                value,
                unit,
                met,
                str(spec["source"]),
                why,
            )
        )
    out += _plan_checks(result, scenario, plan)
    return out


def _check(
    name: str,
    year: int,
    required: float,
    comparator: str,
    value: float | None,
    unit: str,
    source: str,
    missing: str,
) -> Check:
    if value is None:
        return Check(name, year, required, comparator, None, unit, None, source, missing)
    met = _met(value, required, comparator, abs(required) * 0.02)
    return Check(name, year, required, comparator, value, unit, met, source)


def _plan_checks(result: Result, scenario: Scenario, plan: PlanLink | None) -> list[Check]:
    """Capacity targets the scenario reads with plan(...): the projected capacity in the year."""
    out: list[Check] = []
    if plan is None:
        return out
    for t in scenario.power.technologies:
        for ref in sorted(_refs(scenario, t.capacity.path)):
            meta = plan.meta.get(ref)
            if meta is None or not meta.get("year"):
                continue
            year = int(meta["year"])
            out.append(
                _check(
                    f"{t.key} capacity 装机 ({meta['indicator']})",
                    year,
                    plan.value(ref, t.capacity.unit),
                    str(meta["comparator"]),
                    _at(result, result.capacity[t.key], year),
                    t.capacity.unit,
                    f"plan target {ref}",
                    f"{year} outside the horizon",
                )
            )
    return out


def _refs(scenario: Scenario, path: str) -> set[str]:
    """Targets this variable reads now or read in a parent (an override keeps the target)."""
    return {
        ref
        for refs in (scenario.lever_refs, scenario.plan_refs)
        for ref, paths in refs.items()
        if path in paths
    }


def met_by_draw(
    result: Result,
    scenario: Scenario,
    *,
    plan: PlanLink | None = None,
    intensity_2005: float | None = None,
) -> dict[str, np.ndarray]:
    """Per target (its id, e.g. ``nonfossil_share_2025`` or ``solar_capacity_2030``): does each
    draw of a Monte Carlo result meet it? (Targets whose inputs are missing are left out.)"""
    out: dict[str, np.ndarray] = {}
    years = result.years
    for spec in builtin_checks():
        indicator, year = str(spec["indicator"]), int(spec["year"])
        if year not in years or (indicator != "nonfossil_share" and "gdp" not in result.keys):
            continue
        series = np.asarray(result.indicator(indicator))
        value = series[..., years.index(year)]
        base_year = spec.get("base_year")
        if base_year is not None:
            if int(base_year) == 2005:
                if not intensity_2005:
                    continue
                base: Any = intensity_2005
            elif int(base_year) in years:
                base = series[..., years.index(int(base_year))]
            else:
                continue
            value = (value / base - 1.0) * 100.0
        required = _required(spec, plan)
        tol = float(spec.get("tolerance", 0.0))
        out[str(spec["id"])] = _met_array(value, required, str(spec["comparator"]), tol)
    if plan is not None:
        for t in scenario.power.technologies:
            for ref in sorted(_refs(scenario, t.capacity.path)):
                meta = plan.meta.get(ref)
                if meta is None or not meta.get("year") or int(meta["year"]) not in years:
                    continue
                year = int(meta["year"])
                required = plan.value(ref, t.capacity.unit)
                value = np.asarray(result.capacity[t.key])[..., years.index(year)]
                out[f"{t.key}_capacity_{year}"] = _met_array(
                    value, required, str(meta["comparator"]), abs(required) * 0.02
                )
    return out


def _met_array(value: Any, required: float, comparator: str, tolerance: float) -> np.ndarray:
    v = np.asarray(value)
    if comparator == ">=":
        return v >= required - 1e-9
    if comparator == "<=":
        return v <= required + 1e-9
    return np.abs(v - required) <= tolerance
