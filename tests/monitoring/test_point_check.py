"""A reading or rollup must name a stored point, and a point's readings and rollups go with it:
the foreign keys on SQLite, one check per statement on PostgreSQL (migration 0024; PostgreSQL's
foreign key checked each row, three quarters of a bulk insert of readings). Both legs must
behave alike, and the check must hold between concurrent transactions (PostgreSQL: the point's
row lock; SQLite: its one write lock orders them)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from sqlalchemy import Connection, delete, func, insert, select, text
from sqlalchemy.exc import IntegrityError

from carbonpeak.db.session import get_engine, session_scope
from carbonpeak.monitoring.orm import EnterpriseRow, PointRow, ReadingRow, RollupRow
from carbonpeak.monitoring.storage import service as storage
from carbonpeak.monitoring.store import service as store
from tests.monitoring.conftest import OTHER, seed

TS = datetime(2026, 11, 3, 4, 0, tzinfo=UTC)


def _insert(conn: Connection, rows: list[tuple[int, datetime, float]]) -> None:
    """One INSERT statement of ``rows`` (point id, ts, value)."""
    conn.execute(
        insert(ReadingRow),
        [
            {"point_id": p, "ts": ts, "value": v, "received_at": TS, "source": "file"}
            for p, ts, v in rows
        ],
    )


def _wait_at_most_20s(conn: Connection) -> None:
    """PostgreSQL: a lock waited for longer fails the test (SQLite: the engine's timeout)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SET LOCAL lock_timeout = '20s'"))


def _rollup(conn: Connection, pid: int, amount: float = 1.0) -> None:
    conn.execute(
        insert(RollupRow), [{"point_id": pid, "period": "hour", "start": TS, "amount": amount}]
    )


def _ids(url: str) -> dict[str, int]:
    with session_scope(url) as db:
        seed(db)
        storage.ensure_partitions(db_session=db, months={(2026, 11)})
    with session_scope(url) as db:
        return {code: pid for code, pid in db.execute(select(PointRow.code, PointRow.id)).all()}


def _readings(url: str, table: type = ReadingRow) -> dict[int, int]:
    """Point id -> its rows in ``table``."""
    column = table.point_id  # type: ignore[attr-defined]
    with session_scope(url) as db:
        rows = db.execute(select(column, func.count()).group_by(column)).all()
    return {pid: n for pid, n in rows}


def test_a_reading_of_no_point_is_refused_and_nothing_of_its_statement_stays(db_url: str) -> None:
    ids = _ids(db_url)
    missing = max(ids.values()) + 1000
    with pytest.raises(IntegrityError) as caught, get_engine(db_url).begin() as conn:
        _insert(conn, [(ids["C1"], TS, 1.0), (missing, TS, 2.0)])
    if get_engine(db_url).dialect.name == "postgresql":
        assert caught.value.orig.sqlstate == "23503"  # type: ignore[union-attr]
        assert "mon_readings.point_id names no mon_points row" in str(caught.value)
        # a COPY (the bulk writes' way, store._copy_pg) is checked alike
        with pytest.raises(psycopg.errors.ForeignKeyViolation), get_engine(db_url).begin() as conn:
            driver: Any = conn.connection.dbapi_connection
            with driver.cursor() as cursor, cursor.copy(store.PG_COPY) as copy:
                copy.set_types(store.PG_COPY_TYPES)
                copy.write_row((ids["C1"], TS, 1.0, TS, "file"))
                copy.write_row((missing, TS, 2.0, TS, "file"))
    assert _readings(db_url) == {}
    # the same rows without the stranger are stored
    with get_engine(db_url).begin() as conn:
        _insert(
            conn,
            [(ids["C1"], TS, 1.0), (ids["E1"], TS, 2.0), (ids["E1"], TS + timedelta(hours=1), 3.0)],
        )
    assert _readings(db_url) == {ids["C1"]: 1, ids["E1"]: 2}
    # a rollup likewise
    with pytest.raises(IntegrityError) as caught, get_engine(db_url).begin() as conn:
        _rollup(conn, missing)
    if get_engine(db_url).dialect.name == "postgresql":
        assert "mon_rollups.point_id names no mon_points row" in str(caught.value)
    assert _readings(db_url, RollupRow) == {}


def test_an_update_to_no_point_is_refused(db_url: str) -> None:
    ids = _ids(db_url)
    with get_engine(db_url).begin() as conn:
        _insert(conn, [(ids["C1"], TS, 1.0)])
    with pytest.raises(IntegrityError), get_engine(db_url).begin() as conn:
        conn.execute(text("UPDATE mon_readings SET point_id = point_id + 1000"))
    # an update that keeps the point (a correction) passes, and one to another stored point
    with get_engine(db_url).begin() as conn:
        conn.execute(text("UPDATE mon_readings SET value = 5"))
        conn.execute(text(f"UPDATE mon_readings SET point_id = {ids['E1']}"))
    assert _readings(db_url) == {ids["E1"]: 1}


def test_deleting_points_or_their_enterprise_deletes_their_readings(db_url: str) -> None:
    ids = _ids(db_url)
    with get_engine(db_url).begin() as conn:
        _insert(conn, [(ids[c], TS, 1.0) for c in ("C1", "E1", "S1", "X1")])
        for code in ("C1", "S1", "X1"):
            _rollup(conn, ids[code])
    with session_scope(db_url) as db:
        db.execute(delete(PointRow).where(PointRow.code.in_(["C1", "E1"])))
    assert _readings(db_url) == {ids["S1"]: 1, ids["X1"]: 1}
    assert _readings(db_url, RollupRow) == {ids["S1"]: 1, ids["X1"]: 1}
    # the enterprise's delete cascades to its points, and on to their readings and rollups
    with session_scope(db_url) as db:
        db.execute(delete(EnterpriseRow).where(EnterpriseRow.code == OTHER))
    assert _readings(db_url) == {ids["S1"]: 1}
    assert _readings(db_url, RollupRow) == {ids["S1"]: 1}


def test_a_point_is_not_deleted_under_uncommitted_readings(db_url: str) -> None:
    ids = _ids(db_url)
    engine = get_engine(db_url)
    # A inserts a reading of C1 and holds its transaction open; B's delete of C1 waits for it
    writer = engine.connect()
    writer.begin()
    _insert(writer, [(ids["C1"], TS, 1.0)])
    deleted = threading.Event()

    def delete_c1() -> None:
        with engine.begin() as conn:
            _wait_at_most_20s(conn)
            conn.execute(delete(PointRow).where(PointRow.id == ids["C1"]))
        deleted.set()

    deleter = threading.Thread(target=delete_c1)
    deleter.start()
    assert not deleted.wait(0.5)  # blocked by the reading's lock on its point
    writer.commit()
    writer.close()
    deleter.join(30)
    assert deleted.is_set()
    assert _readings(db_url) == {}  # the committed reading went with its point: no orphan


def test_a_reading_of_a_point_being_deleted_is_refused(db_url: str) -> None:
    ids = _ids(db_url)
    engine = get_engine(db_url)
    # B deletes C1 and holds its transaction open; A's reading of C1 waits, then is refused
    deleter = engine.connect()
    deleter.begin()
    deleter.execute(delete(PointRow).where(PointRow.id == ids["C1"]))
    outcome: list[BaseException | None] = []

    def insert_c1() -> None:
        try:
            with engine.begin() as conn:
                _wait_at_most_20s(conn)
                _insert(conn, [(ids["C1"], TS, 1.0)])
            outcome.append(None)
        except BaseException as exc:  # the outcome is what the test reads
            outcome.append(exc)

    inserter = threading.Thread(target=insert_c1)
    inserter.start()
    inserter.join(0.5)
    assert not outcome  # waiting for the delete
    deleter.commit()
    deleter.close()
    inserter.join(30)
    assert len(outcome) == 1 and isinstance(outcome[0], IntegrityError)
    assert _readings(db_url) == {}
