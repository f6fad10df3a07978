"""Monte Carlo (蒙特卡洛) over a scenario's uncertain parameters, vectorised with numpy.

Uncertain parameters are the scenario file's (each with its distribution) and the engine's
(:mod:`carbonpeak.scenarios.definition.uncertainty`: lever delivery, continuation after 2030,
the CO2 factor of each fuel burned with a sourced range, and a fallback multiplier for the rest
and the base-year inventory). They are drawn with one seeded generator
(``numpy.random.default_rng(seed)``, in name order) through a Gaussian copula, so the stated
correlations hold (GDP growth across periods, GDP and industrial output); the model runs once on
arrays of shape (N, years). Results: P(peak ≤ 2025/2030/2035) and the peak-year distribution for
both totals (territorial 辖区排放 and regional energy CO2 能源活动排放), P(target met) per target,
quantiles, a fan chart per year and a one-at-a-time tornado.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

import numpy as np
from scipy import stats

from carbonpeak.core.errors import InputError
from carbonpeak.scenarios.analysis.peak import peak_years
from carbonpeak.scenarios.definition.uncertainty import spec
from carbonpeak.scenarios.model import Distribution, Scenario
from carbonpeak.scenarios.projection.result import Result

QUANTILES = (0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95)
FAN = (5, 25, 50, 75, 95)
MAX_DRAWS = 200_000
#: The two totals a peak is reported for (辖区排放, 能源活动排放).
BOTH_TOTALS = ("territorial", "regional_energy_co2")
PEAK_BY = (2025, 2030, 2035)


def ppf(dist: Distribution, u: np.ndarray) -> np.ndarray:
    """The distribution's quantiles at ``u`` in (0, 1) (inverse CDF)."""
    a = dist.args
    if dist.kind == "normal":
        return np.asarray(stats.norm.ppf(u, a[0], a[1]) if a[1] > 0 else np.full(u.shape, a[0]))
    if dist.kind == "uniform":
        return a[0] + u * (a[1] - a[0])
    if dist.kind == "triangular":
        low, mode, high = a
        if high == low:
            return np.full(u.shape, low)
        c = (mode - low) / (high - low)
        return np.asarray(stats.triang.ppf(u, c, loc=low, scale=high - low))
    if dist.kind == "split_normal":
        low95, median, high95 = a
        z = np.asarray(stats.norm.ppf(u))
        half = np.where(z < 0, median - low95, high95 - median) / stats.norm.ppf(0.975)
        return median + z * half
    if dist.kind == "lognormal":
        mean, sd = a
        sigma2 = np.log1p((sd / mean) ** 2)  # moments of the value -> parameters of its log
        return np.asarray(
            stats.lognorm.ppf(u, np.sqrt(sigma2), scale=np.exp(np.log(mean) - sigma2 / 2))
        )
    if dist.kind == "choice":
        w = np.asarray(dist.weights or [1.0] * len(a), dtype=float)
        cum = np.cumsum(w / w.sum())
        idx = np.minimum(np.searchsorted(cum, u, side="right"), len(a) - 1)
        return np.asarray(a, dtype=float)[idx]
    raise InputError(f"未知分布 / unknown distribution {dist.kind!r}")


def draw(dist: Distribution, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` independent draws of one distribution."""
    return ppf(dist, rng.uniform(1e-12, 1 - 1e-12, n))


def uncertain(scenario: Scenario) -> list[str]:
    """The parameters with a distribution, in name order."""
    return sorted(n for n, p in scenario.parameters.items() if p.distribution is not None)


def correlation(names: list[str]) -> np.ndarray:
    """The correlation matrix of ``names`` (identity but for the stated correlations)."""
    c = np.eye(len(names))
    index = {n: i for i, n in enumerate(names)}
    for group, rho in spec().correlations:
        present = [index[n] for n in group if n in index]
        for i in present:
            for j in present:
                if i != j:
                    c[i, j] = rho
    return c


def sample(scenario: Scenario, n: int, seed: int) -> dict[str, np.ndarray]:
    """Draws (n, 1) of every uncertain parameter, correlated, reproducible from ``seed``."""
    if not 1 <= n <= MAX_DRAWS:
        raise InputError(f"抽样次数 / draws must be 1..{MAX_DRAWS}, got {n}")
    names = uncertain(scenario)
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, len(names))) @ np.linalg.cholesky(correlation(names)).T
    u = np.clip(stats.norm.cdf(z), 1e-12, 1 - 1e-12)
    out = {}
    for j, name in enumerate(names):
        dist = scenario.parameters[name].distribution
        assert dist is not None
        out[name] = ppf(dist, u[:, j])[:, None]
    return out


class TornadoRow(TypedDict):
    """One parameter at its P10 (low) and P90 (high): peak years and values (t), swings."""

    parameter: str
    low: float
    high: float
    peak_year: list[int]
    peak_value_t: list[float]
    swing_t: float
    swing_years: int


@dataclass(frozen=True)
class MonteCarlo:
    """The Monte Carlo summary of one scenario; ``fan``: percentile ("p5") → t per year."""

    draws: int
    seed: int
    metric: str
    years: tuple[int, ...]
    p_peak_by_2030: float
    p_peaked_in_horizon: float
    peak_year_quantiles: dict[str, float]
    peak_value_quantiles: dict[str, float]
    fan: dict[str, list[float]]  # "p5" -> per year
    tornado: list[TornadoRow]
    parameters: tuple[str, ...]
    p_peak_by: dict[str, dict[str, float]] = field(default_factory=dict)
    peak_year_distribution: dict[str, dict[str, float]] = field(default_factory=dict)
    p_target_met: dict[str, float] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    #: fuel burned -> the parameter drawing its CO2 factor (``co2_factor_<fuel>`` from its
    #: sourced range, or the ``co2_factor`` fallback), "sourced"/"fallback", and the source
    factor_draws: dict[str, dict[str, str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The JSON of the CLI and the API."""
        return {
            "draws": self.draws,
            "seed": self.seed,
            "metric": self.metric,
            "parameters": list(self.parameters),
            "sources": self.sources,
            "factor_draws": self.factor_draws,
            "p_peak_by_2030": self.p_peak_by_2030,
            "p_peak_by": self.p_peak_by,
            "peak_year_distribution": self.peak_year_distribution,
            "p_target_met": self.p_target_met,
            "p_peaked_within_horizon": self.p_peaked_in_horizon,
            "peak_year_quantiles": self.peak_year_quantiles,
            "peak_value_quantiles_t": self.peak_value_quantiles,
            "fan_t": {"years": list(self.years), **self.fan},
            "tornado": self.tornado,
        }


def peak_probabilities(
    years: tuple[int, ...], values: np.ndarray
) -> tuple[dict[str, float], dict[str, float]]:
    """P(peak ≤ year) for 2025/2030/2035 and the share of draws peaking in each year (a draw
    still rising in the last year has not peaked: 'not by <last>')."""
    py, _ = peak_years(years, values)
    last = years[-1]
    peaked = py < last
    by = {str(y): float(np.mean(peaked & (py <= y))) for y in PEAK_BY if y <= last}
    dist = {str(y): float(np.mean(peaked & (py == y))) for y in years[:-1]}
    dist[f"not by {last}"] = float(np.mean(~peaked))
    return by, {k: v for k, v in dist.items() if v > 0 or k.startswith("not")}


def run_montecarlo(
    scenario: Scenario,
    project: Callable[[Mapping[str, Any]], Result],
    *,
    draws: int,
    seed: int = 0,
    metric: str = "regional_energy_co2",
    tornado: bool = True,
    targets: Callable[[Result], Mapping[str, np.ndarray]] | None = None,
) -> MonteCarlo:
    """``project(params)`` runs the model with parameter arrays (see
    :func:`carbonpeak.scenarios.projection.engine.run`); ``targets(result)`` gives per target
    whether each draw meets it."""
    params = sample(scenario, draws, seed)
    if not params:
        raise InputError(f"情景 {scenario.name} 没有不确定参数 / no parameter has a distribution")
    res = project(params)
    years = res.years
    values = np.broadcast_to(res.total(metric), (draws, len(years)))
    py, pv = peak_years(years, values)
    last = years[-1]
    by: dict[str, dict[str, float]] = {}
    dist: dict[str, dict[str, float]] = {}
    for total in dict.fromkeys((*BOTH_TOTALS, metric)):
        v = np.broadcast_to(res.total(total), (draws, len(years)))
        by[total], dist[total] = peak_probabilities(years, v)
    met = {
        k: float(np.mean(np.broadcast_to(m, (draws,)))) for k, m in (targets or _none)(res).items()
    }
    return MonteCarlo(
        draws=draws,
        seed=seed,
        metric=metric,
        years=years,
        p_peak_by_2030=float(np.mean((py <= 2030) & (py < last))),
        p_peaked_in_horizon=float(np.mean(py < last)),
        peak_year_quantiles={f"p{round(x * 100)}": float(np.quantile(py, x)) for x in QUANTILES},
        peak_value_quantiles={f"p{round(x * 100)}": float(np.quantile(pv, x)) for x in QUANTILES},
        fan={f"p{p}": np.percentile(values, p, axis=0).tolist() for p in FAN},
        tornado=_tornado(scenario, project, metric) if tornado else [],
        parameters=tuple(params),
        p_peak_by=by,
        peak_year_distribution=dist,
        p_target_met=met,
        sources={n: scenario.parameters[n].source for n in params},
    )


def _none(_: Result) -> dict[str, np.ndarray]:
    return {}


def _tornado(
    scenario: Scenario, project: Callable[[Mapping[str, Any]], Result], metric: str
) -> list[TornadoRow]:
    """Swing of peak year and value, each parameter at P10 / P90 (one run for all of them)."""
    rows = []
    for name in uncertain(scenario):
        dist = scenario.parameters[name].distribution
        assert dist is not None
        lo, hi = ppf(dist, np.array([0.1, 0.9]))
        rows.append((name, float(lo), float(hi)))
    k = len(rows)
    # 2k cases: case 2i = parameter i at P10, 2i+1 at P90, every other at its central value
    arrays = {}
    for i, (name, lo, hi) in enumerate(rows):
        col = np.full(2 * k, scenario.parameters[name].value)
        col[2 * i], col[2 * i + 1] = lo, hi
        arrays[name] = col[:, None]
    res = project(arrays)
    values = np.broadcast_to(res.total(metric), (2 * k, len(res.years)))
    py, pv = peak_years(res.years, values)
    out = [
        TornadoRow(
            parameter=name,
            low=lo,
            high=hi,
            peak_year=[int(py[2 * i]), int(py[2 * i + 1])],
            peak_value_t=[float(pv[2 * i]), float(pv[2 * i + 1])],
            swing_t=float(abs(pv[2 * i + 1] - pv[2 * i])),
            swing_years=int(abs(py[2 * i + 1] - py[2 * i])),
        )
        for i, (name, lo, hi) in enumerate(rows)
    ]
    return sorted(out, key=lambda r: (-r["swing_years"], -r["swing_t"]))
