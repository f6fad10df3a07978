from carbonpeak.scenarios.runner import DEFAULT_METRIC, METRICS, run_named, scenario_names

__all__ = [
    "DEFAULT_METRIC",
    "METRICS",
    "run_named",
    "scenario_names",
]
