"""Monte Carlo (蒙特卡洛) over a scenario's uncertain parameters, vectorised with numpy.

Every parameter with a ``distribution`` is drawn N times with one seeded generator
(``numpy.random.default_rng(seed)``, parameters in name order, so a seed always gives the same
draws); the model runs once on arrays of shape (N, years). Results: P(peak ≤ 2030), quantiles
of the peak year and value, fan-chart percentiles per year, and a tornado ranking (one-at-a-
time: each parameter at its P10 and P90 with the others at their central values).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

import numpy as np

from carbonpeak.core.errors import InputError
from carbonpeak.scenarios.analysis.peak import peak_years
from carbonpeak.scenarios.model import Distribution, Scenario
from carbonpeak.scenarios.projection.result import Result

QUANTILES = (0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95)
FAN = (5, 25, 50, 75, 95)
MAX_DRAWS = 200_000


def draw(dist: Distribution, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` draws of one distribution."""
    a = dist.args
    if dist.kind == "normal":
        return rng.normal(a[0], a[1], n)
    if dist.kind == "uniform":
        return rng.uniform(a[0], a[1], n)
    if dist.kind == "triangular":
        if a[0] == a[2]:
            return np.full(n, a[0])
        return rng.triangular(a[0], a[1], a[2], n)
    if dist.kind == "lognormal":
        mean, sd = a
        sigma2 = np.log1p((sd / mean) ** 2)  # moments of the value -> parameters of its log
        return rng.lognormal(np.log(mean) - sigma2 / 2, np.sqrt(sigma2), n)
    if dist.kind == "choice":
        p = np.asarray(dist.weights, dtype=float) if dist.weights else None
        return rng.choice(np.asarray(a, dtype=float), n, p=None if p is None else p / p.sum())
    raise InputError(f"未知分布 / unknown distribution {dist.kind!r}")


def sample(scenario: Scenario, n: int, seed: int) -> dict[str, np.ndarray]:
    """Draws (n, 1) of every uncertain parameter, reproducible from ``seed``."""
    if not 1 <= n <= MAX_DRAWS:
        raise InputError(f"抽样次数 / draws must be 1..{MAX_DRAWS}, got {n}")
    rng = np.random.default_rng(seed)
    return {
        name: draw(p.distribution, n, rng)[:, None]
        for name, p in sorted(scenario.parameters.items())
        if p.distribution is not None
    }


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

    def as_dict(self) -> dict[str, Any]:
        """The JSON of the CLI and the API."""
        return {
            "draws": self.draws,
            "seed": self.seed,
            "metric": self.metric,
            "parameters": list(self.parameters),
            "p_peak_by_2030": self.p_peak_by_2030,
            "p_peaked_within_horizon": self.p_peaked_in_horizon,
            "peak_year_quantiles": self.peak_year_quantiles,
            "peak_value_quantiles_t": self.peak_value_quantiles,
            "fan_t": {"years": list(self.years), **self.fan},
            "tornado": self.tornado,
        }


def run_montecarlo(
    scenario: Scenario,
    project: Callable[[Mapping[str, Any]], Result],
    *,
    draws: int,
    seed: int = 0,
    metric: str = "regional_energy_co2",
    tornado: bool = True,
) -> MonteCarlo:
    """``project(params)`` runs the model with parameter arrays (see
    :func:`carbonpeak.scenarios.projection.engine.run`)."""
    params = sample(scenario, draws, seed)
    if not params:
        raise InputError(f"情景 {scenario.name} 没有不确定参数 / no parameter has a distribution")
    res = project(params)
    values = np.broadcast_to(res.total(metric), (draws, len(res.years)))
    years = res.years
    py, pv = peak_years(years, values)
    last = years[-1]
    q = {f"p{round(x * 100)}": float(np.quantile(py, x)) for x in QUANTILES}
    qv = {f"p{round(x * 100)}": float(np.quantile(pv, x)) for x in QUANTILES}
    fan = {f"p{p}": np.percentile(values, p, axis=0).tolist() for p in FAN}
    return MonteCarlo(
        draws=draws,
        seed=seed,
        metric=metric,
        years=years,
        p_peak_by_2030=float(np.mean((py <= 2030) & (py < last))),
        p_peaked_in_horizon=float(np.mean(py < last)),
        peak_year_quantiles=q,
        peak_value_quantiles=qv,
        fan=fan,
        tornado=_tornado(scenario, project, metric) if tornado else [],
        parameters=tuple(params),
    )


def _tornado(
    scenario: Scenario, project: Callable[[Mapping[str, Any]], Result], metric: str
) -> list[TornadoRow]:
    """Swing of peak year and value, each parameter at P10 / P90 (one run for all of them)."""
    uncertain = sorted(n for n, p in scenario.parameters.items() if p.distribution is not None)
    rng = np.random.default_rng(12345)
    rows = []
    for name in uncertain:
        dist = scenario.parameters[name].distribution
        assert dist is not None
        sample_ = draw(dist, 4000, rng)
        rows.append((name, float(np.quantile(sample_, 0.1)), float(np.quantile(sample_, 0.9))))
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
