"""A PostgreSQL group commit's joint statements (monitoring/store/service.py ``prefetch``,
``flush_joint``): a group of several payloads reads its points, their row locks, last readings
and stored rollups in one statement each, and writes its readings and rollup upserts in one
statement each; each member's outcome (accepted, duplicates, conflicts) and the rollups are
what members run one by one would give. On SQLite the hint does nothing."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.db.session import get_engine, session_factory, session_scope
from carbonpeak.monitoring.orm import PointRow, ReadingRow, RollupRow
from carbonpeak.monitoring.readings import service
from carbonpeak.monitoring.rollups import service as rollups
from carbonpeak.monitoring.store.group import GroupCommit
from carbonpeak.monitoring.store.service import IngestResult, flush_joint
from tests.monitoring.conftest import CODE, recorded_statements, seed


def _reading(point: str, minute: int, value: float) -> dict[str, Any]:
    return {"point": point, "ts": f"2026-01-02T08:{minute:02d}:00+08:00", "value": value}


def _payload(*items: dict[str, Any]) -> dict[str, Any]:
    return {"enterprise": CODE, "readings": list(items)}


def _one_group(
    db_url: str, members: list[tuple[dict[str, Any], str, Any]], *, errors: bool = False
) -> tuple[list[Any], GroupCommit[Any]]:
    """Run ``members`` (payload, source, on_stored) as one group of a group commit whose
    window (half a second) outlasts their arrival: all are queued before the leader takes
    them. Each member's result (``errors``: or the error raised to it)."""
    group: GroupCommit[Any] = GroupCommit(session_factory(db_url), window=0.5, flush=flush_joint)

    for payload, _, _ in members:  # as ingest_committed does first (PostgreSQL)
        service._prepare_partitions(db_url, payload)

    async def all_of() -> list[Any]:
        runs = [
            group.run_async(
                service._committed_work(payload, "t", source, CODE, True, on_stored),
                service.size_of(payload),
                (service.prefetch, payload),
            )
            for payload, source, on_stored in members
        ]
        return list(await asyncio.gather(*runs, return_exceptions=errors))

    # on a loop of its own in another thread (the suite may have a loop running in this one)
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, all_of()).result(), group


def _seeded(db_url: str) -> None:
    with session_scope(db_url) as db:
        seed(db)


def _postgres(db_url: str) -> bool:
    return get_engine(db_url).dialect.name == "postgresql"


def _rollups(db: Session) -> list[tuple[int, str, datetime, float]]:
    rows = db.scalars(select(RollupRow))
    return sorted((r.point_id, r.period, r.start.astimezone(UTC), r.amount) for r in rows)


def _rollups_equal_a_rebuild(db_url: str) -> None:
    with session_scope(db_url) as db:
        kept = _rollups(db)
        assert kept
        for point in db.scalars(select(PointRow)):
            rollups.rebuild(db_session=db, point=point)
        assert _rollups(db) == kept


def test_a_group_reads_and_writes_each_thing_once(db_url: str) -> None:
    """Three payloads of different points (the coal point, the electricity counter, the
    sinter output), one of them sent over MQTT: on PostgreSQL the group runs six statements
    in all (the points, their locks, their last readings, their stored rollups, the insert,
    the upsert; 18 one by one), each row keeps its own source, and the rollups equal a
    rebuild. A first round stores earlier readings, so the group's rollups add to stored
    rows."""
    _seeded(db_url)
    first = [
        (_payload(_reading("C1", 0, 1.0)), "http", None),
        (_payload(_reading("E1", 0, 100.0)), "http", None),
        (_payload(_reading("S1", 0, 3.0)), "http", None),
    ]
    _one_group(db_url, first)
    members = [
        (_payload(_reading("C1", 15, 2.0), _reading("C1", 30, 2.5)), "http", None),
        (_payload(_reading("E1", 15, 101.5), _reading("E1", 30, 103.0)), "mqtt", None),
        (_payload(_reading("S1", 15, 4.0)), "http", None),
    ]
    with recorded_statements(db_url) as statements:
        results, group = _one_group(db_url, members)
    assert group.stats.groups == 1 and group.stats.retried == 0
    assert [(r.accepted, r.duplicates, r.rejected) for r in results] == [
        (2, 0, []),
        (2, 0, []),
        (1, 0, []),
    ]
    if _postgres(db_url):
        # (readings of last January: the retention cutoff is read too, once per transaction)
        run = [s.split()[0] for s in statements if "mon_retention" not in s]
        assert len(run) == 6, "\n".join(s[:150] for s in statements)
        assert run.count("INSERT") == 2
    with session_scope(db_url) as db:
        codes = {p.id: p.code for p in db.scalars(select(PointRow))}
        stored = {
            (codes[r.point_id], r.ts.astimezone(UTC).minute): (r.value, r.source)
            for r in db.scalars(select(ReadingRow))
        }
    assert stored[("E1", 30)] == (103.0, "mqtt")
    assert stored[("C1", 30)] == (2.5, "http")
    assert len(stored) == 8
    _rollups_equal_a_rebuild(db_url)


def test_members_naming_the_same_point_see_each_others_rows(db_url: str) -> None:
    """The second member repeats a row of the first (a duplicate), contradicts another (a
    conflict) and continues the counter; the third continues it again. They read before any
    member wrote (the group's reads), so the change counters send them to decide again, after
    the rows the group had left to its joint statements are written."""
    _seeded(db_url)
    members = [
        (_payload(_reading("E1", 0, 100.0), _reading("E1", 15, 101.0)), "http", None),
        (_payload(_reading("E1", 15, 101.0), _reading("E1", 30, 102.0)), "http", None),
        (_payload(_reading("E1", 30, 109.0), _reading("E1", 45, 103.0)), "http", None),
        (_payload(_reading("C1", 0, 1.0)), "http", None),
    ]
    results, group = _one_group(db_url, members)
    assert group.stats.groups == 1 and group.stats.retried == 0
    assert [(r.accepted, r.duplicates) for r in results] == [(2, 0), (1, 1), (1, 0), (1, 0)]
    assert [[x.index for x in r.rejected] for r in results] == [[], [], [0], []]
    with session_scope(db_url) as db:
        values = sorted(r.value for r in db.scalars(select(ReadingRow)))
    assert values == [1.0, 100.0, 101.0, 102.0, 103.0]
    _rollups_equal_a_rebuild(db_url)


def test_rows_stored_behind_the_groups_back_send_each_member_alone(db_url: str) -> None:
    """The first member's after-store hook (as the MQTT intake's dead letters run) writes a
    reading the second member sends, with another value, straight into the table: the joint
    insert then stores one row fewer than the members counted on, so the group is rolled back
    and each member runs alone; the second is told of its conflict."""
    _seeded(db_url)

    def behind(db: Session, _result: IngestResult) -> None:
        point = db.scalars(select(PointRow).where(PointRow.code == "C1")).one()
        ts = datetime(2026, 1, 2, 0, 15, tzinfo=UTC)  # C1's first reading below
        db.add(ReadingRow(point_id=point.id, ts=ts, value=9.0, received_at=ts, source="other"))
        rollups.refresh(db_session=db, point=point, start=ts, end=ts)

    members = [
        (_payload(_reading("E1", 0, 100.0)), "http", behind),
        (_payload(_reading("C1", 15, 2.0), _reading("C1", 30, 2.5)), "http", None),
    ]
    results, group = _one_group(db_url, members)
    assert group.stats.groups == 1
    assert group.stats.retried == (1 if _postgres(db_url) else 0)
    assert (results[0].accepted, results[0].rejected) == (1, [])
    assert results[1].accepted == 1
    assert [x.index for x in results[1].rejected] == [0]
    assert "9" in results[1].rejected[0].error
    with session_scope(db_url) as db:
        values = sorted(r.value for r in db.scalars(select(ReadingRow)))
    assert values == [2.5, 9.0, 100.0]
    _rollups_equal_a_rebuild(db_url)


def test_refused_members_leave_the_group_committed_once(db_url: str) -> None:
    """A group of four: two good payloads, a malformed one (no readings list) and one naming
    another enterprise's point. The two are stored in the group's one commit (nothing run
    again alone); the others get their errors (400, 403) and store nothing."""
    _seeded(db_url)
    good = [_payload(_reading("C1", 0, 1.0)), _payload(_reading("E1", 0, 100.0))]
    malformed = {"enterprise": CODE, "readings": "C1=1.0"}
    foreign = _payload(_reading("X1", 0, 5.0))  # X1 belongs to OTHER
    members = [(good[0], "http", None), (malformed, "http", None)]
    members += [(foreign, "mqtt", None), (good[1], "http", None)]
    outcomes, group = _one_group(db_url, members, errors=True)
    assert [type(o).__name__ for o in outcomes] == [
        "IngestResult",
        "InputError",
        "PermissionDenied",
        "IngestResult",
    ]
    assert [o.accepted for o in (outcomes[0], outcomes[3])] == [1, 1]
    assert "X1" in str(outcomes[2])
    assert (group.stats.groups, group.stats.retried, group.stats.refused) == (1, 0, 2)
    with session_scope(db_url) as db:
        assert len(db.scalars(select(ReadingRow)).all()) == 2
