"""Calibration (校准): fitting a scenario to its base-year inventory, as LEAP users calibrate
Current Accounts.

Branch activities, intensities, fuel shares, utilisation hours, heat rates and process CO2 per
tonne of output are read from the inventory (:class:`~.baseyear.BaseYear`), so each branch
matches the inventory by construction (activity × intensity). No multiplier scales a branch:
where a branch cannot match (other factors, a process without output), the difference is a
visible ``other.<branch>`` branch with its size, held at its base-year value (shown in the
calibration summary and the notes). Categories no branch stands for are carried at their
base-year value (``other``), and so are the CH4 and N2O the branches do not give
(categories without a branch, agriculture, waste) and the other gases (PFCs). Coal-mine
methane uses the engine's own 1.B.1.a factors, mine-class mix and utilised methane
(:mod:`.gases`). The projection's base year then equals the inventory: CO2, CH4, N2O and CO2e
(tested).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable

import numpy as np

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import scale
from carbonpeak.factors import kinds
from carbonpeak.scenarios.definition import expressions as ex
from carbonpeak.scenarios.definition.units import WAN_YUAN, factor
from carbonpeak.scenarios.model import DemandBranch, FuelShare, Scenario, Variable
from carbonpeak.scenarios.projection import gases
from carbonpeak.scenarios.projection.baseyear import PERSON, BaseYear
from carbonpeak.scenarios.projection.calibration import Calibration
from carbonpeak.scenarios.projection.result import Result

POWER = "1.A.1.a"
#: Index of the base year in a projection's series.
Y0 = 0


def calibrate(
    scenario: Scenario, base: BaseYear, project: Callable[[Calibration], Result]
) -> Calibration:
    """Fit ``scenario`` to ``base`` (``project`` runs the model with a calibration): base-year
    values first, then one run for the scaling factors and what is held, then one more run for
    the energy no branch gives."""
    if base.year != scenario.base_year:
        raise InputError(
            f"基准年不一致 / base year {base.year} of the inventory ≠ scenario base year "
            f"{scenario.base_year}"
        )
    cal = Calibration(base.region, base.year)
    _key_bases(scenario, base, cal)
    mapped = _demand_bases(scenario, base, cal)
    _power_bases(scenario, base, cal)
    gases.fugitive_bases(scenario, base, cal)
    _exports(scenario, cal, project)
    first = project(cal)
    _residual_branches(scenario, base, cal, first)
    _held_co2(base, cal, mapped)
    _residuals(base, cal, first)
    second = project(cal)
    if "energy_calorific" in base.totals:
        cal.other_energy = base.totals["energy_calorific"] - float(
            second.energy_total["calorific"][Y0]
        )
    return cal


def _in_unit(value: float, canonical: str, unit: str) -> float:
    return value * factor((canonical,), unit)


def _key_bases(scenario: Scenario, base: BaseYear, cal: Calibration) -> None:
    """GDP and population of the base year."""
    keys = scenario.key_assumptions
    if "gdp" in keys and base.gdp_wan_yuan:
        cal.bases[keys["gdp"].path] = _in_unit(base.gdp_wan_yuan, WAN_YUAN, keys["gdp"].unit)
    if "population" in keys and base.population:
        cal.bases[keys["population"].path] = _in_unit(
            base.population, PERSON, keys["population"].unit
        )


def _demand_bases(scenario: Scenario, base: BaseYear, cal: Calibration) -> set[str]:
    """Activity, intensity and fuel shares of each branch; returns the IPCC categories the
    branches (and the power plants) stand for."""
    mapped: set[str] = {POWER}
    for b in scenario.demand:
        mapped.update(b.categories)
        mix: dict[str, float] = defaultdict(float)
        for cat in b.categories:
            for fuel, tce in base.energy.get(cat, {}).items():
                mix[fuel] += tce
        total = math.fsum(mix.values())
        if b.output and b.output in base.activity:
            cal.bases[b.activity.path] = _in_unit(base.activity[b.output], "t", b.activity.unit)
        if b.process_kind:
            cat = kinds()[b.process_kind].category
            mapped.add(cat)
            output_t = base.activity.get(b.output or b.process_kind, 0.0)
            if output_t > 0:  # t process CO2 per t of output, as the inventory has it
                cal.process_intensity[b.key] = base.co2.get(cat, 0.0) / output_t
        if total <= 0:
            _absent(b, cal)
            continue
        _branch_bases(b, mix, total, cal)
    return mapped


def _branch_bases(b: DemandBranch, mix: dict[str, float], total: float, cal: Calibration) -> None:
    """Intensity = inventory energy ÷ activity; shares from the inventory's fuel mix (fuels
    the scenario does not list are added with their share held)."""
    act = cal.bases.get(b.activity.path, b.activity.base)
    if not act:
        raise InputError(
            f"{b.activity.where} {b.activity.path}: 需要基准年活动水平 / needs "
            "a base-year activity (write `base:`)"
        )
    cal.bases[b.intensity.path] = total / (act * scale((b.activity.unit, b.intensity.unit), "tce"))
    listed = {f.fuel for f in b.fuels}
    for f in b.fuels:
        if f.share is not None:
            cal.bases[f.share.path] = 100.0 * mix.get(f.fuel, 0.0) / total
    extra = []
    for fuel, tce in mix.items():
        if fuel not in listed:
            path = f"demand.{b.key}.fuels.{fuel}"
            share = Variable(
                path, "percent", ex.Name("base"), "base", 100.0 * tce / total, "inventory"
            )
            extra.append(FuelShare(fuel, share))
            cal.notes.append(f"{path}: in the inventory, not in the scenario; share held")
    cal.extra_fuels[b.key] = tuple(extra)


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
    """Utilisation hours and heat rates by technology kind, and the 发电煤耗."""
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
    p = scenario.power
    if base.coal_rate_gce_per_kwh:
        cal.bases[p.coal_rate.path] = base.coal_rate_gce_per_kwh * factor(
            ("gce/kWh",), p.coal_rate.unit
        )


def _exports(
    scenario: Scenario, cal: Calibration, project: Callable[[Calibration], Result]
) -> None:
    """The base year's net export (plants at capacity × the inventory's hours, less the
    demand), so merit order reproduces the base year's generation."""
    cal.accounting_only = True
    acc = project(cal)
    cal.accounting_only = False
    cal.exports_kwh = -float(np.asarray(acc.net_import_kwh)[..., Y0])
    ex_var = scenario.power.exports
    if ex_var is not None and ex_var.base is None:
        cal.bases[ex_var.path] = cal.exports_kwh * factor(("kWh",), ex_var.unit)


def _residual_branches(scenario: Scenario, base: BaseYear, cal: Calibration, first: Result) -> None:
    """inventory − model in the base year, per branch (combustion, process) and for the power
    plants: where it is not zero, a visible ``other.<branch>`` branch holds it."""
    i = Y0

    def hold(key: str, inventory: float, model: float) -> None:
        diff = inventory - model
        if abs(diff) > 1e-9 * max(abs(inventory), 1.0):
            cal.residual_co2[f"other.{key}"] = diff
            cal.notes.append(
                f"other.{key}: {diff:,.0f} t CO2 held at the base year (inventory "
                f"{inventory:,.0f} t, branch {model:,.0f} t)"
            )

    for b in scenario.demand:
        inv = math.fsum(base.co2.get(c, 0.0) for c in b.categories if c != POWER)
        hold(b.key, inv, float(first.co2_by_sector[b.key][..., i]))
        if b.process_kind:
            cat = kinds()[b.process_kind].category
            model = float(first.co2_by_sector[f"{b.key}.process"][..., i])
            hold(f"{b.key}.process", base.co2.get(cat, 0.0), model)
    hold("power", base.co2.get(POWER, 0.0), float(first.co2_by_sector["power"][i]))


def _held_co2(base: BaseYear, cal: Calibration, mapped: set[str]) -> None:
    """CO2 of the categories no branch stands for, held at the base year."""
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


def _residuals(base: BaseYear, cal: Calibration, first: Result) -> None:
    """What the first run leaves: the electricity statistical difference, the coal-mine
    methane no mine branch gives (``other.fugitive``), the other gases and the other removals
    (LULUCF)."""
    i = Y0
    if base.net_import_kwh is not None:
        cal.statistical_difference_kwh = base.net_import_kwh - float(first.net_import_kwh[i])
    fug = float(first.gases["CH4_fugitive"][i])
    if base.ch4_fugitive == 0 and fug:
        cal.notes.append(
            "the inventory has no coal-mine methane (1.B.1.a): the scenario's coal output is "
            "used with the engine's factors, so CH4 and CO2e differ from the inventory"
        )
    else:
        # never a scale factor on the mine branches: what they miss is held, visibly
        cal.other_ch4_fugitive = base.ch4_fugitive - fug
        if abs(cal.other_ch4_fugitive) > 1e-9 * max(abs(base.ch4_fugitive), 1.0):
            cal.notes.append(
                f"other.fugitive: {cal.other_ch4_fugitive:,.1f} t CH4 of coal-mine methane held "
                "at the base year (inventory − mine branches)"
            )
    gases.other_gases(base, first, cal, i)
    cal.other_sinks = base.lulucf_co2 - float(first.totals["sinks"][i])
