"""How long scenario projections take: one deterministic run of the demo city model to 2035 and
to 2060, Monte Carlo runs of 1,000 and 10,000 draws (vectorised: the model runs once on
arrays of shape (draws, years); budget < 2 s for 10,000) and the Sobol analysis with SALib at
N = 512 over every uncertain parameter (k ≈ 24, N·(2k+2) runs; budget < 10 s). Prints its
figures and the load average.

Run: .venv/bin/python benchmarks/bench_scenarios.py (or benchmarks/scenarios.py, which runs this)
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from carbonpeak.scenarios.analysis.montecarlo import run_montecarlo, uncertain
from carbonpeak.scenarios.analysis.sensitivity import sobol
from carbonpeak.scenarios.runs import runner

ROUNDS = 10


def _best(fn: Callable[[], object], rounds: int = ROUNDS) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    start = time.perf_counter()
    runner.demo_inventory()
    print(
        f"base-year inventory (demo activity, accounting engine, once per process): "
        f"{time.perf_counter() - start:.2f} s"
    )
    plan = runner.load("plan")
    runner.project(plan)  # warm the factor and calibration caches
    for end in (2035, 2060):
        s = replace(plan, end_year=end)
        best, median = _best(partial(runner.project, s))
        print(
            f"deterministic run plan {s.base_year}-{end} (incl. calibration): "
            f"best {best * 1000:.1f} ms, median {median * 1000:.1f} ms"
        )
    for draws in (1000, 10_000):

        def mc(draws: int = draws) -> object:
            return run_montecarlo(
                plan, lambda p: runner.project(plan, p), draws=draws, seed=1, tornado=False
            )

        best, median = _best(mc, rounds=5)
        print(
            f"Monte Carlo plan 2020-2035, {draws} draws: best {best:.3f} s, "
            f"median {median:.3f} s ({draws / best:,.0f} draws/s)"
        )
    best, _ = _best(
        lambda: run_montecarlo(plan, lambda p: runner.project(plan, p), draws=1000, seed=1),
        rounds=3,
    )
    print(f"Monte Carlo 1000 draws + tornado (one-at-a-time P10/P90): best {best:.3f} s")
    k = len(uncertain(plan))
    best, median = _best(
        lambda: sobol(plan, lambda p: runner.project(plan, p), n=512, seed=0), rounds=3
    )
    print(
        f"Sobol (SALib) plan, N=512, k={k}: {512 * (2 * k + 2):,} runs, best {best:.2f} s, "
        f"median {median:.2f} s (budget 10 s)"
    )
    print(f"load average (1, 5, 15 min): {os.getloadavg()}")


if __name__ == "__main__":
    main()
