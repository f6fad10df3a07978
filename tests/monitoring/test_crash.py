"""Crash test: a real server process receiving batches is killed with SIGKILL mid-stream; after
a restart every acknowledged reading is present exactly once, and re-sending the batches that
were not acknowledged (and those that were) leaves no duplicates."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta

from sqlalchemy import func, select

from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.orm import ReadingRow
from carbonpeak.monitoring.rollups.rollup import CST
from tests.conftest import add_user_with_token
from tests.monitoring.conftest import CODE, seed

BATCH = 400
START = datetime(2026, 1, 1, tzinfo=CST)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CARBONPEAK_DATABASE_URL": url}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "carbonpeak.web.app:create_app",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "error",
        ],
        env=env,
    )
    # Up to 90 s: on a loaded 2-core machine importing the app alone took ~14 s.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/plans", timeout=2)
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


def batch(n: int) -> bytes:
    rows = [
        {
            "point": "C1",
            "ts": (START + timedelta(minutes=15 * (n * BATCH + i))).isoformat(),
            "value": float(n * BATCH + i),
        }
        for i in range(BATCH)
    ]
    return json.dumps({"enterprise": CODE, "readings": rows}).encode()


def post(port: int, token: str, body: bytes) -> dict[str, int] | None:
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/monitoring/readings",
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as reply:
            return json.loads(reply.read())
    except (urllib.error.URLError, ConnectionError, OSError):
        return None  # no reply: not acknowledged


def test_sigkill_mid_stream_loses_no_acknowledged_reading(db_url: str) -> None:
    with session_scope(db_url) as db:
        seed(db)
    token = add_user_with_token(db_url, "enterprise")
    port = free_port()
    server = start_server(db_url, port)
    acknowledged: list[int] = []
    unacknowledged: list[int] = []
    total = 40

    def sender() -> None:
        for n in range(total):
            reply = post(port, token, batch(n))
            if reply is None:
                unacknowledged.extend(range(n, total))
                return
            assert reply["accepted"] == BATCH
            acknowledged.append(n)

    thread = threading.Thread(target=sender)
    thread.start()
    while len(acknowledged) < 5 and thread.is_alive():
        time.sleep(0.01)
    os.kill(server.pid, signal.SIGKILL)
    server.wait(10)
    thread.join(60)
    assert acknowledged and unacknowledged, "the kill must fall mid-stream"

    server = start_server(db_url, port)
    try:
        with session_scope(db_url) as db:
            stored = db.scalar(select(func.count()).select_from(ReadingRow)) or 0
            # every acknowledged batch is there (a batch in flight may or may not be)
            assert stored in (len(acknowledged) * BATCH, (len(acknowledged) + 1) * BATCH)
            for n in acknowledged:
                first = START + timedelta(minutes=15 * n * BATCH)
                last = first + timedelta(minutes=15 * (BATCH - 1))
                count = db.scalar(
                    select(func.count())
                    .select_from(ReadingRow)
                    .where(ReadingRow.ts >= first, ReadingRow.ts <= last)
                )
                assert count == BATCH
        for n in [*unacknowledged, *acknowledged]:  # the client retries everything
            reply = post(port, token, batch(n))
            assert reply is not None and reply["rejected"] == []
            assert reply["accepted"] + reply["duplicates"] == BATCH
        with session_scope(db_url) as db:
            assert db.scalar(select(func.count()).select_from(ReadingRow)) == total * BATCH
    finally:
        server.terminate()
        server.wait(10)
