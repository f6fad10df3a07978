"""Ingestion benchmark (issues 4, 17): readings per second over HTTP against the raw driver
ceiling and InfluxDB 1.x, for two shapes of requests.

Shapes (``--shape bulk|gateway|both``, default both; ``--readings/--batch/--clients/
--enterprises`` override a shape's): *bulk*, 1,000,000 readings in requests of 20,000 from 4
clients (25 enterprises); *gateway*, 200,000 readings in requests of 10 (one enterprise's
15-minute package of 10 points) from 16 clients (2,000 enterprises), as collectors post at the
quarter hour. Concurrent requests of a server process share one transaction (group commit,
``monitoring/store/group.py``). When ``influxd`` is on PATH (Debian package ``influxdb``, 1.6),
the same readings go to an InfluxDB in a temporary directory (WAL fsync on every write, its
default) with the same client, and the summary prints each rate as a ratio of InfluxDB's.

For SQLite (a temporary file) and then PostgreSQL (a fresh schema in the database of
``CARBONPEAK_TEST_POSTGRES_URL``, default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``,
skipped with a note when it does not answer):

1. HTTP: a real uvicorn server process over the database; an admin token; ``POST
   /api/v1/monitoring/readings`` in batches (one enterprise per request, default 20,000
   readings) from concurrent client connections (httpx; two per server process). The server
   replies only after the rows are committed, so the clock stops when the last reading is
   durable. The server does the whole job: parse, validate, duplicate/conflict check, insert,
   incremental rollups, commit.
2. Ceiling: the same rows inserted raw through the driver, with no checks and no rollups, into
   an identical ``mon_readings`` table (same migrations) of another database: ``sqlite3``
   ``executemany`` in one transaction, PostgreSQL binary ``COPY ... FROM STDIN`` (psycopg).

The data (illustrative, invented): ``ENTERPRISES`` enterprises x ``POINTS`` points each (one
electricity counter, the rest 15-minute interval points), 15-minute readings from
2026-01-01 00:00 CST; 25 x 10 x 4,000 = 1,000,000 readings by default, sent as 50 requests
of 20,000 (two per enterprise, each about 1.5 MB of JSON). Requests are sent in time order per
enterprise (the second continues the series, so the incremental rollups join it to stored
data). ``--batch 10000 --enterprises 50`` gives 100 requests of 10,000 with the same shape.

Durability is not traded for speed: the server's SQLite engine runs WAL with
``synchronous=FULL`` (``db/session.py``), so each commit fsyncs the WAL before the reply and an
acknowledged batch survives a process crash and a power loss. (``NORMAL`` in WAL mode would
also survive a process crash, but could lose the last commits on power loss.) The raw ceiling
opens its connection with the server's own pragmas (``db.session.sqlite_pragmas``: foreign
keys on, WAL, ``synchronous=FULL``, a checkpoint every 10,000 WAL pages);
``CEILING_PRAGMAS=wal-only`` gives it only WAL and FULL, for comparison.

The server runs one process per core by default (``carbonpeak serve --workers``), each handling
one batch at a time; a batch does its parsing, checks and rollup computation before it takes
SQLite's write lock and queues for that lock on a file lock (``monitoring/store/service.py``). The
machine is a small shared VM whose speed varies from run to run, so each measurement is taken
``--repeat`` times and the medians are compared.

Run: .venv/bin/python benchmarks/ingest.py [--shape S] [--readings N] [--batch B] [--clients C]
     [--workers W] [--enterprises E] [--repeat R] [--skip-sqlite] [--skip-postgres]
     [--skip-influx]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, make_url, select, text

from carbonpeak.auth import service as auth_service
from carbonpeak.auth.uscc import check_character
from carbonpeak.db.migrate import upgrade
from carbonpeak.db.session import get_engine, session_scope, sqlite_pragmas
from carbonpeak.db.types import epoch_micros
from carbonpeak.monitoring.demo import service as demo
from carbonpeak.monitoring.model import Enterprise, Kind, Point, Purpose, Registry
from carbonpeak.monitoring.orm import PointRow
from carbonpeak.monitoring.rollups.rollup import CST
from carbonpeak.monitoring.storage import service as storage
from carbonpeak.monitoring.storage.partitions import months_of
from carbonpeak.monitoring.store import service as store

#: Where the readings start: a fixed date for the growth benchmark's long history; the
#: ingest and MQTT runs move it to just before now (:func:`start_recent`), as a gateway's
#: packages arrive in service (readings months old would open a "stale" finding per
#: enterprise at its first check, an alert write a live gateway does not cause).
START = datetime(2026, 1, 1, tzinfo=CST)
STEP = timedelta(minutes=15)


def start_recent(steps: int) -> datetime:
    """Move :data:`START` so that ``steps`` 15-minute steps end at the last quarter hour."""
    global START
    now = datetime.now(CST).replace(second=0, microsecond=0)
    START = now - timedelta(minutes=now.minute % 15) - steps * STEP
    return START


POINTS = 10
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def enterprise_code(n: int) -> str:
    first17 = f"91520200MA7B{n:05d}"
    return first17 + check_character(first17)


def bench_registry(enterprises: int) -> Registry:
    """``enterprises`` illustrative enterprises with ``POINTS`` points each."""
    reg = Registry()
    for n in range(enterprises):
        code = enterprise_code(n)
        reg.enterprises[code] = Enterprise(code, f"基准测试企业 bench {n} (illustrative)")
        reg.points[f"B{n:04d}-E"] = Point(
            f"B{n:04d}-E",
            code,
            "electricity",
            Purpose.CONSUMED,
            "kWh",
            10.0,
            Kind.COUNTER,
            rollover=1e7,
        )
        for k in range(1, POINTS):
            reg.points[f"B{n:04d}-P{k}"] = Point(
                f"B{n:04d}-P{k}", code, "raw_coal", Purpose.CONSUMED, "t"
            )
    return reg


def series(n: int, steps: range) -> Iterator[tuple[str, datetime, float]]:
    """Readings of enterprise ``n`` at the 15-minute steps ``steps``, step-major."""
    for i in steps:
        ts = START + i * STEP
        yield f"B{n:04d}-E", ts, float(1000 + 25 * i + (n % 7))
        for k in range(1, POINTS):
            yield f"B{n:04d}-P{k}", ts, float((i * 7 + k * 13 + n) % 50) / 10.0


def bodies(enterprises: int, steps: int, batch: int) -> list[bytes]:
    """Request bodies in time order: per step-chunk, one request per enterprise."""
    per = max(1, batch // POINTS)
    out: list[bytes] = []
    for lo in range(0, steps, per):
        for n in range(enterprises):
            readings = [
                {"point": c, "ts": ts.isoformat(), "value": v}
                for c, ts, v in series(n, range(lo, min(steps, lo + per)))
            ]
            out.append(
                json.dumps({"enterprise": enterprise_code(n), "readings": readings}).encode()
            )
    return out


def prepare(url: str, reg: Registry) -> None:
    upgrade(url)
    with session_scope(url) as db:
        demo.save_registry(db_session=db, registry=reg, actor="bench")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CARBONPEAK_DATABASE_URL": url, "CARBONPEAK_MONITOR_CHECK_MINUTES": "0"}
    server = subprocess.Popen(  # TRACE
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
            "--no-access-log",
            "--workers",
            str(workers),
        ],
        env=env,
        start_new_session=True,  # its workers are stopped with it (stop_server)
    )
    deadline = time.monotonic() + 180  # a loaded machine takes its time to import the app
    while time.monotonic() < deadline and server.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/plans", timeout=5)
            return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise RuntimeError("server did not start")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Stop the server and its worker processes (its process group)."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(10)
    except ProcessLookupError:
        pass


def post_all(
    endpoint: str, headers: dict[str, str], payloads: list[bytes], clients: int
) -> tuple[float, list[Any]]:
    """POST every payload from ``clients`` concurrent client threads (a new connection per
    request, as gateways that each upload now and then); the wall time and the replies."""
    lock = threading.Lock()
    queue = list(reversed(payloads))
    errors: list[str] = []
    replies: list[Any] = []

    def client() -> None:
        limits = httpx.Limits(max_keepalive_connections=0)
        with httpx.Client(timeout=600, headers=headers, limits=limits) as http:
            while True:
                with lock:
                    if not queue or errors:
                        return
                    body = queue.pop()
                reply = http.post(endpoint, content=body)
                if reply.status_code not in (200, 204):
                    errors.append(f"{reply.status_code}: {reply.text[:300]}")
                    return
                data = reply.json() if reply.status_code == 200 else None
                with lock:
                    replies.append(data)

    t = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    seconds = time.perf_counter() - t
    if errors:
        raise RuntimeError(errors[0])
    return seconds, replies


def bench_http(url: str, reg: Registry, payloads: list[bytes], clients: int, workers: int) -> float:
    prepare(url, reg)
    with session_scope(url) as db:
        auth_service.create_user(
            db_session=db,
            username="bench",
            password="Gw7!ingest-runner-2026",
            role="admin",
            actor="b",
        )
        token = auth_service.issue_token(db_session=db, username="bench", name="bench")
    port = free_port()
    server = start_server(url, port, workers)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    endpoint = f"http://127.0.0.1:{port}/api/v1/monitoring/readings"
    try:
        cpu0, own0 = cpu_seconds(server.pid), time.process_time()
        seconds, replies = post_all(endpoint, headers, payloads, clients)
        server_cpu = cpu_seconds(server.pid) - cpu0
        print(
            f"  HTTP run: {seconds:.1f} s wall; CPU: server {server_cpu:.1f} s"
            f" ({workers} worker(s); {1000 * server_cpu / len(payloads):.2f} ms per request),"
            f" clients {time.process_time() - own0:.1f} s"
        )
    finally:
        stop_server(server)
    totals = {
        "accepted": sum(r["accepted"] for r in replies),
        "duplicates": sum(r["duplicates"] for r in replies),
        "rejected": sum(len(r["rejected"]) for r in replies),
    }
    sent = count(payloads)
    if totals["accepted"] != sent or totals["rejected"] or totals["duplicates"]:
        raise RuntimeError(f"unexpected reply totals {totals} for {sent} readings")
    return sent / seconds


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its live child processes (uvicorn workers),
    from Linux /proc; nan where /proc is not readable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = [
            int(c)
            for task in Path(f"/proc/{pid}/task").iterdir()
            for c in (task / "children").read_text().split()
        ]
    except OSError:
        return float("nan")
    own = sum(int(f) for f in fields[11:13]) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(c) for c in children)


def count(payloads: list[bytes]) -> int:
    return sum(b.count(b'"point"') for b in payloads)


def raw_rows(url: str, enterprises: int, steps: int) -> list[tuple[int, datetime, float]]:
    with session_scope(url) as db:
        ids = {p.code: p.id for p in db.scalars(select(PointRow))}
    return [
        (ids[c], ts.astimezone(UTC), v)
        for n in range(enterprises)
        for c, ts, v in series(n, range(steps))
    ]


def write_raw(url: str, rows: list[tuple[int, datetime, float]], *, cache_mb: int = 0) -> float:
    """Write ``rows`` (point id, UTC instant, value) into ``mon_readings`` by the raw driver,
    in one transaction, and return the seconds the write took (not its preparation).

    SQLite: sqlite3 ``executemany`` with the server's pragmas (foreign keys, WAL,
    synchronous=FULL, checkpoints; ``CEILING_PRAGMAS=wal-only`` for comparison: no FK checks),
    a ``cache_mb`` page cache if given, times as the server stores them (integer
    microseconds since the epoch, ``EpochMicros``, migration 0023).
    PostgreSQL: the monthly partitions of the rows made first (migration 0018), then psycopg
    ``COPY mon_readings FROM STDIN (FORMAT BINARY)``, the rows encoded a column at a time as
    the server encodes a large batch (``store.copy_stream``, ``db/pg_binary.py``), before the
    clock starts: the ceiling is the database's write alone (psycopg's ``write_row``, used
    until stop 34, encoded in Python inside the timed write at about 0.7 µs a row)."""
    now = datetime.now(UTC)
    if make_url(url).get_backend_name() == "sqlite":
        received = epoch_micros(now)  # the times as the server stores them (EpochMicros)
        params = [(p, epoch_micros(ts), v, received, "raw") for p, ts, v in rows]
        get_engine(url).dispose()
        conn = sqlite3.connect(make_url(url).database or "")
        if os.environ.get("CEILING_PRAGMAS") == "wal-only":
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
        else:
            sqlite_pragmas(conn)
        if cache_mb:
            conn.execute(f"PRAGMA cache_size=-{cache_mb * 1024}")
        t = time.perf_counter()
        with conn:
            conn.executemany(
                "INSERT INTO mon_readings (point_id, ts, value, received_at, source) "
                "VALUES (?, ?, ?, ?, ?)",
                params,
            )
        seconds = time.perf_counter() - t
        conn.close()
        return seconds
    with session_scope(url) as db:
        storage.ensure_partitions(db_session=db, months=months_of(ts for _, ts, _ in rows))
    by_point: dict[int, dict[datetime, float]] = {}
    for p, ts, v in rows:
        by_point.setdefault(p, {})[ts] = v
    data = store.copy_stream(by_point, now, "raw")
    t = time.perf_counter()
    with get_engine(url).begin() as pg:
        cursor: Any = pg.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(store.PG_COPY) as copy:
            copy.write(data)
    return time.perf_counter() - t


def bench_raw(url: str, reg: Registry, enterprises: int, steps: int) -> float:
    """The raw driver's ceiling (:func:`write_raw`), in readings per second."""
    prepare(url, reg)
    rows = raw_rows(url, enterprises, steps)
    return len(rows) / write_raw(url, rows)


def report(label: str, http_rate: float, raw_rate: float, n: int) -> None:
    print(f"{label}: {n:,} readings")
    print(f"  HTTP POST /readings (reply after commit): {http_rate:>10,.0f} readings/s")
    print(f"  raw driver ceiling (no checks, no rollups): {raw_rate:>8,.0f} readings/s")
    print(f"  HTTP / ceiling: {http_rate / raw_rate:.2f}")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, load average {os.getloadavg()[0]:.2f}"
    )


def pg_schema_urls(base: str, k: int) -> tuple[list[str], list[str]] | None:
    try:
        admin = create_engine(base)
        with admin.begin() as conn:
            version = conn.execute(text("SHOW server_version")).scalar()
            schemas = [f"cp_ingest_{uuid.uuid4().hex[:8]}" for _ in range(k)]
            for s in schemas:
                conn.execute(text(f'CREATE SCHEMA "{s}"'))
    except Exception as exc:
        print(f"PostgreSQL: skipped ({base} does not answer: {type(exc).__name__})")
        return None
    print(f"PostgreSQL {version}")
    urls = [
        make_url(base)
        .update_query_dict({"options": f"-csearch_path={s}"})
        .render_as_string(hide_password=False)
        for s in schemas
    ]
    return urls, schemas


def median_run(label: str, runs: list[float]) -> float:
    value = statistics.median(runs)
    shown = ", ".join(f"{r:,.0f}" for r in runs)
    print(f"  {label}: median {value:,.0f} readings/s of {len(runs)} runs ({shown})")
    return value


#: The two shapes of issue 17: (readings, readings per request, clients, enterprises).
SHAPES = {
    # bulk: 1 M readings in requests of 20,000 from 4 clients (file imports, back-fills)
    "bulk": (1_000_000, 20_000, 4, 25),
    # gateway-sized: one enterprise's 15-minute package of 10 points per request, 16 clients
    # (collectors firing together at the quarter hour), 200,000 readings
    "gateway": (200_000, 10, 16, 2_000),
}


def influx_lines(enterprises: int, steps: int, batch: int) -> list[bytes]:
    """The same readings and requests as :func:`bodies`, in InfluxDB line protocol."""
    per = max(1, batch // POINTS)
    out: list[bytes] = []
    for lo in range(0, steps, per):
        for n in range(enterprises):
            lines = [
                f"reading,point={c} value={v} {int(ts.timestamp())}"
                for c, ts, v in series(n, range(lo, min(steps, lo + per)))
            ]
            out.append("\n".join(lines).encode())
    return out


INFLUX_CONFIG = """reporting-disabled = true
bind-address = "127.0.0.1:{rpc}"
[meta]
  dir = "{tmp}/meta"
[data]
  dir = "{tmp}/data"
  wal-dir = "{tmp}/wal"
  wal-fsync-delay = "0s"
  query-log-enabled = false
[monitor]
  store-enabled = false
[http]
  bind-address = "127.0.0.1:{port}"
  log-enabled = false
"""


def bench_influx(lines: list[bytes], clients: int) -> float:
    """InfluxDB 1.x (``influxd`` on PATH) in a temporary directory, WAL fsync on every write
    (``wal-fsync-delay = "0s"``, its default); the same client as :func:`bench_http`."""
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        config = Path(tmp) / "influxdb.conf"
        config.write_text(INFLUX_CONFIG.format(tmp=tmp, port=port, rpc=free_port()))
        server = subprocess.Popen(  # TRACE
            ["influxd", "-config", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(150):
                try:
                    urllib.request.urlopen(f"{base}/ping", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            httpx.post(f"{base}/query", params={"q": "CREATE DATABASE bench"}).raise_for_status()
            endpoint = f"{base}/write?db=bench&precision=s"
            seconds, _ = post_all(endpoint, {"Content-Type": "text/plain"}, lines, clients)
            print(f"  InfluxDB run: {seconds:.1f} s wall")
        finally:
            server.terminate()
            server.wait(30)
    return sum(b.count(b"\n") + 1 for b in lines) / seconds


def run_shape(name: str, args: argparse.Namespace) -> dict[str, float]:
    """Every measurement of one shape; the medians by label."""
    readings, batch, clients, enterprises = SHAPES[name]
    readings = args.readings or readings
    batch = args.batch or batch
    clients = args.clients or clients
    enterprises = args.enterprises or enterprises
    steps = max(1, readings // (enterprises * POINTS))
    start_recent(steps)
    reg = bench_registry(enterprises)
    payloads = bodies(enterprises, steps, batch)
    n = count(payloads)
    print(
        f"\n== {name}: {enterprises} enterprises x {POINTS} points x {steps} 15-minute steps = "
        f"{n:,} readings; {len(payloads):,} requests of {n // len(payloads):,}; {clients} "
        f"concurrent clients; server: carbonpeak serve --workers {args.workers}; "
        f"{args.repeat} run(s) each (data illustrative)"
    )
    out: dict[str, float] = {}
    if not args.skip_sqlite:
        http_runs, raw_runs = [], []
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as tmp:
                urls = [f"sqlite:///{Path(tmp) / f'{k}.sqlite3'}" for k in ("http", "raw")]
                http_runs.append(bench_http(urls[0], reg, payloads, clients, args.workers))
                raw_runs.append(bench_raw(urls[1], reg, enterprises, steps))
                for u in urls:
                    get_engine(u).dispose()
        out["SQLite HTTP"] = median_run("HTTP", http_runs)
        out["SQLite raw"] = median_run("raw", raw_runs)
        report("SQLite (WAL, synchronous=FULL)", out["SQLite HTTP"], out["SQLite raw"], n)
    if not args.skip_postgres:
        base = os.environ.get("CARBONPEAK_TEST_POSTGRES_URL", PG_DEFAULT)
        http_runs, raw_runs = [], []
        for _ in range(args.repeat):
            found = pg_schema_urls(base, 2)
            if found is None:
                break
            urls, schemas = found
            try:
                http_runs.append(bench_http(urls[0], reg, payloads, clients, args.workers))
                raw_runs.append(bench_raw(urls[1], reg, enterprises, steps))
            finally:
                for u in urls:
                    get_engine(u).dispose()
                with create_engine(base).begin() as conn:
                    for s in schemas:
                        conn.execute(text(f'DROP SCHEMA "{s}" CASCADE'))
        if http_runs:
            out["PostgreSQL HTTP"] = median_run("HTTP", http_runs)
            out["PostgreSQL raw"] = median_run("raw", raw_runs)
            report("PostgreSQL", out["PostgreSQL HTTP"], out["PostgreSQL raw"], n)
    if shutil.which("influxd") and not args.skip_influx:
        lines = influx_lines(enterprises, steps, batch)
        out["InfluxDB"] = median_run(
            "InfluxDB", [bench_influx(lines, clients) for _ in range(args.repeat)]
        )
    elif not args.skip_influx:
        print("  InfluxDB: skipped (influxd not installed: apt-get install influxdb)")
    return out


def summary(results: dict[str, dict[str, float]]) -> None:
    print(f"\nsummary (readings/s; load average {os.getloadavg()[0]:.2f}):")
    for name, out in results.items():
        influx = out.get("InfluxDB")
        for label, rate in out.items():
            ratio = f"  {rate / influx:.2f} of InfluxDB" if influx and label != "InfluxDB" else ""
            print(f"  {name:8} {label:16} {rate:>12,.0f}{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    cores = os.cpu_count() or 1
    parser.add_argument("--shape", choices=[*SHAPES, "both"], default="both")
    parser.add_argument("--readings", type=int, default=0, help="override the shape's")
    parser.add_argument("--batch", type=int, default=0, help="override the shape's")
    parser.add_argument(
        "--workers", type=int, default=cores, help="server processes (default: one per core)"
    )
    parser.add_argument("--clients", type=int, default=0, help="override the shape's")
    parser.add_argument("--enterprises", type=int, default=0, help="override the shape's")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; medians reported")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-influx", action="store_true")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    shapes = list(SHAPES) if args.shape == "both" else [args.shape]
    results = {name: run_shape(name, args) for name in shapes}
    summary(results)
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")


if __name__ == "__main__":
    main()
