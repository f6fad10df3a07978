"""Two servers over one PostgreSQL (and the local Redis): they behave as one for ingestion.
The same packages sent to both at once are stored once; each reply counts a reading either
as accepted or as a duplicate, never both, and the rollups equal those of one server."""

from __future__ import annotations

import socket
import threading

import pytest
from sqlalchemy import func, select

from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.orm import PointRow, ReadingRow, RollupRow
from tests.conftest import add_user_with_token
from tests.monitoring.conftest import CODE, seed
from tests.monitoring.test_crash import START, free_port, post, start_server

REDIS = ("127.0.0.1", 6379)
PACKAGES = 40


def _redis_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
        return True
    except OSError:
        return False


def package(n: int) -> bytes:
    """One gateway package: C1 and S1 at step n (values hand-made: n and 2n)."""
    import json
    from datetime import timedelta

    ts = (START + timedelta(minutes=15 * n)).isoformat()
    rows = [
        {"point": "C1", "ts": ts, "value": float(n)},
        {"point": "S1", "ts": ts, "value": float(2 * n)},
    ]
    return json.dumps({"enterprise": CODE, "readings": rows}).encode()


@pytest.mark.parametrize(
    "db_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_two_servers_store_each_reading_once(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if not _redis_up():
        pytest.skip(
            f"no Redis at {REDIS[0]}:{REDIS[1]} (the two-server test runs over PostgreSQL + Redis)"
        )
    monkeypatch.setenv("CARBONPEAK_REDIS_URL", f"redis://{REDIS[0]}:{REDIS[1]}/0")
    with session_scope(db_url) as db:
        seed(db)
    token = add_user_with_token(db_url, "enterprise")
    ports = [free_port(), free_port()]
    servers = [start_server(db_url, port) for port in ports]
    replies: list[dict[str, int] | None] = []
    lock = threading.Lock()

    def send(port: int) -> None:
        for n in range(PACKAGES):  # both servers get every package, at the same time
            reply = post(port, token, package(n))
            with lock:
                replies.append(reply)

    try:
        threads = [threading.Thread(target=send, args=(p,)) for p in ports]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    finally:
        for s in servers:
            s.terminate()
            s.wait(10)
    assert len(replies) == 2 * PACKAGES and all(r is not None for r in replies)
    accepted = sum(r["accepted"] for r in replies if r)
    duplicates = sum(r["duplicates"] for r in replies if r)
    # 40 packages x 2 readings, stored once; the other copy of each is a duplicate
    assert (accepted, duplicates) == (80, 80)
    with session_scope(db_url) as db:
        assert db.scalar(select(func.count()).select_from(ReadingRow)) == 80
        # S1 (output, 15-minute interval) sums to 2 × (0 + 1 + ... + 39) = 1,560 t
        s1 = select(PointRow.id).where(PointRow.code == "S1").scalar_subquery()
        day_total = db.scalar(
            select(func.sum(RollupRow.amount)).where(
                RollupRow.period == "day", RollupRow.point_id == s1
            )
        )
        assert day_total == pytest.approx(1560.0)
