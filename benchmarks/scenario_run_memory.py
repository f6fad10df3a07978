"""Peak memory of one scenario run with a Monte Carlo, per size (draws × end year).

Each size runs in a fresh process (``ru_maxrss`` is a high-water mark); the figure printed is
the peak resident memory of the run minus that of the process just before it. Used to set
the caps of ``carbonpeak.core.heavy.RUN_CAPS`` and ``HEAVY_RUNS``.

    .venv/bin/python benchmarks/scenario_run_memory.py [DRAWS:END_YEAR ...]
"""

from __future__ import annotations

import json
import subprocess
import sys

CHILD = """
import json, resource, sys, time
from carbonpeak.scenarios.runs import runner
runner.run_named("plan", draws=10, end_year=2030)  # imports and caches warmed up
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
runner.run_named("plan", draws=int(sys.argv[1]), end_year=int(sys.argv[2]), seed=1)
took = time.perf_counter() - t
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"before_mb": before / 1024, "peak_mb": after / 1024, "seconds": took}))
"""

DEFAULT = ["1000:2040", "5000:2060", "20000:2060"]


def main(sizes: list[str]) -> None:
    print("draws  end   run MB (peak - before)  peak MB  seconds")
    for size in sizes:
        draws, end = size.split(":")
        out = subprocess.run(
            [sys.executable, "-c", CHILD, draws, end], capture_output=True, text=True, check=True
        )
        m = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{int(draws):>6} {end:>5} {m['peak_mb'] - m['before_mb']:>14.0f}"
            f" {m['peak_mb']:>17.0f} {m['seconds']:>8.1f}"
        )


if __name__ == "__main__":
    main(sys.argv[1:] or DEFAULT)
