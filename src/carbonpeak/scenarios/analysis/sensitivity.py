"""Global sensitivity (全局敏感性): Sobol indices with SALib, first-order (S1) and total (ST),
for 2030 emissions and for whether emissions peak by 2030, over every uncertain parameter of
a scenario (the file's and the engine's: lever delivery, continuation, CO2 factor).

Sampling: SALib's Sobol sequence on the unit cube (N·(2k+2) points, so the second-order
indices are available too), each column mapped through the parameter's inverse CDF; the model
runs once on all points (vectorised). Sobol indices assume independent inputs, so the stated
correlations of the Monte Carlo are not applied here (said in the result).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from carbonpeak.core.errors import InputError
from carbonpeak.scenarios.analysis.montecarlo import ppf, uncertain
from carbonpeak.scenarios.analysis.peak import peak_years
from carbonpeak.scenarios.model import Scenario
from carbonpeak.scenarios.projection.result import Result

OUTPUTS = ("emissions_2030_t", "peak_by_2030")
MAX_N = 8192
TOP = 5


def sobol(
    scenario: Scenario,
    project: Callable[[Mapping[str, Any]], Result],
    *,
    n: int = 512,
    seed: int = 0,
    metric: str = "regional_energy_co2",
) -> dict[str, Any]:
    """Sobol S1 and ST per parameter for 2030 emissions and P(peak ≤ 2030); the top drivers."""
    if not 2 <= n <= MAX_N:
        raise InputError(f"Sobol 基础样本数 / --draws must be 2..{MAX_N}, got {n}")
    names = uncertain(scenario)
    if len(names) < 2:
        raise InputError(f"情景 {scenario.name}: Sobol 需要至少两个不确定参数 / needs ≥ 2")
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SALib warns when n is not a power of 2
        u = sobol_sample.sample(problem, n, calc_second_order=True, seed=seed)
    u = np.clip(u, 1e-9, 1 - 1e-9)
    params = {}
    for j, name in enumerate(names):
        dist = scenario.parameters[name].distribution
        assert dist is not None
        params[name] = ppf(dist, u[:, j])[:, None]
    res = project(params)
    years = res.years
    if 2030 not in years:
        raise InputError("Sobol 需要2030年 / the horizon must include 2030")
    values = np.broadcast_to(res.total(metric), (len(u), len(years)))
    py, _ = peak_years(years, values)
    outputs = {
        "emissions_2030_t": values[:, years.index(2030)],
        "peak_by_2030": ((py <= 2030) & (py < years[-1])).astype(float),
    }
    indices = {key: _indices(problem, y, seed) for key, y in outputs.items()}
    return {
        "method": "Sobol (SALib), Saltelli/Jansen estimators; inputs independent",
        "metric": metric,
        "n": n,
        "runs": len(u),
        "parameters": names,
        "sobol": indices,
        "top": top_drivers(indices),
    }


def _indices(problem: dict[str, Any], y: np.ndarray, seed: int) -> dict[str, dict[str, float]]:
    """S1, ST (and their 95 % confidence half-widths) per parameter; zero for a constant
    output (e.g. every draw peaks by 2030: nothing to attribute)."""
    names = problem["names"]
    if np.ptp(y) == 0:
        return {n: {"S1": 0.0, "ST": 0.0, "S1_conf": 0.0, "ST_conf": 0.0} for n in names}
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        # SALib 1.6 bootstraps the confidence widths with its own generator only if ``seed``
        # is true (``if seed:``), else with numpy's global state: seed 0 gave widths that
        # changed from process to process. A Generator is always true, and SALib's
        # ``np.random.default_rng(seed)`` returns it as it is (for a seed other than 0 the
        # same draws as before).
        bootstrap = np.random.default_rng(seed)
        si = sobol_analyze.analyze(problem, y, calc_second_order=True, seed=bootstrap)
    return {
        n: {
            "S1": float(np.nan_to_num(si["S1"][i])),
            "ST": float(np.nan_to_num(si["ST"][i])),
            "S1_conf": float(np.nan_to_num(si["S1_conf"][i])),
            "ST_conf": float(np.nan_to_num(si["ST_conf"][i])),
        }
        for i, n in enumerate(names)
    }


def top_drivers(indices: Mapping[str, Mapping[str, Mapping[str, float]]]) -> list[dict[str, Any]]:
    """The five parameters with the largest total index (the larger over the two outputs)."""
    names = next(iter(indices.values())).keys()
    rows: list[dict[str, Any]] = [
        {
            "parameter": n,
            "ST_emissions_2030": indices["emissions_2030_t"][n]["ST"],
            "ST_peak_by_2030": indices["peak_by_2030"][n]["ST"],
            "S1_emissions_2030": indices["emissions_2030_t"][n]["S1"],
        }
        for n in names
    ]
    rows.sort(key=lambda r: -max(float(r["ST_emissions_2030"]), float(r["ST_peak_by_2030"])))
    return rows[:TOP]
