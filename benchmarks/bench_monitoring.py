"""Monitoring ingestion throughput and rollup time. Prints its figures.

For SQLite (a temporary file) and, when ``CARBONPEAK_TEST_POSTGRES_URL`` is set, PostgreSQL (a
fresh schema, dropped after), with the illustrative registry (31 points, hourly data):

1. service: ``service.ingest_rows`` in committed batches of 20,000 (validation, duplicate
   check, insert, incremental rollups, commit);
2. HTTP: a uvicorn server process, ``POST /api/v1/monitoring/readings`` with an admin token in
   batches of 5,000 (one enterprise per request), reply after commit;
3. ceiling: the same rows inserted raw through the driver (``executemany``, no checks, no
   rollups) into ``mon_readings`` of a third database;
4. rollup: ``aggregates.rebuild`` of every point from the raw readings.

Run: .venv/bin/python benchmarks/bench_monitoring.py [DAYS]   (default 120 days = ~88,000 rows)

The issue's figures come from ``benchmarks/ingest.py`` (one million readings over HTTP against
the driver ceiling) and ``benchmarks/monthly_report.py`` (200 enterprises x one year of
15-minute data); this script is the quick all-in-one check on the demo registry.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import bindparam, create_engine, make_url, select, text

from carbonpeak.auth import service as auth_service
from carbonpeak.db.migrate import upgrade
from carbonpeak.db.session import get_engine, session_scope
from carbonpeak.db.types import EpochMicros
from carbonpeak.monitoring.demo import service as demo
from carbonpeak.monitoring.demo import simulate
from carbonpeak.monitoring.orm import PointRow
from carbonpeak.monitoring.rollups import service as aggregates
from carbonpeak.monitoring.rollups.rollup import CST

START = datetime(2025, 1, 1, tzinfo=CST)


def rows_for(days: int) -> list[tuple[str, datetime, float]]:
    return list(simulate.readings(START, days))


def prepare(url: str) -> None:
    upgrade(url)
    with session_scope(url) as db:
        demo.save_registry(db_session=db, registry=simulate.registry(), actor="bench")


def bench_service(url: str, rows: list[tuple[str, datetime, float]]) -> float:
    prepare(url)
    t = time.perf_counter()
    result = demo.ingest_stream(
        session_factory=lambda: session_scope(url), rows=rows, actor="bench", source="file"
    )
    seconds = time.perf_counter() - t
    assert result.accepted == len(rows), result.reply()
    return len(rows) / seconds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_http(url: str, rows: list[tuple[str, datetime, float]]) -> float:
    prepare(url)
    with session_scope(url) as db:
        auth_service.create_user(
            db_session=db,
            username="bench",
            password="Gw7!ingest-runner-2026",
            role="admin",
            actor="bench",
        )
        token = auth_service.issue_token(db_session=db, username="bench", name="bench")
    port = free_port()
    env = {**os.environ, "CARBONPEAK_DATABASE_URL": url}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "carbonpeak.web.app:create_app",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/plans", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        owners = {p.code: p.enterprise_code for p in simulate.registry().points.values()}
        by_ent: dict[str, list[dict[str, object]]] = defaultdict(list)
        for code, ts, value in rows:
            by_ent[owners[code]].append({"point": code, "ts": ts.isoformat(), "value": value})
        bodies = [
            json.dumps({"enterprise": ent, "readings": items[i : i + 5000]}).encode()
            for ent, items in by_ent.items()
            for i in range(0, len(items), 5000)
        ]
        t = time.perf_counter()
        accepted = 0
        for body in bodies:
            req = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/monitoring/readings",
                data=body,
                method="POST",
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            )
            with urllib.request.urlopen(req, timeout=300) as reply:
                accepted += json.loads(reply.read())["accepted"]
        seconds = time.perf_counter() - t
        assert accepted == len(rows), accepted
        return len(rows) / seconds
    finally:
        server.terminate()
        server.wait(10)


def bench_raw(url: str, rows: list[tuple[str, datetime, float]]) -> float:
    prepare(url)
    engine = get_engine(url)
    with session_scope(url) as db:
        ids = {p.code: p.id for p in db.scalars(select(PointRow))}
    now = datetime.now(UTC)
    params = [
        {"p": ids[c], "t": ts.astimezone(UTC), "v": v, "r": now, "s": "raw"} for c, ts, v in rows
    ]
    t = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO mon_readings (point_id, ts, value, received_at, source) "
                "VALUES (:p, :t, :v, :r, :s)"
            ).bindparams(  # the times as the columns store them (SQLite: integer µs)
                bindparam("t", type_=EpochMicros), bindparam("r", type_=EpochMicros)
            ),
            params,
        )
    return len(rows) / (time.perf_counter() - t)


def bench_rebuild(url: str) -> tuple[float, int]:
    t = time.perf_counter()
    with session_scope(url) as db:
        n = sum(aggregates.rebuild(db_session=db, point=p) for p in db.scalars(select(PointRow)))
    return time.perf_counter() - t, n


def bench_monthly_report(url: str, enterprises: int = 200) -> tuple[float, int]:
    """Unit consumption of every process of ``enterprises`` sinter plants over one year, from
    month rollups (as 15-minute data would leave them; written directly, not ingested)."""
    from carbonpeak.auth.uscc import check_character
    from carbonpeak.monitoring.consumption import service as analysis
    from carbonpeak.monitoring.model import Enterprise, Point, Process, Purpose
    from carbonpeak.monitoring.orm import RollupRow
    from carbonpeak.monitoring.registry.service import (
        upsert_enterprise,
        upsert_point,
        upsert_process,
    )
    from carbonpeak.monitoring.rollups.rollup import next_period

    upgrade(url)
    months = [START]
    for _ in range(11):
        months.append(next_period(months[-1], "month"))
    codes = []
    with session_scope(url) as db:
        for n in range(enterprises):
            first17 = f"91520200MA6B{n:05d}"
            code = first17 + check_character(first17)
            codes.append(code)
            upsert_enterprise(db_session=db, enterprise=Enterprise(code, f"bench {n}"), actor="b")
            pts = [
                Point(f"B{n}-coke", code, "coke", Purpose.CONSUMED, "t"),
                Point(f"B{n}-elec", code, "electricity", Purpose.CONSUMED, "kWh"),
                Point(f"B{n}-out", code, "", Purpose.OUTPUT, "t", product="烧结矿"),
            ]
            rows = [upsert_point(db_session=db, point=p, actor="b") for p in pts]
            upsert_process(
                db_session=db,
                process=Process(
                    f"B{n}", code, "烧结", (pts[0].code, pts[1].code), pts[2].code, "烧结工序"
                ),
                actor="b",
            )
            for m in months:
                for row, amount in zip(rows, (1_000.0, 2.5e6, 30_000.0), strict=True):
                    db.add(RollupRow(point_id=row.id, period="month", start=m, amount=amount))
    t = time.perf_counter()
    with session_scope(url) as db:
        limits = analysis.plan_limits(db_session=db)
        results = sum(
            len(
                analysis.process_months(
                    db_session=db,
                    enterprise_code=c,
                    start=months[0],
                    end=next_period(months[-1], "month"),
                    limits=limits,
                )
            )
            for c in codes
        )
    return time.perf_counter() - t, results


def report(label: str, urls: list[str], rows: list[tuple[str, datetime, float]]) -> None:
    service_rate = bench_service(urls[0], rows)
    seconds, rollups = bench_rebuild(urls[0])
    http_rate = bench_http(urls[1], rows)
    raw_rate = bench_raw(urls[2], rows)
    print(f"{label}: {len(rows):,} readings (31 points, hourly, illustrative)")
    print(f"  service ingest (validate + store + rollups + commit): {service_rate:,.0f} readings/s")
    print(
        f"  HTTP POST /readings (5,000 per request, reply after commit): "
        f"{http_rate:,.0f} readings/s"
    )
    print(f"  raw driver executemany (ceiling, no checks): {raw_rate:,.0f} readings/s")
    print(
        f"  HTTP / ceiling: {http_rate / raw_rate:.2f}; "
        f"service / ceiling: {service_rate / raw_rate:.2f}"
    )
    print(f"  rollup rebuild of all points: {seconds:.2f} s ({rollups:,} rollup rows)")
    report_s, results = bench_monthly_report(urls[3])
    print(
        f"  monthly report, 200 enterprises x 12 months (unit consumption + limits): "
        f"{report_s:.2f} s ({results:,} process-months)"
    )


def main() -> None:
    days = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    rows = rows_for(days)
    with tempfile.TemporaryDirectory() as tmp:
        urls = [f"sqlite:///{Path(tmp) / f'{n}.sqlite3'}" for n in ("svc", "http", "raw", "report")]
        report("SQLite", urls, rows)
    base = os.environ.get("CARBONPEAK_TEST_POSTGRES_URL")
    if not base:
        print("PostgreSQL: skipped (CARBONPEAK_TEST_POSTGRES_URL not set)")
        return
    admin = create_engine(base)
    schemas = [f"cp_bench_{uuid.uuid4().hex[:8]}" for _ in range(4)]
    with admin.begin() as conn:
        for s in schemas:
            conn.execute(text(f'CREATE SCHEMA "{s}"'))
    try:
        urls = [
            make_url(base)
            .update_query_dict({"options": f"-csearch_path={s}"})
            .render_as_string(hide_password=False)
            for s in schemas
        ]
        report("PostgreSQL", urls, rows)
    finally:
        for u in urls:
            get_engine(u).dispose()
        with admin.begin() as conn:
            for s in schemas:
                conn.execute(text(f'DROP SCHEMA "{s}" CASCADE'))


if __name__ == "__main__":
    main()
