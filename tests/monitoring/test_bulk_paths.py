"""The large-batch paths (issue 17, bulk shape) store what the plain ones store: the multi-row
SQLite insert, the driver's timestamp text (rollups), the column-wise batch check with odd
input, and a batch of thousands of readings with its duplicates, conflicts and rollups."""

from __future__ import annotations

import math
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from carbonpeak.monitoring.orm import PointRow, ReadingRow, RollupRow
from carbonpeak.monitoring.readings import service
from carbonpeak.monitoring.readings import validate as ingest
from carbonpeak.monitoring.rollups import service as aggregates
from tests.monitoring.conftest import CODE, seed
from tests.monitoring.test_fast_paths import CLEAN_POINTS, NOW, row_by_row


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(
        min_value=datetime(1900, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.sampled_from(
            [UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5, minutes=-30))]
        ),
    )
)
def test_sqlite_text_is_the_utc_text_without_offset(ts: datetime) -> None:
    """The fast form (no copy of a UTC time, the offset cut off) equals the plain one."""
    expected = ts.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    assert aggregates.sqlite_text(ts) == expected


ROWS = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=4),
        st.integers(min_value=0, max_value=30),
        st.floats(allow_nan=False),
    ),
    max_size=60,
)


@settings(max_examples=100, deadline=None)
@given(ROWS, ROWS, st.integers(min_value=1, max_value=40), st.integers(min_value=1, max_value=9))
def test_multi_row_insert_stores_what_executemany_stores(
    first: list[tuple[int, int, float]],
    second: list[tuple[int, int, float]],
    per: int,
    long_rest: int,
) -> None:
    """Chunks of ``per`` rows, a rest of at least ``long_rest`` rows in smaller chunks, and a
    last rest, shared values bound once, conflicts skipped: the same table and the same count
    as one executemany per row."""
    engine = create_engine("sqlite://")
    ddl = (
        "CREATE TABLE t (p INTEGER, k INTEGER, v FLOAT, a TEXT, b TEXT, PRIMARY KEY (p, k)) "
        "WITHOUT ROWID"
    )
    original = aggregates.SQLITE_ROWS_PER_INSERT, aggregates._LONG_REST
    aggregates.SQLITE_ROWS_PER_INSERT, aggregates._LONG_REST = per, long_rest
    try:
        with Session(engine) as db:
            db.execute(text(ddl))
            db.execute(text(ddl.replace("TABLE t", "TABLE u")))
            conn = db.connection().connection.driver_connection
            assert isinstance(conn, sqlite3.Connection)
            for rows, shared in ((first, ("x", "y")), (second, ("z", "w"))):
                unique = list({(p, k): (p, k, v) for p, k, v in rows}.values())
                flat = [x for row in unique for x in row]
                inserted = aggregates.sqlite_insert(
                    db, "INSERT INTO t (p, k, v, a, b)", flat, 3, shared, "ON CONFLICT DO NOTHING"
                )
                cur = conn.executemany(
                    "INSERT INTO u VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [(*row, *shared) for row in unique],
                )
                assert inserted == cur.rowcount
            got = db.execute(text("SELECT * FROM t ORDER BY p, k")).all()
            assert got == db.execute(text("SELECT * FROM u ORDER BY p, k")).all()
    finally:
        aggregates.SQLITE_ROWS_PER_INSERT, aggregates._LONG_REST = original


ODD_ITEMS = st.fixed_dictionaries(
    {
        "point": st.sampled_from(["C1", "H1", ["C1"], {"C1": 1}, None]),
        "ts": st.sampled_from(["2026-01-01T00:00:00+08:00", "2026-01-01T00:15:00+08:00", [1]]),
        "value": st.sampled_from([1.0, 2, [3.0]]),
    },
    optional={"extra": st.just(1)},
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(ODD_ITEMS, st.just([1, 2, 3]), st.just(7)), min_size=2, max_size=8))
def test_odd_rows_are_refused_by_row_not_a_crash(items: list[Any]) -> None:
    """Arrays or objects where a point code or time label belongs, extra fields, rows that
    are not objects: the whole-batch check hands them to the row-by-row one (which names the
    row and the field) instead of failing on them; the codes looked up skip them too."""
    whole = ingest.check_rows(items, points=CLEAN_POINTS, enterprise=CODE, now=NOW)
    assert whole == row_by_row(items)
    codes = {i["point"] for i in items if isinstance(i, dict) and type(i["point"]) is str}
    assert set(service._codes_of(items)) == codes


def _rollups(db: Session) -> dict[tuple[int, str, datetime], float]:
    return {(r.point_id, r.period, r.start): r.amount for r in db.scalars(select(RollupRow))}


def _payload(rows: list[tuple[str, datetime, float]], **extra: Any) -> dict[str, Any]:
    return {
        "enterprise": CODE,
        "readings": [{"point": p, "ts": ts.isoformat(), "value": v, **extra} for p, ts, v in rows],
    }


@pytest.mark.parametrize(
    ("columns_from", "by_points"), [(1_000, False), (2, False), (2, True), (10**9, False)]
)
def test_large_batches_store_rows_answers_and_rollups_of_a_rebuild(
    db_session: Session, monkeypatch: pytest.MonkeyPatch, columns_from: int, by_points: bool
) -> None:
    """Batches of thousands of readings (chunks of 7 rows per insert, to have a rest):
    every row stored once with its value, duplicates and conflicts counted and refused as
    before, a correction applied, and the rollups equal to a rebuild from the raw readings;
    whether the batches are handed to the store by column (``columns_from``) or as rows, sent
    step by step or point by point."""
    monkeypatch.setattr(aggregates, "SQLITE_ROWS_PER_INSERT", 7)
    monkeypatch.setattr(ingest, "COLUMNS_FROM", columns_from)
    seed(db_session)
    t0 = datetime(2026, 1, 30, 16, tzinfo=UTC)  # local midnight, two days before a month end
    stamps = [t0 + timedelta(minutes=15 * i) for i in range(400)]
    rows = [("C1", ts, 0.25 + (i % 7) / 8) for i, ts in enumerate(stamps)]
    rows += [("S1", ts, (i % 3) * 1.5) for i, ts in enumerate(stamps)]
    rows += [("E1", ts, (99_000.0 + 37 * i) % 100_000) for i, ts in enumerate(stamps)]
    rows.sort(key=lambda r: r[1])  # step-major, as a collector sends them
    first, rest = rows[:1001], rows[1001:]
    if by_points:
        first.sort(key=lambda r: r[0])
        rest.sort(key=lambda r: r[0])

    def send(payload: dict[str, Any]) -> service.IngestResult:
        return service.ingest(
            db_session=db_session, payload=payload, actor="t", source="http", enterprise_scope=CODE
        )

    assert send(_payload(first)).accepted == 1001
    # the rest, with 30 of the first again (20 the same: duplicates; 10 changed: conflicts)
    again = first[-30:-10] + [(p, ts, v + 1) for p, ts, v in first[-10:]]
    reply = send(_payload(again + rest))
    assert (reply.accepted, reply.duplicates) == (len(rest), 20)
    assert [r.index for r in reply.rejected] == list(range(20, 30))
    assert all("conflict" in r.error for r in reply.rejected)
    fixed = send(
        _payload([(p, ts, v + 1) for p, ts, v in first[-10:]], correction=True, reason="校准")
    )
    assert fixed.accepted == 10
    stored = {
        (p, ts): v
        for p, ts, v in db_session.execute(
            select(PointRow.code, ReadingRow.ts, ReadingRow.value).join(PointRow)
        )
    }
    expected = {(p, ts): v for p, ts, v in first[:-10] + rest}
    expected.update({(p, ts): v + 1 for p, ts, v in first[-10:]})
    assert stored == expected
    incremental = _rollups(db_session)
    for point in db_session.scalars(select(PointRow)):
        aggregates.rebuild(db_session=db_session, point=point)
    assert _rollups(db_session) == incremental
    c1 = db_session.scalar(select(PointRow.id).where(PointRow.code == "C1"))
    days = [v for (p, k, _), v in incremental.items() if p == c1 and k == "day"]
    assert math.fsum(days) == pytest.approx(sum(v for (p, _), v in expected.items() if p == "C1"))
