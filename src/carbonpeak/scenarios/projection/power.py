"""Step 2 of a projection, power and heat (电力热力).

generation[k] = capacity[k] (GW) × hours[k]; thermal fuel input = generation × heat rate
(gce/kWh); electricity demand = Σ E[b, electricity] ÷ 0.1229 kgce/kWh (电热当量); net import =
demand × (1 + losses) − Σ generation × (1 − own use) + statistical difference (the base-year
residual, held constant). Heat: heat-plant fuel = Σ E[b, heat] ÷ efficiency. Plant emissions use
the inventory engine's factors of 1.A.1.a (no multiplier: a base-year difference is the visible
``other.power`` branch).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from carbonpeak.core.units import scale
from carbonpeak.scenarios.model import NONFOSSIL_KINDS, Scenario
from carbonpeak.scenarios.projection import factors as fx
from carbonpeak.scenarios.projection.calibration import Calibration
from carbonpeak.scenarios.projection.evaluator import Evaluator
from carbonpeak.scenarios.projection.result import Arr, Ledger, sum_series


@dataclass(frozen=True)
class PowerFlows:
    """What the totals need from power and heat (kWh; capacity in GW)."""

    capacity: dict[str, Arr]
    generation: dict[str, Arr]
    primary_kwh: Arr  # non-fossil generation (primary electricity)
    net_import_kwh: Arr


def account(
    scenario: Scenario, ev: Evaluator, cal: Calibration | None, ledger: Ledger
) -> PowerFlows:
    """Plants and heat plants: fuel and emissions added to ``ledger`` (``co2["power"]``), after
    the demand step (their demand comes from ``ledger.final``)."""
    p = scenario.power
    capacity: dict[str, Arr] = {}
    generation: dict[str, Arr] = {}
    power_co2: list[Arr] = []
    primary = np.zeros(len(ev.years))
    for t in p.technologies:
        cap = ev(t.capacity)
        capacity[t.key] = cap
        if t.hours is None:
            continue
        gen = cap * ev(t.hours) * scale((t.capacity.unit, t.hours.unit), "kWh")
        generation[t.key] = gen
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
    return PowerFlows(
        capacity, generation, primary, _net_import(scenario, ev, cal, ledger, generation)
    )


def _burn(scenario: Scenario, ledger: Ledger, co2: list[Arr], fuel: str, tce: Arr) -> None:
    """Fuel burned in a power or heat plant: its tce and gases (CO2 to the plants' list)."""
    ledger.burn(fuel, tce)
    f = fx.fuel_factor(fuel, fx.POWER_CATEGORY, scenario.region, scenario.base_year)
    co2.append(tce * f.co2)
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
    e_kwh = fx.electricity_tce_per_kwh()
    demand_kwh = (
        sum_series([e.get("electricity", 0.0) for e in ledger.final.values()], ev.years) / e_kwh
    )
    supply = sum_series(list(generation.values()), ev.years) * (1 - ev(p.own_use) / 100.0)
    need = demand_kwh * (1 + ev(p.losses) / 100.0)
    residual = cal.statistical_difference_kwh if cal else 0.0
    return need - supply + residual
