"""Raw readings that grow (migration 0018): monthly partitions on PostgreSQL (made on ingest and
ahead; an existing database upgraded with its readings), SQLite WITHOUT ROWID, and retention
(raw readings of whole months deleted after an age, archived first, rollups kept, audited,
older readings refused afterwards)."""

from __future__ import annotations

import csv
import gzip
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from carbonpeak.audit.orm import AuditRow
from carbonpeak.core.errors import InputError
from carbonpeak.db.migrate import downgrade, upgrade
from carbonpeak.db.session import get_engine, session_scope
from carbonpeak.monitoring.orm import ReadingRow, RetentionRow, RollupRow
from carbonpeak.monitoring.readings import service
from carbonpeak.monitoring.storage import service as storage
from carbonpeak.monitoring.storage.partitions import cutoff_for, month_of, months_of
from tests.monitoring.conftest import seed

NOW = datetime(2026, 12, 6, tzinfo=UTC)


def _rows(start: datetime, days: int) -> list[dict[str, object]]:
    """C1 (interval) every 6 hours and E1 (counter) likewise over ``days`` days."""
    out: list[dict[str, object]] = []
    for i in range(days * 4):
        ts = (start + timedelta(hours=6 * i)).isoformat()
        out.append({"point": "C1", "ts": ts, "value": 1.0})
        out.append({"point": "E1", "ts": ts, "value": 100.0 + i})
    return out


def _ingest(url: str, items: list[dict[str, object]]) -> service.IngestResult:
    with session_scope(url) as db:
        return service.ingest_rows(db_session=db, items=items, actor="t", source="file", now=NOW)


def _count(url: str, model: type) -> int:
    with session_scope(url) as db:
        return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_upgrade_keeps_readings_and_partitions_them(db_url: str) -> None:
    with session_scope(db_url) as db:
        seed(db)
    # three months of 2025 (CST): on PostgreSQL their partitions are made on ingest
    assert not _ingest(db_url, _rows(datetime(2025, 1, 10, tzinfo=UTC), 70)).rejected
    n = _count(db_url, ReadingRow)
    assert n == 70 * 8
    engine = get_engine(db_url)
    if engine.dialect.name == "postgresql":
        with session_scope(db_url) as db:
            assert {(2025, 1), (2025, 2), (2025, 3)} <= storage.partitions(db_session=db)
    # an existing database with data: down to 0016 (a plain table) and up again
    downgrade(db_url, "0016")
    assert _count(db_url, ReadingRow) == n
    upgrade(db_url)
    assert _count(db_url, ReadingRow) == n
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            kind = conn.execute(
                text("SELECT relkind FROM pg_class WHERE oid = to_regclass('mon_readings')")
            ).scalar()
            assert kind == "p"  # partitioned
            with session_scope(db_url) as db:
                assert storage.partitions(db_session=db) == {(2025, 1), (2025, 2), (2025, 3)}
        else:
            ddl = conn.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'mon_readings'")
            ).scalar()
            assert "WITHOUT ROWID" in str(ddl)
    # the next months ahead (a no-op on SQLite)
    with session_scope(db_url) as db:
        made = storage.make_ahead(db_session=db, now=NOW, ahead=2)
    if engine.dialect.name == "postgresql":
        assert made == [(2026, 12), (2027, 1), (2027, 2)]
    else:
        assert made == []


def test_retention_archives_keeps_rollups_and_refuses_older(db_url: str, tmp_path: Path) -> None:
    with session_scope(db_url) as db:
        seed(db)
    assert not _ingest(db_url, _rows(datetime(2025, 1, 1, tzinfo=UTC), 100)).rejected
    with session_scope(db_url) as db:
        rollups_before = sorted(
            (r.point_id, r.period, r.start, r.amount) for r in db.scalars(select(RollupRow))
        )
    archive = tmp_path / "old" / "readings.csv.gz"
    with session_scope(db_url) as db:
        dry = storage.retention(
            db_session=db, older_than="2025-03-15", actor="ops", now=NOW, dry_run=True
        )
    cutoff = datetime(2025, 3, 1, tzinfo=UTC) - timedelta(hours=8)  # 2025-03-01 00:00 CST
    assert dry.cutoff == cutoff
    with session_scope(db_url) as db:
        older = select(func.count()).select_from(ReadingRow).where(ReadingRow.ts < cutoff)
        expected = int(db.scalar(older) or 0)
    assert dry.deleted == expected > 0
    with session_scope(db_url) as db:
        done = storage.retention(
            db_session=db, older_than="2025-03-15", actor="ops", archive=archive, now=NOW
        )
    assert done.deleted == expected
    with session_scope(db_url) as db:
        assert db.scalar(select(func.min(ReadingRow.ts))) >= cutoff
        rollups_after = sorted(
            (r.point_id, r.period, r.start, r.amount) for r in db.scalars(select(RollupRow))
        )
        assert rollups_after == rollups_before  # rollups kept as they were
        run = db.scalars(select(RetentionRow)).one()
        assert (run.cutoff, run.deleted, run.actor) == (cutoff, expected, "ops")
        audit = db.scalars(select(AuditRow).where(AuditRow.action == "retention")).one()
        assert audit.actor == "ops"
    with gzip.open(archive, "rt", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == expected
    assert {r["point"] for r in rows} == {"C1", "E1"}
    if get_engine(db_url).dialect.name == "postgresql":
        assert done.partitions_dropped == ["mon_readings_p202501", "mon_readings_p202502"]
    # readings before the cutoff, or in the first days after it, are refused with the reason
    late = [
        {"point": "C1", "ts": "2025-02-10T00:00:00+00:00", "value": 5.0},
        {"point": "C1", "ts": "2025-03-01T12:00:00+08:00", "value": 5.0},
        {"point": "C1", "ts": "2025-03-20T08:00:00+08:00", "value": 1.0},
    ]
    result = _ingest(db_url, late)
    assert [r.index for r in result.rejected] == [0, 1]
    assert "retention cutoff" in result.rejected[0].error
    assert result.duplicates == 1  # the third is stored already, with the same value


@given(
    st.lists(
        st.datetimes(
            min_value=datetime(2000, 1, 1),
            max_value=datetime(2100, 1, 1),
            timezones=st.sampled_from(
                [UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-3))]
            ),
        ),
        max_size=20,
    )
)
def test_months_of_a_batch_are_the_months_of_its_instants(stamps: list[datetime]) -> None:
    """The shortcut by the first and the last instant gives each instant's month, no more."""
    assert months_of(stamps) == {month_of(ts) for ts in stamps}


@given(
    st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
    ),
    st.lists(st.integers(min_value=0, max_value=70 * 24), max_size=20),
)
def test_months_of_instants_close_together(start: datetime, hours: list[int]) -> None:
    """Instants within weeks of each other: one month, two that follow each other, or three."""
    stamps = [start + timedelta(hours=h) for h in hours]
    assert months_of(stamps) == {month_of(ts) for ts in stamps}


def test_retention_refuses_a_recent_cutoff_and_bad_ages() -> None:
    with pytest.raises(InputError, match="too recent"):
        cutoff_for(NOW, "10d")
    with pytest.raises(InputError, match="expected"):
        cutoff_for(NOW, "soon")
    assert cutoff_for(NOW, "1y").isoformat() == "2025-12-01T00:00:00+08:00"


def test_unseen_months_asks_a_thread_only_for_a_new_month(db_url: str) -> None:
    """The HTTP intake hands the partition check to a thread only for a month this process
    has not seen: none on SQLite; on PostgreSQL the new month until its partition is made,
    then none (labels that are not ISO text are skipped, as prepare_partitions skips them)."""
    upgrade(db_url)
    engine = get_engine(db_url)
    stamps = ["2031-05-02T10:00:00+08:00", "2031-05-02T10:15:00+08:00", 7, "nonsense"]
    unhashable: list[Any] = [[1], {"a": 1}, "2031-05-31T16:00:00+00:00"]  # that is 1 June CST
    assert storage.unseen_months(engine=engine, stamps=stamps + unhashable) == (
        {(2031, 5), (2031, 6)} if engine.dialect.name == "postgresql" else set()
    )
    # the labels of a payload whose rows are not all objects: those of the objects
    assert service._stamps({"readings": [{"ts": "a"}, 5, {"ts": [1]}]}) == ["a", [1]]
    unseen = storage.unseen_months(engine=engine, stamps=stamps)
    if engine.dialect.name != "postgresql":
        assert unseen == set()
        return
    assert unseen == {(2031, 5)}
    storage.prepare_partitions(engine=engine, stamps=stamps)
    assert storage.unseen_months(engine=engine, stamps=stamps) == set()
    june = ["2031-06-01T00:00:00+08:00"]
    assert storage.unseen_months(engine=engine, stamps=june) == {(2031, 6)}


def test_a_partition_made_in_a_rolled_back_transaction_is_made_again(db_url: str) -> None:
    """A month's partition made inside an ingest transaction that then rolls back (a group
    commit whose member failed) is gone; a second batch of that transaction saw it in the
    catalogue, but the process must not remember it as made, so the members' runs alone make
    it again (before, their inserts failed: no partition for the row)."""
    upgrade(db_url)
    engine = get_engine(db_url)
    march = [(2032, 3)]
    if engine.dialect.name != "postgresql":  # no partitions on SQLite
        with session_scope(db_url) as db:
            assert storage.ensure_partitions(db_session=db, months=march) == []
        return
    with session_scope(db_url) as db:
        assert storage.ensure_partitions(db_session=db, months=march) == march
        storage.ensure_partitions(db_session=db, months=[(2032, 4)])  # reads the catalogue
        assert storage.unseen_months(engine=engine, stamps=["2032-03-05T00:00:00+08:00"])
        db.rollback()
    with session_scope(db_url) as db:
        assert storage.ensure_partitions(db_session=db, months=march) == march
    with session_scope(db_url) as db:
        assert (2032, 3) in storage.partitions(db_session=db)
