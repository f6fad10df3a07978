"""LEAP-style accounting projection (情景预测): one scenario, every year, optionally every draw.

:func:`run` calibrates the scenario to its base-year inventory (:mod:`.calibrate`, when one is
given) and projects it in four steps, each adding to one :class:`~.result.Ledger`:

1. :mod:`.demand`: final energy E[b,f] = activity × intensity × share / 100 per branch and fuel,
   and its combustion and process emissions;
2. :mod:`.power`: generation, plant and heat-plant fuel and emissions, net imported electricity;
3. :mod:`.fugitive`: coal-mine methane;
4. :mod:`.totals`: sinks, what the calibration holds, the totals and energy by method.

Every factor is the inventory engine's (:mod:`.factors`). With an inventory, CH4, N2O and other
gases no branch gives are held at their base-year value, so the base year's CO2e equals the
inventory's.

Values are numpy arrays with the year as the last axis; with Monte Carlo parameters of shape
(N, 1) the whole model runs once for all N draws (no loop per draw).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from carbonpeak.scenarios.definition.schema import order_keys
from carbonpeak.scenarios.model import Scenario
from carbonpeak.scenarios.projection import demand, fugitive, power, totals
from carbonpeak.scenarios.projection.baseyear import BaseYear
from carbonpeak.scenarios.projection.calibrate import calibrate
from carbonpeak.scenarios.projection.calibration import Calibration
from carbonpeak.scenarios.projection.evaluator import Evaluator, no_plan
from carbonpeak.scenarios.projection.result import Ledger, Result


def run(
    scenario: Scenario,
    *,
    base_year: BaseYear | None = None,
    params: Mapping[str, Any] | None = None,
    plan: Callable[[str, str], float] | None = None,
) -> Result:
    """Project ``scenario``; ``params`` replaces parameter values (arrays (N, 1) for draws)."""
    values: dict[str, Any] = {n: p.value for n, p in scenario.parameters.items()}
    defaults = dict(values)
    values.update(params or {})
    plan_ = plan or no_plan
    cal = None
    if base_year is not None:
        cal = calibrate(scenario, base_year, lambda c: project(scenario, defaults, c, plan_))
    return project(scenario, values, cal, plan_)


def project(
    scenario: Scenario,
    values: Mapping[str, Any],
    cal: Calibration | None,
    plan: Callable[[str, str], float],
) -> Result:
    """One projection with parameter ``values`` and an optional calibration."""
    ev = Evaluator(scenario, values, cal.bases if cal else {}, plan)
    for name in order_keys(scenario.key_assumptions):
        ev.keys[name] = ev(scenario.key_assumptions[name])
    ledger = Ledger()
    demand.account(scenario, ev, cal, ledger)
    flows = power.account(scenario, ev, cal, ledger)
    notes: list[str] = []
    ch4_fugitive = fugitive.account(scenario, ev, cal, notes)
    return totals.result(scenario, ev, cal, ledger, flows, ch4_fugitive, notes)
