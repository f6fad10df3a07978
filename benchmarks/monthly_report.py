"""Monthly report benchmark (issue 4): unit consumption (单位产品能耗) of 200 enterprises over one
year of 15-minute data, from the stored rollups. Goal: under one second.

How the data is made (illustrative, invented; on SQLite, then PostgreSQL when it answers):

1. 200 enterprises, each with one sinter process (烧结工序): a coke point (t), an electricity
   counter (kWh, x10, 7-digit register) and a sinter output point (t), all 15-minute.
2. One reference enterprise gets a full year (2025, CST) of 15-minute readings, 3 x 35,040 =
   105,120 readings, through the real ingest path (``service.ingest_rows`` in committed
   batches, so its hour, day and month rollups are made by the same incremental aggregation
   code as for HTTP).
3. Its rollup rows are copied in the database (``INSERT ... SELECT``) to the other 199
   enterprises' points, the amount multiplied by a factor 0.90 .. 1.09 per enterprise so that
   the enterprises differ. The rollup table then holds what a year of 15-minute data for 200
   enterprises leaves in it (hour, day and month rows: 600 x 9,137 = about 5.5 million rows)
   without ingesting 21 million readings.

Timed: ``analysis.process_months`` for every enterprise over the 12 months (plan limits read
once), i.e. 200 x 12 process-months with tce conversion and the limit classification.

Run: .venv/bin/python benchmarks/monthly_report.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, make_url, select, text
from sqlalchemy.orm import Session

from carbonpeak.auth.uscc import check_character
from carbonpeak.db.migrate import upgrade
from carbonpeak.db.session import get_engine, session_scope
from carbonpeak.monitoring.consumption import service as analysis
from carbonpeak.monitoring.demo import service as demo
from carbonpeak.monitoring.model import Enterprise, Kind, Point, Process, Purpose, Registry
from carbonpeak.monitoring.orm import PointRow
from carbonpeak.monitoring.rollups.rollup import CST, next_period

ENTERPRISES = 200
START = datetime(2025, 1, 1, tzinfo=CST)
END = datetime(2026, 1, 1, tzinfo=CST)
STEP = timedelta(minutes=15)
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def code(n: int) -> str:
    first17 = f"91520200MA7R{n:05d}"
    return first17 + check_character(first17)


def registry(enterprises: int) -> Registry:
    reg = Registry()
    for n in range(enterprises):
        c = code(n)
        reg.enterprises[c] = Enterprise(c, f"烧结厂 sinter plant {n} (illustrative)")
        pts = [
            Point(f"R{n:03d}-coke", c, "coke", Purpose.CONSUMED, "t"),
            Point(
                f"R{n:03d}-elec",
                c,
                "electricity",
                Purpose.CONSUMED,
                "kWh",
                10.0,
                Kind.COUNTER,
                rollover=1e7,
            ),
            Point(f"R{n:03d}-out", c, "", Purpose.OUTPUT, "t", product="烧结矿"),
        ]
        for p in pts:
            reg.points[p.code] = p
        reg.processes[f"R{n:03d}"] = Process(
            f"R{n:03d}", c, "1号烧结机", (pts[0].code, pts[1].code), pts[2].code, "烧结工序"
        )
    return reg


def year_of_readings() -> Iterator[tuple[str, datetime, float]]:
    """15-minute readings of the reference enterprise (0): coke ~ 2.6 t/h, 13 kWh per t of
    sinter on the register (x10), ~ 55 t/h of sinter, with a daily swing (illustrative)."""
    ts, i, register = START, 0, 1_000.0
    while ts < END:
        swing = 1.0 + 0.1 * ((i % 96) - 48) / 48
        out = 13.75 * swing
        register = (register + out * 1.3) % 1e7
        yield "R000-coke", ts, round(0.65 * swing, 4)
        yield "R000-elec", ts, round(register, 2)
        yield "R000-out", ts, round(out, 3)
        ts, i = ts + STEP, i + 1


def load(url: str, enterprises: int) -> int:
    upgrade(url)
    with session_scope(url) as db:
        demo.save_registry(db_session=db, registry=registry(enterprises), actor="bench")
    t = time.perf_counter()
    result = demo.ingest_stream(
        session_factory=lambda: session_scope(url),
        rows=year_of_readings(),
        actor="bench",
        source="file",
    )
    assert not result.rejected, result.rejected[:3]
    print(
        f"  reference enterprise: {result.accepted:,} readings ingested in "
        f"{time.perf_counter() - t:.1f} s"
    )
    t = time.perf_counter()
    with session_scope(url) as db:
        ids = {p.code: p.id for p in db.scalars(select(PointRow))}
        for n in range(1, enterprises):
            for kind in ("coke", "elec", "out"):
                db.execute(
                    text(
                        "INSERT INTO mon_rollups (point_id, period, start, amount) "
                        "SELECT :to_id, period, start, amount * :factor FROM mon_rollups "
                        "WHERE point_id = :from_id"
                    ),
                    {
                        "to_id": ids[f"R{n:03d}-{kind}"],
                        "from_id": ids[f"R000-{kind}"],
                        "factor": 0.90 + (n % 20) / 100,
                    },
                )
        rows = int(db.execute(text("SELECT count(*) FROM mon_rollups")).scalar_one())
    print(f"  rollups copied to {enterprises - 1} enterprises in {time.perf_counter() - t:.1f} s")
    return rows


def report(db: Session, enterprises: int) -> int:
    limits = analysis.plan_limits(db_session=db)
    months = 0
    for n in range(enterprises):
        rows = analysis.process_months(
            db_session=db, enterprise_code=code(n), start=START, end=END, limits=limits
        )
        months += len(rows)
    return months


def bench(label: str, url: str, enterprises: int) -> None:
    print(label)
    rollups = load(url, enterprises)
    timings = []
    for _ in range(3):
        with session_scope(url) as db:
            t = time.perf_counter()
            months = report(db, enterprises)
            timings.append(time.perf_counter() - t)
    assert months == enterprises * 12, months
    print(
        f"  monthly report, {enterprises} enterprises x 12 months (unit consumption, tce, "
        f"limits) over {rollups:,} rollup rows: best {min(timings):.3f} s, "
        f"first {timings[0]:.3f} s of 3 runs (goal < 1 s)"
    )


def main() -> None:
    enterprises = int(sys.argv[1]) if len(sys.argv) > 1 else ENTERPRISES
    assert next_period(START, "month") > START
    with tempfile.TemporaryDirectory() as tmp:
        bench("SQLite", f"sqlite:///{Path(tmp) / 'report.sqlite3'}", enterprises)
    base = os.environ.get("CARBONPEAK_TEST_POSTGRES_URL", PG_DEFAULT)
    schema = f"cp_report_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_engine(base)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        print(f"PostgreSQL: skipped ({base} does not answer: {type(exc).__name__})")
        return
    url = (
        make_url(base)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    try:
        bench("PostgreSQL", url, enterprises)
    finally:
        get_engine(url).dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
