"""Two writers on the same points: a batch decides and computes its rollups before it writes;
when another writer changed the points in between (its change counter moved), the batch decides
again under the lock. Both legs (SQLite file, PostgreSQL) run; on PostgreSQL the row locks make
the second writer wait instead, so the interleaving below only applies to SQLite."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.db.session import session_scope, sqlite_write_gate
from carbonpeak.monitoring.orm import PointRow, ReadingRow, RollupRow
from carbonpeak.monitoring.readings import service
from carbonpeak.monitoring.rollups import service as aggregates
from carbonpeak.monitoring.store import service as store

from .conftest import CODE, seed

T0 = datetime(2026, 3, 1, 0, 0, tzinfo=UTC)


def payload(*rows: tuple[str, int, float]) -> dict[str, Any]:
    return {
        "enterprise": CODE,
        "readings": [
            {"point": p, "ts": (T0 + timedelta(minutes=15 * m)).isoformat(), "value": v}
            for p, m, v in rows
        ],
    }


def send(db: Session, *rows: tuple[str, int, float]) -> service.IngestResult:
    return service.ingest(
        db_session=db, payload=payload(*rows), actor="t", source="http", enterprise_scope=CODE
    )


def rollups(db: Session) -> dict[tuple[int, str, datetime], float]:
    return {(r.point_id, r.period, r.start): r.amount for r in db.scalars(select(RollupRow))}


def test_a_writer_in_between_makes_the_batch_decide_again(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL: row locks on the points make the other writer wait instead")
    with session_scope(db_url) as db:
        seed(db)
        send(db, ("C1", 0, 1.0), ("E1", 0, 100.0))
    interleaved: list[service.IngestResult] = []
    started: list[bool] = []

    def then_other_writer(real: Any) -> Any:
        def planned(**kwargs: Any) -> aggregates.Plan | None:
            out = real(**kwargs)
            if not started:  # once: another request stores C1 at 00:15 and 00:30 meanwhile
                started.append(True)
                with session_scope(db_url) as other:
                    interleaved.append(send(other, ("C1", 1, 2.0), ("C1", 2, 4.0)))
            return out

        return planned

    # the batch follows the stored readings: its rollups are planned by plan_appended
    for name in ("plan", "plan_appended"):
        monkeypatch.setattr(aggregates, name, then_other_writer(getattr(aggregates, name)))
    decisions: list[int] = []
    real_decide = store._decide

    def counted(*args: Any, **kwargs: Any) -> Any:
        decisions.append(1)
        return real_decide(*args, **kwargs)

    monkeypatch.setattr(store, "_decide", counted)
    with session_scope(db_url) as db:
        # 00:15 equal (a duplicate of the other's), 00:30 different (a conflict), 00:45 new
        result = send(db, ("C1", 1, 2.0), ("C1", 2, 5.0), ("C1", 3, 8.0), ("E1", 1, 130.0))
    assert interleaved[0].accepted == 2
    # the other writer decided once; ours twice: before, and again under the lock
    assert len(decisions) == 3
    assert (result.accepted, result.duplicates) == (2, 1)
    assert [r.index for r in result.rejected] == [1] and "conflict" in result.rejected[0].error
    monkeypatch.undo()
    with session_scope(db_url) as db:
        c1 = db.scalar(select(PointRow).where(PointRow.code == "C1"))
        assert c1 is not None
        values = db.scalars(
            select(ReadingRow.value).where(ReadingRow.point_id == c1.id).order_by(ReadingRow.ts)
        ).all()
        assert list(values) == [1.0, 2.0, 4.0, 8.0]
        assert c1.readings_version == 3  # one bump per batch that changed it
        incremental = rollups(db)
        # the hour 08:00 CST holds 1 + 2 + 4 + 8 t: the rollups saw the other writer's rows
        hour = T0.replace(tzinfo=UTC)
        assert incremental[(c1.id, "hour", hour)] == 15.0
        for point in db.scalars(select(PointRow)):
            aggregates.rebuild(db_session=db, point=point)
        db.flush()
        assert rollups(db) == incremental


def test_without_a_writer_in_between_the_precomputed_rollups_are_written(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(db_session)
    calls: list[str] = []
    real = aggregates.refresh_many
    monkeypatch.setattr(
        aggregates, "refresh_many", lambda **kw: (calls.append("refresh"), real(**kw))[1]
    )
    result = send(db_session, ("C1", 0, 1.0), ("C1", 1, 2.0), ("E1", 0, 5.0), ("E1", 1, 9.0))
    assert result.accepted == 4 and calls == []  # the plan made before the write was used
    c1 = db_session.scalar(select(PointRow.id).where(PointRow.code == "C1"))
    assert rollups(db_session)[(c1, "day", datetime(2026, 2, 28, 16, tzinfo=UTC))] == 3.0


def test_the_write_gate_queues_the_second_writer_until_the_first_commits(db_url: str) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the gate is for SQLite files only")
    order: list[str] = []
    first_has_gate = threading.Event()

    def first() -> None:
        with session_scope(db_url) as db:
            db.execute(select(1))
            sqlite_write_gate(db)
            first_has_gate.set()
            time.sleep(0.3)
            order.append("first commits")

    thread = threading.Thread(target=first)
    thread.start()
    assert first_has_gate.wait(5)
    with session_scope(db_url) as db:
        db.execute(select(1))
        sqlite_write_gate(db)  # blocks until the first session's transaction has ended
        order.append("second has the gate")
    thread.join()
    assert order == ["first commits", "second has the gate"]


def test_a_package_reads_its_points_and_their_counters_in_one_statement(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite: the point lookup brings the change counters along, so ``store`` does not read
    ``mon_points`` again (``_versions``); the optimistic check still sees another writer's
    bump (the first test). PostgreSQL reads them in ``_versions``, under the points' row
    locks, and counts them in the session (never written)."""
    with session_scope(db_url) as db:
        seed(db)
        send(db, ("C1", 0, 1.0), ("E1", 0, 100.0))
    calls: list[list[int]] = []
    real = store._versions
    monkeypatch.setattr(store, "_versions", lambda db, ids: (calls.append(ids), real(db, ids))[1])
    with session_scope(db_url) as db:
        result = send(db, ("C1", 1, 2.0), ("E1", 1, 130.0))
    assert result.accepted == 2
    sqlite = db_url.startswith("sqlite")
    assert len(calls) == (0 if sqlite else 1)
    with session_scope(db_url) as db:
        versions = db.scalars(select(PointRow.readings_version).order_by(PointRow.code)).all()
    # C1, E1 bumped by each package on SQLite; G1, S1, X1 untouched
    assert list(versions) == ([2, 2, 0, 0, 0] if sqlite else [0, 0, 0, 0, 0])
