"""Growth benchmark (issue 17, point 3): ingest rate and the monthly report time as the raw
readings table grows to 1 M, 10 M and 50 M rows.

Illustrative data (invented): ``--enterprises`` enterprises (default 200) x 10 points (one
electricity counter, nine 15-minute interval points, as ``benchmarks/ingest.py``), 15-minute
readings from 2026-01-01 CST, written in time order: for each window of ``--window`` steps
(default 100, a day) one batch per ``--group`` enterprises (default 20: 20 x 10 x 100 =
20,000 readings)
through the real ingest path (``readings.service.ingest_rows``: checks, duplicate/conflict
check, insert, incremental hour/day/month rollups, one commit per batch), so the table grows
month after month as in service (on PostgreSQL into monthly partitions made on ingest).

At each checkpoint (1 M, 10 M, 50 M readings stored, capped by ``--max``) it prints the ingest
rate since the previous checkpoint and times:

- the monthly report: ``consumption.service.summary`` (comprehensive energy tce, by energy,
  CO2) of every enterprise for the last complete CST month, read from the rollups;
- a raw read: one point's readings of one day (what ``GET /points/{code}/readings`` does),
  from the raw table (partition pruning on PostgreSQL, the key's tree on SQLite).

Each with the load average (the machine is shared).

``--fill raw`` (for the 50 M mark in reasonable time): up to each checkpoint less the measured
``--measure`` readings, the rows are written by the raw driver (``ingest.write_raw``: sqlite3
``executemany`` with the server's pragmas, or PostgreSQL ``COPY`` into the monthly partitions)
and their hour/day/month rollups recomputed by the rollup service
(``rollups.service.refresh_many``, the code a correction uses); then ``--measure`` readings
(default 200,000) go through the real ingest path and the rate printed is theirs: the ingest
rate *at* that table size, not the average since the last mark. The report and raw-read times
are measured the same way in both modes.

``--db sqlite`` (a temporary file, default)
or ``--db postgres`` (a fresh schema in ``CARBONPEAK_TEST_POSTGRES_URL``, default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``), or ``--db both``.

``--settle`` (PostgreSQL): after each mark's figures, ``VACUUM (ANALYZE) mon_readings`` and a
``CHECKPOINT``, then ``--measure`` more readings through the ingest path and their rate: a bulk
fill leaves autovacuum and the background writer work to catch up on (5 GB at 50 M), which a
table filled over months has had done long ago; the two rates tell the table's size from the
fill's aftermath. ``--prefill-rollups`` (PostgreSQL) first puts 11.7 M hour rollups of 2024
into ``mon_rollups``: a long history's rollups beside a small readings table.
``--statements`` (PostgreSQL with the ``pg_stat_statements`` extension loaded,
``shared_preload_libraries``, and created in the database): for each timed ingest, the
database's own execution time per batch of the statements that took most, beside the batch's
wall time and its commit as the client waits for it (``pg_stat_statements`` does not count a
commit's WAL flush); the rest is the ingest's Python and the round trips: to tell which part
grows with the table, and the pages each statement read into the buffer cache or found there (to
tell which tables the cache is too small for).

Run: .venv/bin/python benchmarks/growth.py [--max 50000000] [--db sqlite|postgres|both]
     [--fill ingest|raw] [--settle] [--prefill-rollups] [--statements]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import create_engine, select, text

from carbonpeak.db.session import get_engine, session_factory, session_scope
from carbonpeak.monitoring.consumption import service as analysis
from carbonpeak.monitoring.orm import PointRow
from carbonpeak.monitoring.readings import service
from carbonpeak.monitoring.rollups import service as rollups
from carbonpeak.monitoring.rollups.rollup import CST, next_period, period_start

sys.path.insert(0, str(Path(__file__).parent))
import ingest  # the registry, series and PostgreSQL schema helpers of the ingest benchmark

CHECKPOINTS = (1_000_000, 10_000_000, 50_000_000)
#: seconds spent in the batches' commits since the last ``statements_reset`` (``--statements``:
#: pg_stat_statements does not count a commit's WAL flush in a statement's time)
COMMITS = [0.0]


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def timed(fn: Any, repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def report_times(url: str, enterprises: int, last_ts: Any) -> tuple[float, float, str]:
    """(monthly report seconds, one point-day raw read seconds, the month reported)."""
    month = period_start(last_ts, "month")
    prev = period_start(month - timedelta(days=1), "month")
    codes = [ingest.enterprise_code(n) for n in range(enterprises)]

    def monthly() -> None:
        with session_scope(url) as db:
            for code in codes:
                analysis.summary(
                    db_session=db, enterprise_code=code, period="month", start=prev, end=month
                )

    day = period_start(last_ts - timedelta(days=1), "day")  # a whole day stored

    def raw() -> None:
        with session_scope(url) as db:
            rows = service.readings(
                db_session=db,
                point_code="B0000-P1",
                start=day,
                end=next_period(day, "day"),
            )
            assert len(rows) == 96, len(rows)

    label = prev.astimezone(CST).strftime("%Y-%m")
    return timed(monthly), timed(raw), label


def fill(url: str, args: argparse.Namespace, ids: dict[str, int], lo: int, hi: int) -> int:
    """The readings of the steps [lo, hi) of every enterprise written by the raw driver in
    chunks of ~500,000 rows (each sorted by point and time, for the key's locality), each
    chunk's rollups then recomputed by the rollup service for every point at once; returns the
    readings written."""
    written, t_rollups = 0, 0.0
    chunk = max(1, 500_000 // (args.enterprises * ingest.POINTS))
    with session_scope(url) as db:
        points = {p.id: p for p in db.scalars(select(PointRow))}
        db.expunge_all()
    for first in range(lo, hi, chunk):
        steps = range(first, min(hi, first + chunk))
        rows = sorted(
            (ids[c], ts.astimezone(UTC), v)
            for n in range(args.enterprises)
            for c, ts, v in ingest.series(n, steps)
        )
        ingest.write_raw(url, rows, cache_mb=256)  # 256 MB for the fill's inserts only
        written += len(rows)
        t = time.perf_counter()
        start = (ingest.START + steps[0] * ingest.STEP).astimezone(UTC)
        end = (ingest.START + steps[-1] * ingest.STEP).astimezone(UTC)
        with session_scope(url) as db:
            rollups.refresh_many(
                db_session=db, spans=dict.fromkeys(points, (start, end)), points=points
            )
        t_rollups += time.perf_counter() - t
    if args.verbose:
        print(f"    rollups of the fill: {t_rollups:,.1f} s", flush=True)
    return written


def run(url: str, args: argparse.Namespace) -> None:
    reg = ingest.bench_registry(args.enterprises)
    ingest.prepare(url, reg)
    if args.prefill_rollups:
        prefill_rollups(url)
    make = session_factory(url)
    schema = statements_schema(url) if args.statements else None
    marks = [c for c in CHECKPOINTS if c <= args.max] or [args.max]
    if args.max not in marks:
        marks.append(args.max)
    stored, lo, t_seg, stored_seg = 0, 0, time.perf_counter(), 0
    print(
        f"  {args.enterprises} enterprises x {ingest.POINTS} points; batches of "
        f"{args.group * ingest.POINTS * args.window:,} readings ({args.group} enterprises x "
        f"{args.window} steps); "
        f"checkpoints {', '.join(f'{m:,}' for m in marks)}"
    )
    per_step = args.enterprises * ingest.POINTS
    for mark in marks:
        if args.fill == "raw" and stored < mark - args.measure:
            with session_scope(url) as db:
                ids = {p.code: p.id for p in db.scalars(select(PointRow))}
            hi = lo + (mark - args.measure - stored) // per_step
            t_fill = time.perf_counter()
            stored += fill(url, args, ids, lo, hi)
            print(
                f"    filled to {stored:,} rows by the raw driver, rollups recomputed, in "
                f"{time.perf_counter() - t_fill:,.0f} s ({load()})",
                flush=True,
            )
            lo = hi
            t_seg, stored_seg = time.perf_counter(), stored
        statements_reset(url, schema)
        wal = wal_lsn(url)
        while stored < mark:
            stored += ingest_window(make, args, lo)
            lo += args.window
            if args.verbose:
                print(f"    {stored:,} stored ({load()})", flush=True)
        seconds = time.perf_counter() - t_seg
        rate = (stored - stored_seg) / seconds
        over = (
            f"over the {stored - stored_seg:,} ingested after the fill"
            if args.fill == "raw"
            else "since the last mark"
        )
        last = ingest.START + (lo - 1) * ingest.STEP
        monthly, raw, month = report_times(url, args.enterprises, last)
        print(
            f"  {stored:>12,} rows: ingest {rate:>9,.0f} readings/s {over}; "
            f"monthly report ({args.enterprises} enterprises, {month}) {monthly * 1000:7.1f} ms; "
            f"one point-day of raw readings {raw * 1000:6.2f} ms  ({load()})",
            flush=True,
        )
        wal_print(url, wal, stored - stored_seg)
        statements_print(url, schema, (stored - stored_seg) // batch_size(args), seconds)
        if args.db_size:
            print(f"    size: {args.db_size(url)}")
        if args.settle and get_engine(url).dialect.name == "postgresql":
            t = time.perf_counter()
            settle(url)
            took = time.perf_counter() - t
            print(f"    VACUUM (ANALYZE) and CHECKPOINT: {took:,.0f} s", flush=True)
            statements_reset(url, schema)
            t, again, wal = time.perf_counter(), 0, wal_lsn(url)
            while again < args.measure:
                again += ingest_window(make, args, lo)
                lo += args.window
            wal_print(url, wal, again)
            statements_print(url, schema, again // batch_size(args), time.perf_counter() - t)
            stored += again
            print(
                f"  {stored:>12,} rows: ingest {again / (time.perf_counter() - t):>9,.0f} "
                f"readings/s over {again:,} more, after the fill's aftermath settled ({load()})",
                flush=True,
            )
        t_seg, stored_seg = time.perf_counter(), stored


def ingest_window(make: Any, args: argparse.Namespace, lo: int) -> int:
    """The readings of the steps [lo, lo + window) of every enterprise through the real ingest
    path, one committed batch per ``--group`` enterprises; returns how many."""
    stored = 0
    steps = range(lo, lo + args.window)
    for first in range(0, args.enterprises, args.group):
        items = [
            {"point": c, "ts": ts.isoformat(), "value": v}
            for n in range(first, min(args.enterprises, first + args.group))
            for c, ts, v in ingest.series(n, steps)
        ]
        with make() as db:
            result = service.ingest_rows(db_session=db, items=items, actor="bench", source="file")
            t = time.perf_counter()
            db.commit()
            COMMITS[0] += time.perf_counter() - t
        if result.rejected or result.accepted != len(items):
            raise RuntimeError(f"unexpected {result.reply()['rejected'][:3]}")
        stored += len(items)
    return stored


def wal_lsn(url: str) -> str | None:
    """PostgreSQL: the current write-ahead log position (None on SQLite)."""
    if get_engine(url).dialect.name != "postgresql":
        return None
    with get_engine(url).connect() as conn:
        return str(conn.exec_driver_sql("SELECT pg_current_wal_lsn()").scalar())


def wal_print(url: str, since: str | None, readings: int) -> None:
    """PostgreSQL: the write-ahead log written since ``since``, per reading ingested (full-page
    images after a checkpoint included: a larger table may touch more pages per batch)."""
    if since is None or not readings:
        return
    with get_engine(url).connect() as conn:
        written = conn.exec_driver_sql(
            "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %(since)s::pg_lsn)", {"since": since}
        ).scalar()
    print(f"    WAL written: {float(written) / readings:,.0f} bytes a reading", flush=True)


def batch_size(args: argparse.Namespace) -> int:
    return args.group * ingest.POINTS * args.window


def statements_schema(url: str) -> str | None:
    """``--statements``: the schema of ``pg_stat_statements`` if it is created and collecting
    (said once when it is not), else None."""
    schema, loaded = None, ""
    if get_engine(url).dialect.name == "postgresql":
        with get_engine(url).connect() as conn:
            schema = conn.exec_driver_sql(
                "SELECT extnamespace::regnamespace::text FROM pg_extension "
                "WHERE extname = 'pg_stat_statements'"
            ).scalar()
            loaded = conn.exec_driver_sql("SHOW shared_preload_libraries").scalar() or ""
    if schema and "pg_stat_statements" in loaded:
        return str(schema)
    print("    --statements: pg_stat_statements is not loaded and created here; skipped")
    return None


def statements_reset(url: str, schema: str | None) -> None:
    """Before a timed ingest: the commit timer, and the statement statistics if collected."""
    COMMITS[0] = 0.0
    if schema:
        with get_engine(url).begin() as conn:
            conn.exec_driver_sql(f"SELECT {schema}.pg_stat_statements_reset()")


def statements_print(url: str, schema: str | None, batches: int, seconds: float) -> None:
    """``--statements``: the statements of the timed ingest that took the database most time,
    per batch, beside the batch's wall time and its commit (measured by the client)."""
    if schema is None or batches <= 0:
        return
    with get_engine(url).connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT calls, total_exec_time, total_plan_time, shared_blks_read, "
            "shared_blks_hit, query "
            f"FROM {schema}.pg_stat_statements "
            "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND toplevel ORDER BY total_exec_time DESC LIMIT 10"
        ).all()
    total = sum(r[1] + r[2] for r in rows)
    print(
        f"    per batch: wall {seconds * 1000 / batches:,.1f} ms; in the database "
        f"(top statements) {total / batches:,.1f} ms; commit {COMMITS[0] * 1000 / batches:,.1f} ms:"
    )
    for calls, exec_ms, plan_ms, read, hit, query in rows:
        # pages read into the buffer cache (from the operating system) and found there, per
        # batch: which statements the cache is too small for
        print(
            f"      {exec_ms / batches:8.1f} ms exec {plan_ms / batches:6.2f} ms plan "
            f"{calls / batches:5.1f} calls {read / batches:7.0f} read {hit / batches:7.0f} hit  "
            f"{' '.join(query.split())[:80]}"
        )


def prefill_rollups(url: str) -> None:
    """Hour rollups of every point for January-August 2024, months none of the readings fall
    in (11.7 M rows with 2,000 points), then vacuumed and checkpointed: the rollups table of a
    long history, with the readings table still small."""
    t = time.perf_counter()
    with session_scope(url) as db:
        rows = db.execute(
            text(
                "INSERT INTO mon_rollups (point_id, period, start, amount) "
                "SELECT p.id, 'hour', t, 1.0 FROM mon_points AS p CROSS JOIN generate_series("
                "CAST('2024-01-01 00:00+08' AS timestamptz), "
                "CAST('2024-08-31 23:00+08' AS timestamptz), interval '1 hour') AS t"
            )
        )
        count = cast(Any, rows).rowcount
    settle(url, "mon_rollups")
    took = time.perf_counter() - t
    print(f"    mon_rollups pre-filled: {count:,} hour rows of 2024 in {took:,.0f} s")


def settle(url: str, table: str = "mon_readings") -> None:
    """PostgreSQL: what a table filled over months has had and a bulk fill has not yet: its
    pages vacuumed (visibility map set, statistics current) and written out (a checkpoint), so
    the next ingest does not share the disk and the cores with autovacuum and the background
    writer catching up on the fill."""
    with get_engine(url).connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql(f"VACUUM (ANALYZE) {table}")
        conn.exec_driver_sql("CHECKPOINT")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max", type=int, default=50_000_000, help="readings to store")
    parser.add_argument("--enterprises", type=int, default=200)
    parser.add_argument("--window", type=int, default=100, help="15-minute steps per batch")
    parser.add_argument("--group", type=int, default=20, help="enterprises per batch")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument(
        "--fill",
        choices=["ingest", "raw"],
        default="ingest",
        help="how the table grows between marks (raw: driver + rollup service, see above)",
    )
    parser.add_argument(
        "--measure", type=int, default=200_000, help="with --fill raw: readings timed per mark"
    )
    parser.add_argument(
        "--settle",
        action="store_true",
        help="PostgreSQL: after each mark, VACUUM (ANALYZE) and CHECKPOINT, then time "
        "--measure more readings (the rate once the fill's aftermath has settled)",
    )
    parser.add_argument(
        "--prefill-rollups",
        action="store_true",
        help="PostgreSQL: first put hour rollups of 2024 (11.7 M rows) into mon_rollups, to "
        "tell its size's share in the ingest rate from the readings table's",
    )
    parser.add_argument(
        "--statements",
        action="store_true",
        help="PostgreSQL with pg_stat_statements: the statements' own time per batch",
    )
    args = parser.parse_args()
    if args.prefill_rollups and args.db != "postgres":
        parser.error("--prefill-rollups is for --db postgres")
    args.db_size = None
    print(f"machine: {ingest.machine()}")
    if args.db in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "growth.sqlite3"
            print("SQLite (WAL, synchronous=FULL; mon_readings WITHOUT ROWID, integer µs times)")
            args.db_size = lambda _u: f"{path.stat().st_size / 1e9:.2f} GB (file)"
            url = f"sqlite:///{path}"
            try:
                run(url, args)
            finally:
                get_engine(url).dispose()
    if args.db in ("postgres", "both"):
        base = os.environ.get("CARBONPEAK_TEST_POSTGRES_URL", ingest.PG_DEFAULT)
        found = ingest.pg_schema_urls(base, 1)
        if found is not None:
            (url,), (schema,) = found
            print("PostgreSQL: mon_readings partitioned by month")

            def size(u: str) -> str:
                with session_scope(u) as db:
                    parts = db.execute(
                        text(
                            "SELECT count(*), sum(pg_total_relation_size(inhrelid)) "
                            "FROM pg_inherits WHERE inhparent = to_regclass('mon_readings')"
                        )
                    ).one()
                return f"{parts[0]} partitions, {int(parts[1] or 0) / 1e9:.2f} GB"

            args.db_size = size
            try:
                run(url, args)
            finally:
                get_engine(url).dispose()
                with create_engine(base).begin() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
