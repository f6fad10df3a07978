from carbonpeak.scenarios.runs.runner import DEFAULT_METRIC, METRICS, run_named, scenario_names

__all__ = [
    "DEFAULT_METRIC",
    "METRICS",
    "run_named",
    "scenario_names",
]
