"""A project's energy (综合能源消费量, tce) by 当量值 and 等价值 and its CO2, computed by the
inventory engine (:func:`carbonpeak.inventory.calculate`), never here.

The project is handed to the engine as the activity of its district and start year:

- each fuel burned → a final-consumption record in the industry's IPCC category (its tce by the
  GB/T 2589 standard-coal coefficient, its CO2 by the city's factor sets);
- grid electricity → ``electricity_imported`` (counted × 0.1229 kgce/kWh for 当量值, × that
  year's 供电标准煤耗 for 等价值, and × the grid factor for CO2);
- electricity supplied by new renewables (``renewable``) → primary generation
  ``electricity_generated_<kind>`` (counted in energy, no CO2);
- feedstock (原料用能) → a second calculation with use ``non_energy`` (in energy, no
  combustion CO2).

The dual-control count (能耗双控口径) deducts feedstock (发改环资〔2022〕803号) and new
renewable electricity (2022-11-16 notice); both are shown, with the notices, in the result.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from carbonpeak.core.errors import InputError, Problem
from carbonpeak.core.units import quantity
from carbonpeak.inventory import ActivityRecord, Inventory, Traced, calculate
from carbonpeak.review.assessment.reference import coal_rate, industry_row
from carbonpeak.review.model import EnergyUse, Project

METHODS = {"equivalent": "calorific", "equal_value": "coal_equivalent"}
_NO_COEFFICIENT = re.compile(r"(\w+): no standard-coal coefficient and no NCV")


@dataclass(frozen=True)
class EnergyResult:
    """Energy in tce by method (``equivalent`` 当量值, ``equal_value`` 等价值): the total
    comprehensive energy, its feedstock and new-renewable parts, and the dual-control count;
    CO2 in t; the engine's traces; the 供电煤耗 used."""

    total: dict[str, float]
    feedstock: dict[str, float]
    renewable: dict[str, float]
    dual_control: dict[str, float]
    electricity_kwh: float
    co2_t: float
    coal_rate_gce_per_kwh: float
    coal_rate_year: int
    coal_rate_note: str
    traces: dict[str, Traced]

    def as_json(self) -> dict[str, Any]:
        return {
            **{m: round(v, 3) for m, v in self.total.items()},
            "feedstock": {m: round(v, 3) for m, v in self.feedstock.items()},
            "new_renewable": {m: round(v, 3) for m, v in self.renewable.items()},
            "dual_control": {m: round(v, 3) for m, v in self.dual_control.items()},
            "electricity_kwh": self.electricity_kwh,
            "power_supply_coal_gce_per_kwh": self.coal_rate_gce_per_kwh,
            "power_supply_coal_year": self.coal_rate_year,
            "notes": [self.coal_rate_note] if self.coal_rate_note else [],
        }


def _kwh(use: EnergyUse) -> float:
    return float(quantity(use.quantity, use.unit).to("kWh").magnitude)


def _records(project: Project, uses: Sequence[EnergyUse], use: str) -> list[ActivityRecord]:
    found = industry_row(project.industry)
    sector = found[0].ipcc_category if found else ""
    region, year = project.district, project.start_year
    seen: dict[str, str] = {}
    problems: list[Problem] = []
    out: list[ActivityRecord] = []
    grid_kwh = 0.0
    for u in uses:
        if u.fuel in seen:
            reason = f"与 {seen[u.fuel]} 重复 / the same fuel as {seen[u.fuel]}"
            problems.append(Problem(None, f"{u.field}.fuel", reason))
            continue
        seen[u.fuel] = u.field
        if u.fuel == "electricity":
            grid_kwh += _kwh(u)
            continue
        qty = quantity(u.quantity, u.unit)
        out.append(ActivityRecord(region, year, sector, u.fuel, qty, source=u.field, use=use))
    if problems:
        raise InputError("能源品种重复 / a fuel is listed twice", problems)
    if use == "combustion":
        renewable = project.renewable_kwh
        if renewable > grid_kwh:
            reason = "新增可再生能源电量大于用电量 / renewable supply exceeds electricity use"
            raise InputError(reason, [Problem(None, "renewable.quantity", reason)])
        grid = grid_kwh - renewable
        out.append(ActivityRecord(region, year, "", "electricity_imported", quantity(grid, "kWh")))
        if renewable:
            kind = f"electricity_generated_{project.renewable_kind}"
            out.append(ActivityRecord(region, year, "", kind, quantity(renewable, "kWh")))
    rate, _ = coal_rate(year)
    out.append(
        ActivityRecord(region, year, "", "power_coal_rate", quantity(rate.gce_per_kwh, "gce/kWh"))
    )
    return out


def _check(inv: Inventory, project: Project, uses: Sequence[EnergyUse]) -> None:
    """Raise naming the field of a fuel the engine has no coefficient for."""
    account = inv.energy[(project.district, project.start_year)]
    problems: list[Problem] = []
    for measure in account.total.values():
        if isinstance(measure, Traced):
            continue
        reason = str(getattr(measure, "reason", measure))
        for fuel in _NO_COEFFICIENT.findall(reason):
            field = next((f"{u.field}.fuel" for u in uses if u.fuel == fuel), "annual")
            text = f"无折标准煤系数 / no conversion coefficient for {fuel}"
            problems.append(Problem(None, field, text))
        if not problems:
            problems.append(Problem(None, "annual", reason))
        break
    if problems:
        raise InputError("无法折算标准煤 / energy cannot be converted to tce", problems)


def _value(measure: Any) -> float:
    return float(measure.value) if isinstance(measure, Traced) else 0.0


def project_energy(project: Project) -> EnergyResult:
    """The project's energy and CO2 through the inventory engine."""
    key = (project.district, project.start_year)
    main = calculate(_records(project, project.annual, "combustion"))
    _check(main, project, project.annual)
    account = main.energy[key]
    total = {name: _value(account.total[m]) for name, m in METHODS.items()}
    renewable = {name: _value(account.nonfossil[m]) for name, m in METHODS.items()}
    feedstock = {name: 0.0 for name in METHODS}
    traces: dict[str, Traced] = {}
    for name, m in METHODS.items():
        measure = account.total[m]
        if isinstance(measure, Traced):
            traces[f"energy.{name}"] = measure
    if project.feedstock:
        side = calculate(_records(project, project.feedstock, "non_energy"))
        _check(side, project, project.feedstock)
        side_account = side.energy[key]
        feedstock = {name: _value(side_account.total[m]) for name, m in METHODS.items()}
        for name, m in METHODS.items():
            side_measure = side_account.total[m]
            if isinstance(side_measure, Traced):
                traces[f"feedstock.{name}"] = side_measure
    co2 = main.total(project.district, project.start_year, "regional_energy_co2")
    if not isinstance(co2, Traced):
        reason = str(getattr(co2, "reason", co2))
        raise InputError(
            f"无法计算CO2 / CO2 not available: {reason}", [Problem(None, "annual", reason)]
        )
    traces["co2"] = co2
    rate, note = coal_rate(project.start_year)
    elec = sum(_kwh(u) for u in project.annual if u.fuel == "electricity")
    return EnergyResult(
        total={m: total[m] + feedstock[m] for m in METHODS},
        feedstock=feedstock,
        renewable=renewable,
        dual_control={m: total[m] - renewable[m] for m in METHODS},
        electricity_kwh=elec,
        co2_t=float(co2.value),
        coal_rate_gce_per_kwh=rate.gce_per_kwh,
        coal_rate_year=rate.year,
        coal_rate_note=note,
        traces=traces,
    )
