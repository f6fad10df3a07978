"""情景与达峰 Scenarios: LEAP-style projections of a city's emissions from its base-year
inventory, the peak (达峰), the plan's targets checked, Monte Carlo, lever wedges, districts and
the IAMC export.

Sub-packages, read top-down: :mod:`.definition` (scenario files → :class:`.model.Scenario`),
:mod:`.projection` (base year, calibration, the projection steps), :mod:`.analysis` (peak,
targets, Monte Carlo, wedges), :mod:`.runs` (named runs, the typed run result, IAMC). Saved
runs: :mod:`.orm`, :mod:`.service`; adapters :mod:`.api`, :mod:`.cli`.
"""

from carbonpeak.scenarios.analysis.montecarlo import MonteCarlo, TornadoRow
from carbonpeak.scenarios.analysis.peak import Peak
from carbonpeak.scenarios.analysis.targets import Check
from carbonpeak.scenarios.runs.report import DEFAULT_METRIC, METRICS, ScenarioRun
from carbonpeak.scenarios.runs.runner import (
    published_base_gdp,
    run_named,
    run_scenario,
    scenario_names,
)
from carbonpeak.scenarios.runs.summary import missed_targets, plain_summary

__all__ = [
    "DEFAULT_METRIC",
    "METRICS",
    "Check",
    "MonteCarlo",
    "Peak",
    "ScenarioRun",
    "TornadoRow",
    "missed_targets",
    "plain_summary",
    "published_base_gdp",
    "run_named",
    "run_scenario",
    "scenario_names",
]
