"""CPU time of the ingest check per reading, in process (issue 17): ``check_payload`` on the
bulk shape's requests of 20,000 readings and on gateway packages of 10 (the readings of
``ingest.py``, illustrative), then what the store reads of the checked rows before its
queries (the rows by point, their points, their earliest time label).

Time labels are remembered by the check (``validate._LABELS``: every enterprise's package at
a quarter hour carries the same ones); ``cold`` empties that memory before every payload.
Medians of ``--repeat`` runs of CPU time (``time.process_time``), the garbage collector off
as in the server's large-batch path.

Run: .venv/bin/python benchmarks/ingest_check.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from pydantic_core import from_json

from carbonpeak.monitoring.model import by_point, first_stamp, points_of
from carbonpeak.monitoring.readings import validate

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ingest  # the bulk and gateway shapes' readings and registry


def per_reading(payloads: list[Any], points: Any, *, store: bool, cold: bool) -> float:
    """CPU µs per reading of checking ``payloads`` (and the store's reads of the rows)."""
    spent = 0.0
    count = 0
    for payload in payloads:
        if cold:
            validate._LABELS.clear()
        start = time.process_time()
        batch = validate.check_payload(payload, points=points)
        if store:
            by_point(batch.rows)
            set(points_of(batch.rows))
            first_stamp(batch.rows)
        spent += time.process_time() - start
        count += len(payload["readings"])
    return spent / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    ingest.start_recent(2000)
    points = ingest.bench_registry(25).points
    shapes = {
        "bulk (20,000 a request)": [from_json(b) for b in ingest.bodies(25, 2000, 20_000)[:4]],
        "gateway (10 a package)": [from_json(b) for b in ingest.bodies(25, 8, 10)[:100]] * 10,
    }
    gc.disable()
    for name, payloads in shapes.items():
        for store in (False, True):
            for cold in (False, True):
                runs = [
                    per_reading(payloads, points, store=store, cold=cold)
                    for _ in range(args.repeat)
                ]
                what = "check + store reads" if store else "check"
                print(
                    f"{name:24s} {what:20s} labels {'cold' if cold else 'warm'}: "
                    f"median {statistics.median(runs):6.3f} µs/reading"
                )
    gc.enable()


if __name__ == "__main__":
    main()
