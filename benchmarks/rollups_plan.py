"""Rollup planning and writing, in process (issue 17): CPU time of ``rollups.service.plan`` /
``plan_appended`` plus ``write`` per reading, for the ingest benchmark's shapes.

- *bulk*: one enterprise's 10 points (``ingest.bench_registry``), requests of 2,000 15-minute
  steps (20,000 readings) sent one after another into a fresh SQLite database, so the second
  and later requests join stored days;
- *gateway*: after a day of history, packages of one step (10 readings).

Each request goes through ``readings.service.ingest``; the rollup functions are wrapped to
take their thread CPU time. Medians over ``--repeat`` fresh databases. Run niced on a shared
machine: ``nice -n 19 .venv/bin/python benchmarks/rollups_plan.py [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import ingest

from carbonpeak.core.memory import gc_paused
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.readings import service
from carbonpeak.monitoring.rollups import service as aggregates

CODE = ingest.enterprise_code(0)


class Clock:
    """Thread CPU seconds spent in the wrapped functions."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    def wrap(self, name: str) -> None:
        real: Callable[..., Any] = getattr(aggregates, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.thread_time()
            try:
                return real(*args, **kwargs)
            finally:
                self.spent[name] = self.spent.get(name, 0.0) + time.thread_time() - t0

        setattr(aggregates, name, timed)
        self.undo.append((name, real))

    undo: list[tuple[str, Callable[..., Any]]]

    def __enter__(self) -> Clock:
        self.undo = []
        for name in ("plan", "plan_appended", "write"):
            self.wrap(name)
        return self

    def __exit__(self, *exc: object) -> None:
        for name, real in self.undo:
            setattr(aggregates, name, real)


def payload(steps: range) -> dict[str, Any]:
    rows = [{"point": c, "ts": ts.isoformat(), "value": v} for c, ts, v in ingest.series(0, steps)]
    return {"enterprise": CODE, "readings": rows}


def fresh(tmp: str, name: str) -> str:
    url = f"sqlite:///{Path(tmp) / name}"
    ingest.prepare(url, ingest.bench_registry(1))
    return url


def send(url: str, body: dict[str, Any]) -> None:
    with gc_paused(), session_scope(url) as db:  # as the server runs a large batch
        result = service.ingest(
            db_session=db, payload=body, actor="bench", source="http", enterprise_scope=CODE
        )
        assert not result.rejected, result.rejected[:3]


def bulk(tmp: str, run: int, requests: int) -> list[tuple[float, float]]:
    """µs per reading of plan and of write, per request (the first into an empty database)."""
    url = fresh(tmp, f"bulk{run}.sqlite3")
    bodies = [payload(range(k * 2000, (k + 1) * 2000)) for k in range(requests)]
    out = []
    for body in bodies:
        with Clock() as clock:
            send(url, body)
        scale = 1e6 / len(body["readings"])
        out.append((clock.spent.get("plan", 0.0) * scale, clock.spent["write"] * scale))
    return out


def gateway(tmp: str, run: int, packages: int) -> list[float]:
    """µs per package of plan_appended + write (after a day of history)."""
    url = fresh(tmp, f"gw{run}.sqlite3")
    send(url, payload(range(96)))
    out = []
    for k in range(96, 96 + packages):
        body = payload(range(k, k + 1))
        with Clock() as clock:
            send(url, body)
        assert "plan" not in clock.spent, "a package took the recomputing path"
        out.append(sum(clock.spent.values()) * 1e6)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--requests", type=int, default=3)
    parser.add_argument("--packages", type=int, default=200)
    args = parser.parse_args()
    ingest.start_recent(args.requests * 2000)
    first, later, plans, writes, packages = [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.repeat):
            per_request = bulk(tmp, run, args.requests)
            first.append(sum(per_request[0]))
            later.append(statistics.median(sum(r) for r in per_request[1:]))
            plans.append(statistics.median(r[0] for r in per_request[1:]))
            writes.append(statistics.median(r[1] for r in per_request[1:]))
            packages.append(statistics.median(gateway(tmp, run, args.packages)))
    median = statistics.median
    print(f"bulk, first request (empty db):  {median(first):6.2f} µs/reading")
    print(
        f"bulk, later requests (joined):   {median(later):6.2f} µs/reading "
        f"(plan {median(plans):.2f}, write {median(writes):.2f})"
    )
    print(f"gateway package (10 readings):   {median(packages):6.1f} µs/package")
    print("runs:", [round(x, 2) for x in later], "uptime:", os.popen("uptime").read().strip())


if __name__ == "__main__":
    main()
