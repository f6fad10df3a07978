"""The bulk ingest paths give the same answers as the plain ones: the quick row check, the
one-pass hour/day bucketing, the timestamps written through the driver, the rows a concurrent
writer stored first, and the collector pause."""

from __future__ import annotations

import gc
import math
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from carbonpeak.core.memory import gc_paused
from carbonpeak.db.types import epoch_micros
from carbonpeak.monitoring.model import Kind, Point, Purpose
from carbonpeak.monitoring.orm import PointRow, ReadingRow, RollupRow
from carbonpeak.monitoring.readings import service
from carbonpeak.monitoring.readings import validate as ingest
from carbonpeak.monitoring.rollups import buckets
from carbonpeak.monitoring.rollups import service as aggregates
from carbonpeak.monitoring.rollups.rollup import Segment, bucket, interval_segments
from carbonpeak.monitoring.store import service as store
from tests.monitoring.conftest import CODE, seed

NOW = datetime(2026, 3, 1, tzinfo=UTC)
T0 = datetime(2026, 1, 31, 15, tzinfo=UTC)  # 23:00 CST on 31 January: day and month end near

POINTS = {
    "C1": Point("C1", CODE, "raw_coal", Purpose.CONSUMED, "t"),
    "E1": Point("E1", CODE, "electricity", Purpose.CONSUMED, "kWh", kind=Kind.COUNTER),
}
STAMPS = [
    "2026-01-01T00:00:00+08:00",
    "2026-01-01T00:15:00Z",
    " 2026-01-01T00:30:00.5+08:00 ",
    "2026-01-01T00:45:00",  # no offset
    "2026-02-29T00:00:00+08:00",  # no such day
    "2026-03-01T23:59:00Z",  # within the 1-day tolerance (quality rule future)
    "2026-03-02T00:01:00Z",  # future
    "yesterday",
]
VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**1100), max_value=2**1100),
    st.booleans(),
    st.just("1.5"),
    st.none(),
)
ITEMS = st.one_of(
    st.fixed_dictionaries(
        {
            "point": st.sampled_from(["C1", " E1 ", "", "NOPE", "  "]),
            "ts": st.sampled_from(STAMPS),
            "value": VALUES,
        }
    ),
    st.fixed_dictionaries(
        {"point": st.sampled_from(["C1", 5]), "ts": st.sampled_from([*STAMPS, 7]), "value": VALUES},
        optional={"correction": st.booleans(), "reason": st.just("校准 recalibrated")},
    ),
    st.just("not an object"),
)


def _slow_only(items: list[Any]) -> ingest.Batch:
    original, whole = ingest._fast_row, ingest._clean_batch
    ingest._fast_row = lambda *a: None
    ingest._clean_batch = lambda *a: None
    try:
        return ingest.check_rows(items, points=POINTS, enterprise=CODE, now=NOW)
    finally:
        ingest._fast_row, ingest._clean_batch = original, whole


@settings(max_examples=300, deadline=None)
@given(st.lists(ITEMS, max_size=30))
def test_quick_row_check_agrees_with_the_full_check(items: list[Any]) -> None:
    fast = ingest.check_rows(items, points=POINTS, enterprise=CODE, now=NOW)
    slow = _slow_only(items)
    assert fast.rows == slow.rows
    assert fast.rejected == slow.rejected
    assert fast.duplicates == slow.duplicates


#: Rows that are mostly valid, so that whole batches often pass the column-wise check
#: (``_clean_batch``), and now and then one is not (a repeat, an off-grid or future label,
#: a bad value, another enterprise's point, an unknown one): the batch is then checked row by row.
CLEAN_POINTS = {
    **POINTS,
    "K1": Point("K1", CODE, "raw_coal", Purpose.CONSUMED, "t", commissioned=date(2026, 1, 1)),
    "H1": Point("H1", CODE, "raw_coal", Purpose.CONSUMED, "t", interval_minutes=60),
    "F1": Point("F1", "91520200MA6D00002P", "raw_coal", Purpose.CONSUMED, "t"),
}
MOSTLY_CLEAN = st.fixed_dictionaries(
    {
        "point": st.sampled_from(["C1", " E1 ", "K1", "H1"] * 8 + ["F1", "NOPE"]),
        "ts": st.sampled_from(
            [f"2026-01-01T0{h}:{m:02d}:00+08:00" for h in range(3) for m in (0, 15, 30, 45)]
            + ["2025-12-31T23:45:00+08:00", "2026-01-01T00:07:00+08:00", STAMPS[6]]
        ),
        "value": st.one_of(
            st.floats(min_value=0, max_value=1e12),
            st.integers(min_value=0, max_value=10**6),
            st.sampled_from([-1.0, math.inf, math.nan, 2**1000, True]),
        ),
    }
)


def row_by_row(items: list[Any]) -> Any:
    """``check_rows`` of ``items`` with its quick paths (one row, the whole batch) off."""
    original, batch_check = ingest._fast_row, ingest._clean_batch
    ingest._fast_row = lambda *a: None
    ingest._clean_batch = lambda *a: None
    try:
        return ingest.check_rows(items, points=CLEAN_POINTS, enterprise=CODE, now=NOW)
    finally:
        ingest._fast_row, ingest._clean_batch = original, batch_check


@settings(max_examples=300, deadline=None)
@given(st.lists(MOSTLY_CLEAN, max_size=12, unique_by=lambda i: (i["point"], i["ts"])))
def test_whole_batch_check_agrees_with_the_row_by_row_check(items: list[Any]) -> None:
    whole = ingest.check_rows(items, points=CLEAN_POINTS, enterprise=CODE, now=NOW)
    assert whole == row_by_row(items)
    assert all(type(r.value) is float for r in whole.rows)


def test_a_clean_batch_is_checked_whole() -> None:
    """Hand-made: four valid rows come back as rows, in order, values as floats, UTC times;
    one off-grid label sends the batch to the row-by-row check, which refuses just that row."""
    items = [
        {"point": "C1", "ts": "2026-01-01T00:00:00+08:00", "value": 1},
        {"point": " E1 ", "ts": "2026-01-01T00:00:00+08:00", "value": 2.5},
        {"point": "C1", "ts": "2026-01-01T00:15:00+08:00", "value": 0.0},
        {"point": " E1 ", "ts": "2026-01-01T00:15:00+08:00", "value": 3.0},
    ]
    assert ingest._clean_batch(items, POINTS, CODE, NOW, datetime(2000, 1, 1, tzinfo=UTC))
    batch = ingest.check_rows(items, points=POINTS, enterprise=CODE, now=NOW)
    midnight = datetime(2025, 12, 31, 16, tzinfo=UTC)
    assert [(r.index, r.point, r.ts, r.value) for r in batch.rows] == [
        (0, "C1", midnight, 1.0),
        (1, "E1", midnight, 2.5),
        (2, "C1", midnight + timedelta(minutes=15), 0.0),
        (3, "E1", midnight + timedelta(minutes=15), 3.0),
    ]
    off = [*items, {"point": "C1", "ts": "2026-01-01T00:07:00+08:00", "value": 1.0}]
    assert ingest._clean_batch(off, POINTS, CODE, NOW, datetime(2000, 1, 1, tzinfo=UTC)) is None
    batch = ingest.check_rows(off, points=POINTS, enterprise=CODE, now=NOW)
    assert len(batch.rows) == 4 and [r.index for r in batch.rejected] == [4]
    assert "420 s off point C1's 15-minute grid" in batch.rejected[0].error


def test_huge_integer_value_is_rejected_not_a_crash() -> None:
    batch = ingest.check_rows(
        [{"point": "C1", "ts": STAMPS[0], "value": 10**400}], points=POINTS, enterprise=CODE
    )
    assert not batch.rows and "not finite" in batch.rejected[0].error


SEGMENTS = st.lists(
    st.tuples(
        st.integers(min_value=-3 * 3600, max_value=3 * 86400),  # start, seconds after T0
        st.integers(min_value=1, max_value=2 * 86400),  # length, seconds
        st.floats(min_value=0, max_value=1e9),
    ),
    max_size=40,
).map(lambda xs: sorted(xs))


@settings(max_examples=300, deadline=None)
@given(SEGMENTS)
def test_one_pass_buckets_equal_bucket_exactly(parts: list[tuple[int, int, float]]) -> None:
    segs = [
        Segment(T0 + timedelta(seconds=s), T0 + timedelta(seconds=s + n), a) for s, n, a in parts
    ]
    got = buckets.fast_buckets(segs)
    assert got == {"hour": bucket(segs, "hour"), "day": bucket(segs, "day")}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=400), unique=True).map(sorted),
    st.sampled_from([1, 5, 15, 60, 90, 1440]),
    st.floats(min_value=0.001, max_value=1000),
)
def test_one_pass_buckets_of_interval_readings(steps: list[int], minutes: int, mult: float) -> None:
    readings = [(T0 + timedelta(minutes=7 * s), float(s) / 3) for s in steps]
    segs = interval_segments(readings, minutes=minutes, multiplier=mult)
    expected = {"hour": bucket(segs, "hour"), "day": bucket(segs, "day")}
    assert buckets.fast_buckets(readings, minutes=minutes, multiplier=mult) == expected
    arrays = buckets.array_buckets(
        [ts.timestamp() for ts, _ in readings],
        [v for _, v in readings],
        minutes=minutes,
        multiplier=mult,
    )
    inside_hours = all((ts.minute * 60 + minutes * 60) <= 3600 for ts, _ in readings)
    assert arrays == (expected if inside_hours else None)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=3000), st.floats(min_value=0, max_value=1e12)),
        unique_by=lambda x: x[0],
        max_size=300,
    ).map(sorted)
)
def test_array_buckets_sum_in_the_same_order(parts: list[tuple[int, float]]) -> None:
    readings = [(T0 + timedelta(minutes=15 * s), v) for s, v in parts]
    segs = interval_segments(readings, minutes=15, multiplier=1.1)
    expected = {"hour": bucket(segs, "hour"), "day": bucket(segs, "day")}
    epochs = [ts.timestamp() for ts, _ in readings]
    values = [v for _, v in readings]
    assert buckets.array_buckets(epochs, values, minutes=15, multiplier=1.1) == expected


def test_driver_timestamps_are_what_sqlalchemy_writes(db_session: Session, db_url: str) -> None:
    seed(db_session)
    pid = db_session.scalar(select(PointRow.id).where(PointRow.code == "C1"))
    odd = datetime(2026, 1, 2, 3, 4, 5, 600007, tzinfo=UTC)
    db_session.add(ReadingRow(point_id=pid, ts=odd, value=1.0, source="file"))
    db_session.flush()
    stored = db_session.execute(text("SELECT ts FROM mon_readings")).scalar_one()
    if db_url.startswith("sqlite"):  # EpochMicros: integer microseconds since the epoch
        assert stored == epoch_micros(odd) == 1767323045600007
    # a bulk-inserted reading is found by the ORM's own ts comparison (E1: a counter, which
    # may be read off its grid; an interval point's off-grid label is refused)
    ts = datetime(2026, 1, 2, 11, 4, 5, 7, tzinfo=UTC)
    reply = service.ingest(
        db_session=db_session,
        payload={
            "enterprise": CODE,
            "readings": [{"point": "E1", "ts": ts.isoformat(), "value": 2}],
        },
        actor="t",
        source="http",
        enterprise_scope=CODE,
    )
    assert reply.accepted == 1
    found = service.readings(
        db_session=db_session, point_code="E1", start=ts, end=ts + timedelta(microseconds=1)
    )
    assert [(r.ts, r.value) for r in found] == [(ts, 2.0)]


@pytest.mark.parametrize("copy_from", [1_000, 2])
def test_rows_stored_by_a_concurrent_writer_are_duplicates_or_conflicts(
    db_session: Session, monkeypatch: pytest.MonkeyPatch, copy_from: int
) -> None:
    """Whether the rows go by an insert that skips stored rows or (on PostgreSQL, from
    ``copy_from`` rows) by a ``COPY`` that fails on them and is undone to its savepoint."""
    monkeypatch.setattr(store, "_COPY_FROM", copy_from)
    copies: list[int | None] = []
    real_copy = store._copy_pg

    def copy_seen(*args: Any) -> int | None:
        copies.append(real_copy(*args))
        return copies[-1]

    monkeypatch.setattr(store, "_copy_pg", copy_seen)
    seed(db_session)

    def send(*rows: tuple[int, float]) -> service.IngestResult:
        readings = [
            {"point": "C1", "ts": (T0 + timedelta(minutes=15 * m)).isoformat(), "value": v}
            for m, v in rows
        ]
        return service.ingest(
            db_session=db_session,
            payload={"enterprise": CODE, "readings": readings},
            actor="t",
            source="http",
            enterprise_scope=CODE,
        )

    assert send((0, 1.0), (1, 2.0)).accepted == 2
    # the check before the insert misses them once (as if stored by another request meanwhile)
    real = store._existing
    calls: list[int] = []

    def blind_once(db: Session, keys: Any) -> dict[Any, float]:
        calls.append(1)
        return {} if len(calls) == 1 else real(db, keys)

    monkeypatch.setattr(store, "_existing", blind_once)
    result = send((0, 1.0), (1, 9.0), (2, 3.0))
    assert (result.accepted, result.duplicates) == (1, 1)
    assert [r.index for r in result.rejected] == [1] and "conflict" in result.rejected[0].error
    pid = db_session.scalar(select(PointRow.id).where(PointRow.code == "C1"))
    values = db_session.scalars(
        select(ReadingRow.value).where(ReadingRow.point_id == pid).order_by(ReadingRow.ts)
    ).all()
    assert values == [1.0, 2.0, 3.0]
    postgres = db_session.get_bind().dialect.name == "postgresql"
    # COPY: the first batch's two rows; the second's three failed on the stored two (None)
    assert copies == ([2, None] if postgres and copy_from == 2 else [])


def _rollups(db: Session) -> dict[tuple[int, str, datetime], float]:
    return {(r.point_id, r.period, r.start): r.amount for r in db.scalars(select(RollupRow))}


@pytest.mark.parametrize("copy_from", [aggregates.COPY_FROM, 1])
def test_batched_rollups_of_several_points_equal_rebuild(
    db_session: Session, monkeypatch: pytest.MonkeyPatch, copy_from: int
) -> None:
    """With ``copy_from`` 1 the batches' rollup rows go by binary ``COPY`` on PostgreSQL
    (``rollups.service._copy``); the rebuild inserts its rows by the array insert."""
    monkeypatch.setattr(aggregates, "COPY_FROM", copy_from)
    copied: list[int] = []
    real_copy = aggregates._copy

    def copy_seen(db: Session, rendered: dict[str, list[Any]]) -> None:
        copied.append(len(rendered["p"]))
        real_copy(db, rendered)

    monkeypatch.setattr(aggregates, "_copy", copy_seen)
    seed(db_session)
    # C1 interval and E1 counter (x10, 5 digits) across a local day and month end, sent in
    # overlapping, out-of-order batches
    stamps = [T0 + timedelta(minutes=15 * i) for i in range(-10, 40)]
    rows = [("C1", ts, 0.5 + (i % 5) / 4) for i, ts in enumerate(stamps)]
    rows += [("E1", ts, (99_000.0 + 37 * i) % 100_000) for i, ts in enumerate(stamps)]
    order = rows[60:] + rows[10:35] + rows[:10] + rows[35:60]
    for i in range(0, len(order), 17):
        service.ingest(
            db_session=db_session,
            payload={
                "enterprise": CODE,
                "readings": [
                    {"point": p, "ts": ts.isoformat(), "value": v} for p, ts, v in order[i : i + 17]
                ],
            },
            actor="t",
            source="http",
            enterprise_scope=CODE,
        )
    incremental = _rollups(db_session)
    postgres = db_session.get_bind().dialect.name == "postgresql"
    assert bool(copied) == (postgres and copy_from == 1)
    monkeypatch.setattr(aggregates, "COPY_FROM", 10**9)
    for point in db_session.scalars(select(PointRow)):
        aggregates.rebuild(db_session=db_session, point=point)
    assert _rollups(db_session) == incremental
    c1 = db_session.scalar(select(PointRow.id).where(PointRow.code == "C1"))
    days = [v for (p, k, _), v in incremental.items() if p == c1 and k == "day"]
    assert math.fsum(days) == pytest.approx(sum(v for p, _, v in rows if p == "C1"))


def test_gc_pause_nests_and_restores() -> None:
    assert gc.isenabled()
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_small_buckets_equal_the_numpy_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """A gateway's few readings go through a plain loop: the same floats as numpy's path."""
    import random

    from carbonpeak.monitoring.rollups import buckets

    rng = random.Random(17)
    for _ in range(500):
        base = 1.7e9 + rng.randint(0, 10**6) * 60
        minutes = rng.choice([1, 5, 7, 15, 60])
        epochs = sorted(
            {base + rng.randint(0, 3000) * 60 + rng.choice([0, 0, 0.5]) for _ in range(50)}
        )
        values = [rng.uniform(-1e3, 1e6) for _ in epochs]
        multiplier = rng.choice([1.0, 10.0, 0.1, 3.3])
        small = buckets.array_buckets(epochs, values, minutes=minutes, multiplier=multiplier)
        monkeypatch.setattr(buckets, "SMALL", 0)
        big = buckets.array_buckets(epochs, values, minutes=minutes, multiplier=multiplier)
        monkeypatch.setattr(buckets, "SMALL", 200)
        assert small == big
