"""How fast the command line answers: ``carbonpeak --help``, ``carbonpeak plan --help`` and
``carbonpeak --version`` against a bare ``python -c "import typer"`` (goal: within 3×). Each is run
as a new process, interleaved, best of ``ROUNDS``; prints the figures and the ratios.

Run: .venv/bin/python benchmarks/bench_cli_startup.py
"""

from __future__ import annotations

import subprocess
import sys
import time

ROUNDS = 5
CLI = (
    "import sys; from carbonpeak.cli import main; sys.argv = ['carbonpeak', *sys.argv[1:]]; main()"
)
RUNS = {
    "import typer": [sys.executable, "-c", "import typer"],
    "carbonpeak --help": [sys.executable, "-c", CLI, "--help"],
    "carbonpeak plan --help": [sys.executable, "-c", CLI, "plan", "--help"],
    "carbonpeak --version": [sys.executable, "-c", CLI, "--version"],
}


def best_times() -> dict[str, float]:
    best = dict.fromkeys(RUNS, float("inf"))
    for _ in range(ROUNDS):
        for name, argv in RUNS.items():
            start = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main() -> None:
    best = best_times()
    base = best["import typer"]
    for name, seconds in best.items():
        print(
            f"{name:<24} best of {ROUNDS}: {seconds * 1000:6.0f} ms  ({seconds / base:.1f}× typer)"
        )
    worst = max(v for k, v in best.items() if k != "import typer") / base
    print(f"slowest / import typer: {worst:.1f}× (goal ≤ 3×)")


if __name__ == "__main__":
    main()
