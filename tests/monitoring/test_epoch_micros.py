"""Raw readings' times on SQLite as integer microseconds since the epoch (``EpochMicros``,
migration 0023, issue 17): the round trip is exact, integer order is instant order, PostgreSQL
is unchanged, and the migration converts stored text exactly, both ways."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from carbonpeak.db.migrate import downgrade, upgrade
from carbonpeak.db.session import get_engine, session_scope
from carbonpeak.db.types import EPOCH, EpochMicros, epoch_micros, from_epoch_micros
from carbonpeak.monitoring.orm import PointRow, ReadingRow
from carbonpeak.monitoring.rollups import service as aggregates
from tests.monitoring.conftest import seed

ZONES = st.sampled_from(
    [UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5, minutes=-30))]
)
#: aware instants over the whole span a datetime can hold in UTC, to the microsecond
INSTANTS = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=ZONES
)


@settings(max_examples=500, deadline=None)
@given(INSTANTS)
def test_round_trip_is_exact(ts: datetime) -> None:
    micros = epoch_micros(ts)
    assert isinstance(micros, int)
    back = from_epoch_micros(micros)
    assert back == ts and back.tzinfo is UTC
    # the float seconds the rollups compute from the integer are datetime.timestamp()'s
    assert micros / 1_000_000 == ts.timestamp()


@settings(max_examples=300, deadline=None)
@given(INSTANTS, INSTANTS)
def test_integer_order_is_instant_order(a: datetime, b: datetime) -> None:
    assert (epoch_micros(a) < epoch_micros(b)) == (a < b)
    assert (epoch_micros(a) == epoch_micros(b)) == (a == b)


def test_naive_refused_and_other_dialects_unchanged() -> None:
    from sqlalchemy.dialects import postgresql, sqlite

    kind = EpochMicros()
    with pytest.raises(ValueError, match="naive"):
        kind.process_bind_param(datetime(2026, 1, 1), sqlite.dialect())
    cst = datetime(2026, 1, 1, 8, tzinfo=timezone(timedelta(hours=8)))
    bound = kind.process_bind_param(cst, postgresql.dialect())
    assert bound == cst and bound.tzinfo is UTC
    assert kind.process_bind_param(cst, sqlite.dialect()) == epoch_micros(cst)
    assert kind.process_result_value(0, sqlite.dialect()) == EPOCH
    assert str(kind.load_dialect_impl(sqlite.dialect()).compile(sqlite.dialect())) == "INTEGER"
    ddl = kind.load_dialect_impl(postgresql.dialect()).compile(postgresql.dialect())
    assert str(ddl) == "TIMESTAMP WITH TIME ZONE"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_stored_and_read_back_exactly_in_order(db_session: Session, data: st.DataObject) -> None:
    """Through the ORM on either database: the same instants, ``ORDER BY ts`` in instant order,
    ``ts`` comparisons bound by the column type. (PostgreSQL: within two years, so that the
    monthly partitions made on insert stay few.)"""
    if db_session.get_bind().dialect.name == "sqlite":
        instants = INSTANTS
    else:
        instants = st.datetimes(
            min_value=datetime(2025, 1, 2), max_value=datetime(2026, 12, 30), timezones=ZONES
        )
    stamps = data.draw(st.lists(instants, min_size=1, max_size=30))
    pid = db_session.scalar(select(PointRow.id).where(PointRow.code == "E1"))
    if pid is None:
        seed(db_session)
        pid = db_session.scalar(select(PointRow.id).where(PointRow.code == "E1"))
    db_session.execute(delete(ReadingRow))
    stamps = list({t.astimezone(UTC) for t in stamps})
    received = datetime(2026, 12, 7, 1, 2, 3, 456789, tzinfo=UTC)
    for i, ts in enumerate(stamps):
        db_session.add(
            ReadingRow(point_id=pid, ts=ts, value=float(i), received_at=received, source="file")
        )
    db_session.flush()
    db_session.expire_all()
    got = db_session.execute(
        select(ReadingRow.ts, ReadingRow.received_at).order_by(ReadingRow.ts)
    ).all()
    assert [ts for ts, _ in got] == sorted(stamps)
    assert all(r == received and r.tzinfo is UTC for _, r in got)
    middle = sorted(stamps)[len(stamps) // 2]
    later = db_session.scalars(select(ReadingRow.ts).where(ReadingRow.ts >= middle)).all()
    assert sorted(later) == [t for t in sorted(stamps) if t >= middle]


def _readings(url: str) -> list[tuple[int, datetime, float, datetime, str]]:
    with session_scope(url) as db:
        r = ReadingRow
        rows = db.execute(
            select(r.point_id, r.ts, r.value, r.received_at, r.source).order_by(r.point_id, r.ts)
        ).all()
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_migration_0023_converts_stored_times_exactly_both_ways(db_url: str) -> None:
    with session_scope(db_url) as db:
        seed(db)
        pid = db.scalar(select(PointRow.id).where(PointRow.code == "C1"))
        stamps = [
            datetime(2026, 1, 2, 3, 4, 5, 600007, tzinfo=UTC),
            datetime(2026, 1, 2, 3, 4, 6, tzinfo=UTC),  # no fraction
            datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=UTC),  # before the epoch
            datetime(2000, 2, 29, 16, 0, 0, 1, tzinfo=UTC),
        ]
        for i, ts in enumerate(stamps):
            db.add(ReadingRow(point_id=pid, ts=ts, value=i + 0.5, received_at=ts, source="http"))
    before = _readings(db_url)
    assert len(before) == 4
    engine = get_engine(db_url)
    sqlite = engine.dialect.name == "sqlite"
    downgrade(db_url, "0022")
    if sqlite:
        with engine.connect() as conn:
            raw = conn.execute(text("SELECT ts, received_at FROM mon_readings ORDER BY ts")).all()
            # text as SQLAlchemy's DateTime writes it; then one stored without a fraction
            assert [tuple(row) for row in raw] == [
                (aggregates.sqlite_text(t), aggregates.sqlite_text(t)) for t in sorted(stamps)
            ]
            conn.execute(
                text(
                    "INSERT INTO mon_readings VALUES "
                    "(:p, '2026-03-04 05:06:07', 9.0, '2026-03-04 05:06:08', 'file')"
                ),
                {"p": pid},
            )
            conn.commit()
        extra = (
            pid,
            datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC),
            9.0,
            datetime(2026, 3, 4, 5, 6, 8, tzinfo=UTC),
            "file",
        )
        before = sorted([*before, extra], key=lambda r: (r[0], r[1]))
    upgrade(db_url)
    assert _readings(db_url) == before
    if sqlite:
        with engine.connect() as conn:
            kinds = conn.execute(
                text("SELECT DISTINCT typeof(ts), typeof(received_at) FROM mon_readings")
            ).all()
            assert [tuple(k) for k in kinds] == [("integer", "integer")]
            ddl = str(
                conn.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = 'mon_readings'")
                ).scalar()
            )
            assert "WITHOUT ROWID" in ddl and "PRIMARY KEY (point_id, ts)" in ddl
            fks = conn.execute(text("PRAGMA foreign_key_list(mon_readings)")).all()
            assert [(fk[2], fk[3], fk[4], fk[6]) for fk in fks] == [
                ("mon_points", "point_id", "id", "CASCADE")
            ]
            indexes = conn.execute(text("PRAGMA index_list(mon_readings)")).all()
            assert [ix[3] for ix in indexes] == ["pk"]
        # and down again: the same text back (now with six fraction digits)
        downgrade(db_url, "0022")
        with engine.connect() as conn:
            raw = conn.execute(text("SELECT ts FROM mon_readings ORDER BY ts")).scalars().all()
            assert raw == [aggregates.sqlite_text(r[1]) for r in sorted(before, key=lambda r: r[1])]
        upgrade(db_url)
        assert _readings(db_url) == before


def test_sqlite_version_has_what_the_migration_uses() -> None:
    # printf and strftime('%s') exist in every SQLite Python ships with; unixepoch with integers
    conn = sqlite3.connect(":memory:")
    assert conn.execute("SELECT strftime('%s', '1970-01-02 00:00:00')").fetchone() == ("86400",)
    assert conn.execute(
        "SELECT strftime('%Y-%m-%d %H:%M:%S', -1, 'unixepoch') || printf('.%06d', 5)"
    ).fetchone() == ("1969-12-31 23:59:59.000005",)
