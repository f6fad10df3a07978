"""How fast can SQLite take the bulk shape's readings at all, by storage layout (issue 17)?

The bulk goal of issue 17 is half of InfluxDB's rate for requests of 20,000 readings. The
server cannot write faster than its own table takes rows, so this script measures that
ceiling for the readings table as it is and for the layouts that could replace it, with
InfluxDB 1.6 in the same run on the same readings (when ``influxd`` is on PATH):

1. ``rows, text time, executemany``: ``mon_readings`` as stored before stop 28 (migration
   0018): one row per reading, WITHOUT ROWID, the time label and ``received_at`` as the text
   SQLAlchemy writes (26 characters), ``source`` on every row, a foreign key to ``mon_points``
   checked per row; written by ``executemany`` (the server's write before stop 27).
2. ``text time labels (before stop 28)``: the same written by INSERTs of 500 rows each
   (the server's large-batch write in stop 27). The layouts below use the multi-row INSERT.
3. ``integer time labels (as stored, 0023)``: ``mon_readings`` as stored since stop 28
   (migration 0023, ``db.types.EpochMicros``): the time label and ``received_at`` as integer
   microseconds since the epoch; the server's write today.
4. ``rows, integer time, no FK``: and no foreign key (points deleted by the application).
5. ``blocks``: one row per (point, local day) holding the day's readings as two packed arrays
   (int64 microseconds, float64 values), ``mon_readings`` as a time-series store keeps
   columns: a batch's readings are grouped by point and day with numpy, a day already stored
   (a request continuing the series) is read, merged and written back.

Each layout takes the 1,000,000 readings of ``ingest.py --shape bulk`` (25 enterprises x 10
points x 4,000 15-minute steps) in 50 transactions of 20,000, in request order, with the
server's pragmas (``db.session.sqlite_pragmas``: WAL, ``synchronous=FULL``, a checkpoint
every 10,000 pages); for ``blocks`` the grouping and packing is timed too. Then one point's
month is read back from each (the raw read of the reports). The readings are illustrative.

Run: .venv/bin/python benchmarks/storage_layout.py [--skip-influx]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ingest  # the bulk shape's readings and the InfluxDB run

from carbonpeak.db.session import sqlite_pragmas

ENTERPRISES, STEPS, BATCH = 25, 4000, 20_000
#: rows per INSERT statement, as the server's large-batch insert (rollups.service.sqlite_insert)
MULTI_ROWS = 500
CST_SHIFT_US = 8 * 3600 * 1_000_000
DAY_US = 86400 * 1_000_000
STAMP = "%Y-%m-%d %H:%M:%S.%f"

#: (point id, UTC instant, value) per request, in the order ``ingest.bodies`` sends them
Request = tuple[np.ndarray, np.ndarray, np.ndarray]


def requests() -> list[Request]:
    per = BATCH // ingest.POINTS
    codes: dict[str, int] = {}
    out = []
    for lo in range(0, STEPS, per):
        for n in range(ENTERPRISES):
            rows = list(ingest.series(n, range(lo, min(STEPS, lo + per))))
            pid = np.array([codes.setdefault(c, len(codes) + 1) for c, _, _ in rows], np.int64)
            us = np.array([int(ts.timestamp()) * 1_000_000 for _, ts, _ in rows], np.int64)
            val = np.array([v for _, _, v in rows], np.float64)
            out.append((pid, us, val))
    return out


def connect(path: Path, ddl: list[str]) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    sqlite_pragmas(conn)
    conn.execute("CREATE TABLE mon_points (id INTEGER PRIMARY KEY, code TEXT)")
    conn.executemany("INSERT INTO mon_points VALUES (?, ?)", [(i, str(i)) for i in range(1, 300)])
    for statement in ddl:
        conn.execute(statement)
    return conn


def as_text(us: int) -> str:
    return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=us)).strftime(STAMP)


def write_rows(
    conn: sqlite3.Connection, batches: list[Request], *, integer: bool, multi: bool = False
) -> float:
    received = int(time.time() * 1e6)
    total = 0.0
    for pid, us, val in batches:
        params: list[tuple[object, ...]]
        if integer:
            params = list(zip(pid.tolist(), us.tolist(), val.tolist(), strict=True))
            sql = f"INSERT INTO mon_readings VALUES (?, ?, ?, {received}, 'http')"
        else:
            texts = {u: as_text(u) for u in set(us.tolist())}
            rec = as_text(received)
            params = [
                (p, texts[u], v, rec, "http")
                for p, u, v in zip(pid.tolist(), us.tolist(), val.tolist(), strict=True)
            ]
            sql = "INSERT INTO mon_readings VALUES (?, ?, ?, ?, ?)"
        t = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        if multi:  # as the server writes a large batch (rollups.service.sqlite_insert)
            per = MULTI_ROWS
            for i in range(0, len(params), per):
                part = params[i : i + per]
                values = ", ".join([sql.split("VALUES ", 1)[1]] * len(part))
                flat = [x for row in part for x in row]
                conn.execute(sql.split("VALUES ", 1)[0] + "VALUES " + values, flat)
        else:
            conn.executemany(sql, params)
        conn.execute("COMMIT")
        total += time.perf_counter() - t
    return total


def write_blocks(conn: sqlite3.Connection, batches: list[Request]) -> tuple[float, float]:
    """(seconds packing, seconds writing)."""
    packing = writing = 0.0
    for pid, us, val in batches:
        t = time.perf_counter()
        day = (us + CST_SHIFT_US) // DAY_US
        order = np.lexsort((us, day, pid))
        pid, us, val, day = pid[order], us[order], val[order], day[order]
        cut = np.flatnonzero((np.diff(pid) != 0) | (np.diff(day) != 0)) + 1
        starts = np.concatenate(([0], cut))
        ends = np.concatenate((cut, [len(pid)]))
        blocks = [
            (int(pid[a]), int(day[a]), us[a:b], val[a:b])
            for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
        ]
        packing += time.perf_counter() - t
        t = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        params = []
        for p, d, u, v in blocks:
            old = conn.execute(
                "SELECT ts, value FROM mon_reading_blocks WHERE point_id = ? AND day = ?", (p, d)
            ).fetchone()
            if old is not None:  # the day continues: merge (readings of a day in time order)
                u = np.concatenate((np.frombuffer(old[0], np.int64), u))
                v = np.concatenate((np.frombuffer(old[1], np.float64), v))
            params.append((p, d, len(u), u.tobytes(), v.tobytes()))
        conn.executemany("INSERT OR REPLACE INTO mon_reading_blocks VALUES (?, ?, ?, ?, ?)", params)
        conn.execute("COMMIT")
        writing += time.perf_counter() - t
    return packing, writing


ROWS_DDL = (
    "CREATE TABLE mon_readings (point_id INTEGER NOT NULL {fk}, ts {ts} NOT NULL, value FLOAT, "
    "received_at {ts}, source VARCHAR(10), PRIMARY KEY (point_id, ts)) WITHOUT ROWID"
)
FK = "REFERENCES mon_points (id) ON DELETE CASCADE"
BLOCKS_DDL = (
    "CREATE TABLE mon_reading_blocks (point_id INTEGER NOT NULL " + FK + ", day INTEGER NOT NULL,"
    " n INTEGER NOT NULL, ts BLOB NOT NULL, value BLOB NOT NULL, PRIMARY KEY (point_id, day))"
    " WITHOUT ROWID"
)


def read_month_rows(conn: sqlite3.Connection, lo: object, hi: object) -> int:
    sql = "SELECT ts, value FROM mon_readings WHERE point_id = 1 AND ts >= ? AND ts < ?"
    return len(conn.execute(sql, (lo, hi)).fetchall())


def read_month_blocks(conn: sqlite3.Connection, lo_day: int, hi_day: int) -> int:
    sql = "SELECT ts, value FROM mon_reading_blocks WHERE point_id = 1 AND day >= ? AND day < ?"
    n = 0
    for ts, value in conn.execute(sql, (lo_day, hi_day)):
        n += len(np.frombuffer(ts, np.int64)) + 0 * len(np.frombuffer(value, np.float64))
    return n


def timed(fn: Callable[[], int], repeat: int = 20) -> tuple[float, int]:
    best, n = float("inf"), 0
    for _ in range(repeat):
        t = time.perf_counter()
        n = fn()
        best = min(best, time.perf_counter() - t)
    return best, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-influx", action="store_true")
    args = parser.parse_args()
    print(ingest.machine())
    ingest.START = datetime(2026, 1, 1, tzinfo=ingest.CST)
    batches = requests()
    n = sum(len(b[0]) for b in batches)
    print(f"{n:,} readings in {len(batches)} transactions of {BATCH:,} (the bulk shape)")
    month_lo_us = int(datetime(2026, 1, 1, tzinfo=ingest.CST).timestamp()) * 1_000_000
    month_hi_us = int(datetime(2026, 2, 1, tzinfo=ingest.CST).timestamp()) * 1_000_000
    rates: dict[str, float] = {}
    tmp = Path(tempfile.mkdtemp())
    try:
        layouts = [
            ("rows, text time, executemany", "datetime", FK, False, False),
            ("text time labels (before stop 28)", "datetime", FK, False, True),
            ("integer time labels (as stored, 0023)", "integer", FK, True, True),
            ("rows, integer time, no FK", "integer", "", True, True),
        ]
        for label, ts_type, fk, integer, multi in layouts:
            conn = connect(tmp / f"{len(rates)}.db", [ROWS_DDL.format(fk=fk, ts=ts_type)])
            seconds = write_rows(conn, batches, integer=integer, multi=multi)
            rates[label] = n / seconds
            lo = month_lo_us if integer else as_text(month_lo_us)
            hi = month_hi_us if integer else as_text(month_hi_us)
            best, got = timed(partial(read_month_rows, conn, lo, hi))
            size = os.path.getsize(tmp / f"{len(rates) - 1}.db") / 1e6
            print(
                f"  {label:<37} write {rates[label]:>10,.0f} readings/s; one point's month"
                f" ({got:,} readings) read {1000 * best:.2f} ms; file {size:.0f} MB + WAL"
            )
            conn.close()
        conn = connect(tmp / "blocks.db", [BLOCKS_DDL])
        packing, writing = write_blocks(conn, batches)
        rates["blocks (point, day)"] = n / (packing + writing)
        lo_day = (month_lo_us + CST_SHIFT_US) // DAY_US
        best, got = timed(partial(read_month_blocks, conn, lo_day, lo_day + 31))
        rows = conn.execute("SELECT count(*) FROM mon_reading_blocks").fetchone()[0]
        size = os.path.getsize(tmp / "blocks.db") / 1e6
        print(
            f"  {'blocks (point, day)':<37} write {rates['blocks (point, day)']:>10,.0f}"
            f" readings/s ({rows:,} rows; packing {packing:.2f} s, writing {writing:.2f} s);"
            f" one point's month ({got:,} readings) read {1000 * best:.2f} ms;"
            f" file {size:.0f} MB + WAL"
        )
        conn.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.skip_influx or shutil.which("influxd") is None:
        print("InfluxDB not run (--skip-influx, or influxd not on PATH)")
        return
    lines = ingest.influx_lines(ENTERPRISES, STEPS, BATCH)
    influx = ingest.bench_influx(lines, clients=4)
    print(f"  InfluxDB 1.6 over HTTP, 4 clients: {influx:,.0f} readings/s")
    for label, rate in rates.items():
        print(f"  {label:<37} {rate / influx:.2f} of InfluxDB (storage alone: no HTTP, no checks)")


if __name__ == "__main__":
    main()
