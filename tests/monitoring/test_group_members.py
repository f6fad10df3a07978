"""Batches of one group commit that name the same points (monitoring/store/service.py): each is
sorted against the others' rows (duplicates, conflicts), whatever the order of their reads and
writes, and the rollups equal a rebuild. On PostgreSQL the change counters of the points are
counted in the session while its row locks are held, the SQL goes through the driver with
array literals, and a month dropped by a retention run elsewhere is refused, not a failure."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from carbonpeak.db.session import get_engine, session_factory, session_scope
from carbonpeak.monitoring.orm import PointRow, ReadingRow, RollupRow
from carbonpeak.monitoring.readings import service
from carbonpeak.monitoring.rollups import service as rollups
from carbonpeak.monitoring.storage import service as storage
from carbonpeak.monitoring.store.group import Deferred
from tests.monitoring.conftest import CODE, seed


def _unit(items: list[dict[str, Any]]) -> Any:
    """The unit a group commit runs for a payload of ``items`` (CODE's token)."""
    payload = {"enterprise": CODE, "readings": items}
    return service._committed_work(payload, "t", "test", CODE, True, None)


def _reading(point: str, minute: int, value: float) -> dict[str, Any]:
    return {"point": point, "ts": f"2026-01-02T08:{minute:02d}:00+08:00", "value": value}


def _rollups(db: Session) -> list[tuple[int, str, datetime, float]]:
    rows = db.scalars(select(RollupRow))
    return sorted((r.point_id, r.period, r.start.astimezone(UTC), r.amount) for r in rows)


def test_members_of_one_group_are_sorted_against_each_other(db_url: str) -> None:
    """Four members read before any writes (as a group runs them): the second repeats one
    row of the first (a duplicate), contradicts another (a conflict) and adds one; the third
    repeats the second's new row and continues the counter, the fourth only continues it (its
    insert skips nothing, so only the change counters tell it that the others wrote). Then the
    rollups equal a rebuild, and the next transaction of the session starts afresh."""
    with session_scope(db_url) as db:
        seed(db)
    first = [_reading("C1", 0, 1.0), _reading("C1", 15, 1.0)]
    first += [_reading("E1", 0, 100.0), _reading("E1", 15, 101.0)]
    second = [_reading("C1", 15, 1.0), _reading("C1", 30, 2.0), _reading("E1", 15, 105.0)]
    third = [_reading("C1", 30, 2.0), _reading("E1", 30, 102.0)]
    # only new rows: nothing for the insert to skip; its rollups must join the others' rows
    fourth = [_reading("E1", 40, 102.5)]
    db = session_factory(db_url)()
    try:
        pending = [
            _unit(items)(db) for items in (first, second, third, fourth)
        ]  # reads, computations
        assert all(isinstance(p, Deferred) for p in pending)
        results = [p.finish() for p in pending]  # then the writes, in order
        db.commit()
        assert "carbonpeak.points_changed" not in db.info  # counted per transaction
        assert [(r.accepted, r.duplicates) for r in results] == [(4, 0), (1, 1), (1, 1), (1, 0)]
        assert [[x.index for x in r.rejected] for r in results] == [[], [2], [], []]
        assert "105" in results[1].rejected[0].error
        # the session's next transaction: its counters start again
        again = _unit([_reading("C1", 30, 2.0), _reading("E1", 45, 103.0)])(db).finish()
        db.commit()
        assert (again.accepted, again.duplicates, again.rejected) == (1, 1, [])
    finally:
        db.close()
    with session_scope(db_url) as db:
        values = {
            (r.ts.astimezone(UTC).minute, r.point_id): r.value
            for r in db.scalars(select(ReadingRow))
        }
        assert sorted(values.values()) == [1.0, 1.0, 2.0, 100.0, 101.0, 102.0, 102.5, 103.0]
        kept = _rollups(db)
        for point in db.scalars(select(PointRow)):
            rollups.rebuild(db_session=db, point=point)
        assert _rollups(db) == kept


def test_a_failed_member_leaves_no_counters_behind(db_url: str) -> None:
    """A group that fails is rolled back; its members then run alone in new transactions
    (group.py). Counters of the failed transaction must not make a later batch of the same
    session decide against rows that were never stored."""
    with session_scope(db_url) as db:
        seed(db)
    db = session_factory(db_url)()
    try:
        _unit([_reading("C1", 0, 1.0)])(db).finish()
        db.rollback()
        assert "carbonpeak.points_changed" not in db.info
        result = _unit([_reading("C1", 0, 3.0)])(db).finish()  # not a conflict: never stored
        db.commit()
        assert (result.accepted, result.duplicates, result.rejected) == (1, 0, [])
    finally:
        db.close()


def _postgres(db_url: str) -> None:
    if get_engine(db_url).dialect.name != "postgresql":
        pytest.skip("PostgreSQL paths")


def test_values_and_instants_survive_the_array_literals(db_url: str) -> None:
    """Readings and rollups go to PostgreSQL as array literals of text: every float comes back
    bit for bit, every instant as sent (offsets, microseconds), and the rollups equal a
    rebuild (which reads them back through SQLAlchemy)."""
    _postgres(db_url)
    with session_scope(db_url) as db:
        seed(db)
    values = [0.1 + 0.2, 1 / 3, 1e-300, 123456789.12345679, 5e15 + 0.5, 0.0, 7.0]
    stamps = [
        "2026-01-02T00:00:00+08:00",
        "2026-01-02T00:15:00.123456+08:00",
        "2026-01-01T16:30:00Z",
        "2026-01-02T00:45:00-05:30",
        "2026-01-02T20:00:00+08:00",
        "2026-01-03T00:00:00+08:00",
        "2026-01-03T00:15:00+08:00",
    ]
    items = [{"point": "C1", "ts": t, "value": v} for t, v in zip(stamps, values, strict=True)]
    items += [
        {"point": "E1", "ts": t, "value": 100.0 + v} for t, v in zip(stamps, values, strict=True)
    ]
    with session_scope(db_url) as db:
        result = service.ingest_rows(db_session=db, items=items, actor="t", source="file")
    assert (result.accepted, result.rejected) == (len(items), [])
    sent = {
        (p, datetime.fromisoformat(t).astimezone(UTC)): v
        for p, t, v in ((i["point"], i["ts"], i["value"]) for i in items)
    }
    with session_scope(db_url) as db:
        codes = {p.id: p.code for p in db.scalars(select(PointRow))}
        stored = {
            (codes[r.point_id], r.ts.astimezone(UTC)): r.value
            for r in db.scalars(select(ReadingRow))
        }
        assert stored == sent
        kept = _rollups(db)
        assert kept
        for point in db.scalars(select(PointRow)):
            rollups.rebuild(db_session=db, point=point)
        assert _rollups(db) == kept
    # a package continuing them (the appended path: upserted rollups) also equals a rebuild
    more = [{"point": "C1", "ts": "2026-01-03T00:30:00+08:00", "value": 1 / 7}]
    more += [{"point": "E1", "ts": "2026-01-03T00:30:00+08:00", "value": 107.25}]
    payload = {"enterprise": CODE, "readings": more}
    done = service.ingest_committed(
        url=db_url, payload=payload, actor="t", source="http", enterprise_scope=CODE
    )
    assert (done.accepted, done.rejected) == (2, [])
    with session_scope(db_url) as db:
        kept = _rollups(db)
        for point in db.scalars(select(PointRow)):
            rollups.rebuild(db_session=db, point=point)
        assert _rollups(db) == kept


def test_a_month_dropped_by_retention_elsewhere_is_refused_not_a_failure(db_url: str) -> None:
    """This process remembers the partitions it has seen (storage._seen); a retention run in
    another process drops a month without this process knowing. A batch for that month is
    refused by the retention cutoff (read for batches that old), and later months are stored."""
    _postgres(db_url)
    with session_scope(db_url) as db:
        seed(db)
    now = datetime(2026, 12, 6, tzinfo=UTC)
    for hour in (8, 9):  # the second batch finds the month's partition in the catalogue
        old = [{"point": "C1", "ts": f"2025-01-10T{hour:02d}:00:00+08:00", "value": 1.0}]
        with session_scope(db_url) as db:
            assert not service.ingest_rows(
                db_session=db, items=old, actor="t", source="file", now=now
            ).rejected
    engine = get_engine(db_url)
    assert (2025, 1) in storage._seen[engine]
    other = create_engine(db_url)  # "another process": its own engine, its own memory
    try:
        with Session(other) as db:
            done = storage.retention(db_session=db, older_than="2025-02-15", actor="ops", now=now)
            db.commit()
        assert done.partitions_dropped == ["mon_readings_p202501"]
    finally:
        other.dispose()
    assert (2025, 1) in storage._seen[engine]  # stale here, as in another server process
    late = [
        {"point": "C1", "ts": "2025-01-20T08:00:00+08:00", "value": 2.0},
        {"point": "C1", "ts": "2025-03-20T08:00:00+08:00", "value": 2.0},
    ]
    with session_scope(db_url) as db:
        result = service.ingest_rows(db_session=db, items=late, actor="t", source="file", now=now)
    assert [r.index for r in result.rejected] == [0]
    assert "retention cutoff" in result.rejected[0].error
    assert result.accepted == 1
