"""How long target tracking takes on the bundled plan with the illustrative demo data.
Prints its figures.

Timed, on a fresh SQLite database with the demo loaded (85 targets, 67 indicators, ~340 values,
94 tasks, ~465 progress reports): ``evaluate_plan`` (the status of every target), the warning
check, the annual assessment draft (``assessment.run``) and the annual report (.docx + .xlsx);
and the pure status computation alone (``status.evaluate``, per target). The claim: a status
page (every target) answers in **under half a second**, the annual report in under five seconds,
on the development machine (2 cores, shared).

Run: .venv/bin/python benchmarks/bench_tracking.py [RUNS]   (default 5 runs)
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from carbonpeak.bootstrap import init_database
from carbonpeak.db.session import session_scope
from carbonpeak.plan.orm import PlanRow
from carbonpeak.reports.annual import write_annual
from carbonpeak.reports.service import annual_payload
from carbonpeak.tracking.assessment import service as assessment
from carbonpeak.tracking.demo import service as demo
from carbonpeak.tracking.model import Observation, TargetSpec
from carbonpeak.tracking.statuses import service as statuses
from carbonpeak.tracking.statuses.status import evaluate
from carbonpeak.tracking.warnings import service as alerts


def _time(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main(runs: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-tracking-"))
    url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    init_database(url=url)
    with session_scope(url) as db:
        plan = db.get(PlanRow, 1)
        assert plan is not None
        demo.load(db_session=db, plan=plan, today=date(2025, 3, 1))
    as_of = date(2024, 12, 31)
    figures: list[tuple[str, float, float]] = []
    with session_scope(url) as db:
        plan = db.get(PlanRow, 1)
        assert plan is not None
        n = len(statuses.evaluate_plan(db_session=db, plan_id=1, as_of=as_of))
        figures.append(
            (
                "evaluate_plan (all targets)",
                *_time(lambda: statuses.evaluate_plan(db_session=db, plan_id=1, as_of=as_of), runs),
            )
        )
        figures.append(
            (
                "warnings check",
                *_time(
                    lambda: alerts.check(db_session=db, plan_id=1, as_of=as_of, actor="b"), runs
                ),
            )
        )
        figures.append(
            (
                "assessment.run (2025 draft)",
                *_time(
                    lambda: assessment.run(
                        db_session=db, plan=plan, year=2025, actor="b", today=date(2026, 3, 1)
                    ),
                    runs,
                ),
            )
        )
        payload = annual_payload(db_session=db, plan=plan, year=2024)
        figures.append(
            (
                "annual report .docx + .xlsx",
                *_time(lambda: write_annual(payload, tmp / "annual.docx"), runs),
            )
        )
        db.rollback()
    spec = TargetSpec(comparator=">=", value=30.0, year=2025, unit="%")
    obs = [Observation(date(y, 12, 31), 20.0 + y - 2020) for y in range(2020, 2025)]
    k = 10_000
    med, best = _time(lambda: [evaluate(spec, obs, as_of=as_of) for _ in range(k)], runs)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"targets: {n}; runs: {runs} (median / best)")
    for name, m, b in figures:
        print(f"{name:32s} {m * 1000:8.1f} ms  {b * 1000:8.1f} ms")
    print(f"{'status.evaluate (pure), each':32s} {med / k * 1e6:8.1f} µs  {best / k * 1e6:8.1f} µs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
