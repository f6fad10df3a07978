"""Step 2 of a projection, power and heat (电力热力).

Two ways to find each plant's generation (``power.dispatch``):

- ``merit_order`` (default; LEAP's dispatch): the region must generate
  G = (demand × (1 + losses) + exports − imports) ÷ (1 − own use). Non-fossil plants run first
  at capacity × available hours; wind and solar together supply at most ``max_variable_share``
  % of G (the rest is curtailed), and storage (GW × ``storage_hours`` × ``storage_efficiency``)
  gives back curtailed energy. Gas plants then run up to capacity × their hours, and coal takes
  the residual: its hours are derived, and never below its minimum-load floor ``min_hours`` (a
  surplus above G is then exported, and the year is named in the notes). Any added capacity
  of any technology therefore moves coal generation and emissions.
- ``accounting`` (LEAP's accounting mode): every plant generates capacity × hours as written.

Electricity demand = Σ E[b, electricity] ÷ 0.1229 kgce/kWh (电热当量); net import = demand ×
(1 + losses) − Σ generation × (1 − own use) + statistical difference (the base-year residual,
held). Without an ``exports`` variable, exports are the base year's net export, held (export
rule). Heat: heat-plant fuel = Σ E[b, heat] ÷ efficiency. Plant emissions use the inventory
engine's factors of 1.A.1.a (no multiplier: a base-year difference is the visible
``other.power`` branch).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from carbonpeak.core.units import scale
from carbonpeak.factors import fuels
from carbonpeak.scenarios.model import (
    NONFOSSIL_KINDS,
    VARIABLE_KINDS,
    PowerTech,
    Scenario,
    Variable,
)
from carbonpeak.scenarios.projection import factors as fx
from carbonpeak.scenarios.projection.calibration import Calibration
from carbonpeak.scenarios.projection.evaluator import Evaluator
from carbonpeak.scenarios.projection.result import Arr, Ledger, sum_series


def _is_coal(fuel: str) -> bool:
    """Plants that take the residual in merit order: coal-class fuels of the factor library."""
    f = fuels().get(fuel)
    return f is not None and f.ipcc_class == "coal"


@dataclass(frozen=True)
class PowerFlows:
    """What the totals need from power and heat (kWh; capacity in GW)."""

    capacity: dict[str, Arr]
    generation: dict[str, Arr]
    primary_kwh: Arr  # non-fossil generation (primary electricity)
    net_import_kwh: Arr
    curtailed_kwh: Arr | float = 0.0
    coal_hours: Arr | None = None  # derived in merit order
    notes: list[str] = field(default_factory=list)


def account(
    scenario: Scenario, ev: Evaluator, cal: Calibration | None, ledger: Ledger
) -> PowerFlows:
    """Plants and heat plants: fuel and emissions added to ``ledger`` (``co2["power"]``), after
    the demand step (their demand comes from ``ledger.final``)."""
    p = scenario.power
    capacity = {t.key: ev(t.capacity) for t in p.technologies}
    accounting = p.dispatch == "accounting" or (cal is not None and cal.accounting_only)
    if accounting:
        generation = {
            t.key: _available(t, ev, capacity) for t in p.technologies if t.hours is not None
        }
        dispatch = Dispatch(generation)
    else:
        dispatch = merit_order(scenario, ev, cal, ledger, capacity)
    power_co2: list[Arr] = []
    primary: Arr = np.zeros(len(ev.years))
    for t in p.technologies:
        gen = dispatch.generation.get(t.key)
        if gen is None:
            continue
        if t.kind in NONFOSSIL_KINDS:
            primary = primary + gen
        elif t.heat_rate is not None:
            fuel_tce = gen * ev(t.heat_rate) * scale((t.heat_rate.unit, "kWh"), "tce")
            _burn(scenario, ledger, power_co2, t.fuel, fuel_tce)
    if p.heat_fuel and p.heat_efficiency is not None:
        heat_tce = sum_series([e.get("heat", 0.0) for e in ledger.final.values()], ev.years)
        heat_in = heat_tce / (ev(p.heat_efficiency) / 100.0)
        _burn(scenario, ledger, power_co2, p.heat_fuel, heat_in)
    ledger.co2["power"] = sum_series(power_co2, ev.years)
    net = _net_import(scenario, ev, cal, ledger, dispatch.generation)
    return PowerFlows(
        capacity,
        dispatch.generation,
        primary,
        net,
        dispatch.curtailed,
        dispatch.coal_hours,
        dispatch.notes,
    )


@dataclass
class Dispatch:
    generation: dict[str, Arr]
    curtailed: Arr | float = 0.0
    coal_hours: Arr | None = None
    notes: list[str] = field(default_factory=list)


def _available(t: PowerTech, ev: Evaluator, capacity: dict[str, Arr]) -> Arr:
    """capacity × hours (kWh)."""
    assert t.hours is not None
    return capacity[t.key] * ev(t.hours) * scale((t.capacity.unit, t.hours.unit), "kWh")


def _kwh(ev: Evaluator, var: Variable | None, default: Arr | float) -> Arr | float:
    if var is None:
        return default
    return ev(var) * scale((var.unit,), "kWh")


def required_generation(
    scenario: Scenario, ev: Evaluator, cal: Calibration | None, ledger: Ledger
) -> Arr:
    """G = (demand × (1 + losses) + exports − imports) ÷ (1 − own use), kWh."""
    p = scenario.power
    demand_kwh = electricity_demand_kwh(ev, ledger)
    exports = _kwh(ev, p.exports, cal.exports_kwh if cal else 0.0)
    imports = _kwh(ev, p.imports, 0.0)
    need = demand_kwh * (1 + ev(p.losses) / 100.0) + exports - imports
    return need / (1 - ev(p.own_use) / 100.0)


def merit_order(
    scenario: Scenario,
    ev: Evaluator,
    cal: Calibration | None,
    ledger: Ledger,
    capacity: dict[str, Arr],
) -> Dispatch:
    """Non-fossil first (wind and solar capped, storage recovering some of the curtailed),
    then gas up to its hours, then coal as the residual above its floor (vectorised)."""
    p = scenario.power
    g_req = required_generation(scenario, ev, cal, ledger)
    techs = p.technologies
    gen: dict[str, Arr] = {}
    firm = [t for t in techs if t.kind in NONFOSSIL_KINDS and t.kind not in VARIABLE_KINDS]
    variable = [t for t in techs if t.kind in VARIABLE_KINDS and t.hours is not None]
    for t in firm:
        if t.hours is not None:
            gen[t.key] = _available(t, ev, capacity)
    avail = {t.key: _available(t, ev, capacity) for t in variable}
    var_avail = sum_series(list(avail.values()), ev.years)
    share = ev(p.max_variable_share) / 100.0 if p.max_variable_share is not None else 1.0
    var_used = np.minimum(var_avail, share * np.maximum(g_req, 0.0))
    curtailed = var_avail - var_used
    storage_gw = sum_series(
        [capacity[t.key] * scale((t.capacity.unit,), "GW") for t in techs if t.kind == "storage"],
        ev.years,
    )
    if p.storage_hours is not None:
        eff = ev(p.storage_efficiency) / 100.0 if p.storage_efficiency is not None else 1.0
        room = storage_gw * 1e6 * ev(p.storage_hours)  # GW × h → kWh
        var_used = var_used + np.minimum(curtailed, room) * eff
        curtailed = var_avail - var_used
    ratio = np.divide(var_used, var_avail, out=np.zeros_like(var_used * 1.0), where=var_avail > 0)
    for t in variable:
        gen[t.key] = avail[t.key] * ratio
    residual = g_req - sum_series(list(gen.values()), ev.years)
    thermal = [t for t in techs if t.kind == "thermal" and t.hours is not None]
    coal = [t for t in thermal if _is_coal(t.fuel)] or thermal[-1:]
    for t in thermal:
        if t in coal:
            continue
        g = np.minimum(_available(t, ev, capacity), np.maximum(residual, 0.0))
        gen[t.key] = g
        residual = residual - g
    out = Dispatch(gen, curtailed)
    if coal:
        _coal(ev, capacity, coal, residual, out)
    return out


def _coal(
    ev: Evaluator, capacity: dict[str, Arr], coal: list[PowerTech], residual: Arr, out: Dispatch
) -> None:
    """Coal takes the residual, shared by capacity, never below its minimum-load floor."""
    kw = {t.key: capacity[t.key] * scale((t.capacity.unit,), "kW") for t in coal}
    total_kw = sum_series(list(kw.values()), ev.years)
    floor = sum_series(
        [kw[t.key] * ev(t.min_hours) for t in coal if t.min_hours is not None], ev.years
    )
    coal_kwh = np.maximum(residual, floor)
    for t in coal:
        share = np.divide(
            kw[t.key], total_kw, out=np.zeros_like(total_kw * 1.0), where=total_kw > 0
        )
        out.generation[t.key] = coal_kwh * share
    out.coal_hours = np.divide(
        coal_kwh, total_kw, out=np.zeros_like(coal_kwh * 1.0), where=total_kw > 0
    )
    binding = np.asarray(residual < floor - 1e-6)
    if binding.ndim == 1 and binding.any():
        years = [int(y) for y, b in zip(ev.years, binding, strict=True) if b]
        out.notes.append(
            "coal at its minimum-load floor (derived hours below min_hours) in "
            f"{', '.join(map(str, years))}: the surplus is exported"
        )


def electricity_demand_kwh(ev: Evaluator, ledger: Ledger) -> Arr:
    e_kwh = fx.electricity_tce_per_kwh()
    return sum_series([e.get("electricity", 0.0) for e in ledger.final.values()], ev.years) / e_kwh


def _burn(scenario: Scenario, ledger: Ledger, co2: list[Arr], fuel: str, tce: Arr) -> None:
    """Fuel burned in a power or heat plant: its tce and gases (CO2 to the plants' list)."""
    ledger.burn(fuel, tce)
    f = fx.fuel_factor(fuel, fx.POWER_CATEGORY, scenario.region, scenario.base_year)
    co2.append(tce * f.co2)
    ledger.emit(fuel, co2[-1])
    ledger.ch4.append(tce * f.ch4)
    ledger.n2o.append(tce * f.n2o)


def _net_import(
    scenario: Scenario,
    ev: Evaluator,
    cal: Calibration | None,
    ledger: Ledger,
    generation: dict[str, Arr],
) -> Arr:
    """Net imported electricity (kWh): what is needed less what the plants supply."""
    p = scenario.power
    demand_kwh = electricity_demand_kwh(ev, ledger)
    supply = sum_series(list(generation.values()), ev.years) * (1 - ev(p.own_use) / 100.0)
    need = demand_kwh * (1 + ev(p.losses) / 100.0)
    residual = cal.statistical_difference_kwh if cal else 0.0
    return need - supply + residual
