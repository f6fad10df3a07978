"""The large-batch rollups (``rollups.service.plan`` on hour and day indexes with numpy,
``buckets.counter_sums`` / ``interval_sums``) store exactly the floats of the general loop:
pure sums against ``fast_buckets`` of ``counter_segments`` / interval readings, and the stored
table after batches in and out of order, corrections, counter rollovers and resets, readings
that cross an hour, across a local day and month end, against the rollups computed from the
stored readings by ``rollup.bucket`` (months: ``fsum`` of their days)."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from carbonpeak.monitoring.model import Point, Purpose
from carbonpeak.monitoring.orm import PointRow, ReadingRow, RollupRow
from carbonpeak.monitoring.readings import service
from carbonpeak.monitoring.registry import service as registry
from carbonpeak.monitoring.rollups import buckets
from carbonpeak.monitoring.rollups.rollup import (
    CST,
    bucket,
    counter_segments,
    interval_segments,
    period_start,
)
from carbonpeak.monitoring.store import service as store
from tests.monitoring.conftest import CODE, seed

T0 = datetime(2026, 1, 31, 8, tzinfo=UTC)  # 16:00 CST on 31 January: a day and a month end


def _as_dicts(sums: buckets.IndexSums | None) -> dict[str, dict[datetime, float]] | None:
    if sums is None:
        return None
    hours, hour_sums, days, day_sums = sums
    shift = buckets.SHIFT
    return {
        "hour": {
            datetime.fromtimestamp(k * 3600 - shift, UTC): v
            for k, v in zip(hours, hour_sums, strict=True)
        },
        "day": {
            datetime.fromtimestamp(k * 86400 - shift, UTC): v
            for k, v in zip(days, day_sums, strict=True)
        },
    }


def _bits(found: dict[str, dict[datetime, float]]) -> dict[str, dict[datetime, str]]:
    """The sums as their exact bits (a -0.0 told from 0.0)."""
    return {p: {k: v.hex() for k, v in sums.items()} for p, sums in found.items()}


#: quarter hours to the next reading and seconds off the quarter hour (most readings on it,
#: so that most examples take the index path; some cross an hour: None)
STEPS = st.lists(
    st.tuples(
        st.sampled_from([1, 1, 1, 1, 1, 2, 4]),
        st.sampled_from([0] * 30 + [1, 420, 0.5, 1e-6]),
    ),
    min_size=0,
    max_size=300,
)


def _stamps(steps: list[tuple[int, float]], start: float) -> list[float]:
    out, t = [], start
    for quarters, extra in steps:
        t += quarters * 900
        out.append(t + extra)
    return out


VALUES = st.lists(
    st.one_of(st.floats(min_value=0, max_value=99_999), st.integers(0, 99_999).map(float)),
    min_size=300,
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(
    STEPS,
    VALUES,
    st.sampled_from([1.0, 10.0, 0.1, 1.3, 7e-3]),
    st.sampled_from([None, 100_000.0, 1e7]),
)
def test_counter_sums_are_the_floats_of_the_general_loop(
    steps: list[tuple[int, float]], values: list[float], multiplier: float, rollover: float | None
) -> None:
    epochs = _stamps(steps, T0.timestamp())
    values = values[: len(epochs)]
    stamps = [datetime.fromtimestamp(e, UTC) for e in epochs]
    segs, _ = counter_segments(
        list(zip(stamps, values, strict=True)), multiplier=multiplier, rollover=rollover
    )
    got = buckets.counter_sums(
        np.array(epochs), np.array(values), multiplier=multiplier, rollover=rollover
    )
    crosses = any(
        period_start(s.start, "hour") != period_start(s.end - timedelta(microseconds=1), "hour")
        for s in segs
    )
    if got is None:
        assert crosses
        return
    assert not crosses
    assert _bits(_as_dicts(got) or {}) == _bits(buckets.fast_buckets(segs))
    expected = {p: bucket(segs, p) for p in ("hour", "day")}  # type: ignore[arg-type]
    assert _as_dicts(got) == expected


@settings(max_examples=300, deadline=None)
@given(
    STEPS,
    st.lists(st.floats(min_value=-5, max_value=1e6), min_size=300, max_size=300),
    st.sampled_from([1.0, 10.0, 0.1, 1.3]),
    st.sampled_from([15, 5, 60, 40]),
)
def test_interval_sums_are_the_floats_of_the_general_loop(
    steps: list[tuple[int, float]], values: list[float], multiplier: float, minutes: int
) -> None:
    epochs = _stamps(steps, T0.timestamp())
    values = values[: len(epochs)]
    readings = [(datetime.fromtimestamp(e, UTC), v) for e, v in zip(epochs, values, strict=True)]
    got = buckets.interval_sums(
        np.array(epochs), np.array(values), minutes=minutes, multiplier=multiplier
    )
    expected = buckets.fast_buckets(readings, minutes=minutes, multiplier=multiplier)
    if got is None:
        assert buckets.array_buckets(epochs, values, minutes=minutes, multiplier=multiplier) is None
        return
    assert _bits(_as_dicts(got) or {}) == _bits(expected)
    segs = interval_segments(readings, minutes=minutes, multiplier=multiplier)
    assert _as_dicts(got) == {p: bucket(segs, p) for p in ("hour", "day")}  # type: ignore[arg-type]


# --- the stored table ------------------------------------------------------------------------

CODES = ("E1", "G1", "C1", "S1", "I40")


def _reference(db: Session) -> dict[tuple[int, str, datetime], float]:
    """Every point's rollups from its stored readings, by ``rollup.bucket`` (hours and days in
    time order) and months as ``fsum`` of their days."""
    out: dict[tuple[int, str, datetime], float] = {}
    for point in db.scalars(select(PointRow)):
        readings = [
            (ts, value)
            for ts, value in db.execute(
                select(ReadingRow.ts, ReadingRow.value)
                .where(ReadingRow.point_id == point.id)
                .order_by(ReadingRow.ts)
            )
        ]
        if point.kind == "counter":
            segs, _ = counter_segments(
                readings, multiplier=point.multiplier, rollover=point.rollover
            )
        else:
            segs = interval_segments(
                readings, minutes=point.interval_minutes, multiplier=point.multiplier
            )
        months: dict[datetime, list[float]] = defaultdict(list)
        for period in ("hour", "day"):
            for start, amount in bucket(segs, period).items():  # type: ignore[arg-type]
                out[(point.id, period, start)] = amount
                if period == "day":
                    months[period_start(start, "month")].append(amount)
        for start, days in months.items():
            out[(point.id, "month", start)] = math.fsum(days)
    return out


def _stored(db: Session) -> dict[tuple[int, str, datetime], float]:
    return {(r.point_id, r.period, r.start): r.amount for r in db.scalars(select(RollupRow))}


def _send(db: Session, rows: list[dict[str, Any]]) -> None:
    service.ingest(
        db_session=db,
        payload={"enterprise": CODE, "readings": rows},
        actor="t",
        source="http",
        enterprise_scope=CODE,
    )


BATCHES = st.lists(
    st.tuples(
        st.sampled_from(["forward", "backward", "shuffled", "correct"]),
        st.integers(min_value=1, max_value=120),  # readings per point
        st.integers(min_value=-200, max_value=200),  # where the batch starts, in quarter hours
    ),
    min_size=1,
    max_size=5,
)


@pytest.fixture
def points(db_session: Session) -> Session:
    seed(db_session)
    registry.upsert_point(  # a 40-minute interval point: its readings cross hours
        db_session=db_session,
        point=Point("I40", CODE, "原煤", Purpose.CONSUMED, "t", 0.7, interval_minutes=40),
        actor="t",
    )
    db_session.flush()
    return db_session


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(BATCHES, st.randoms(use_true_random=False))
def test_stored_rollups_equal_the_rollups_of_the_stored_readings(
    points: Session, monkeypatch: pytest.MonkeyPatch, batches: list[Any], rnd: Any
) -> None:
    db = points
    monkeypatch.setattr(store, "APPENDED_UP_TO", 0)  # every batch through plan
    db.execute(delete(RollupRow))
    db.execute(delete(ReadingRow))
    register = {"E1": 99_000.0, "G1": 10.0}
    for how, count, first in batches:
        rows = []
        off = rnd.random() < 0.3  # the counters' readings off the quarter hour: some cross
        for code in CODES:
            step = 40 if code == "I40" else 15
            base = T0 + timedelta(minutes=15 * first)
            if code == "I40":  # on its grid from local midnight
                local = base.astimezone(CST)
                base -= timedelta(minutes=(local.hour * 60 + local.minute) % 40)
            for i in range(count):
                ts = base + timedelta(minutes=step * i)
                if code in register:
                    ts += timedelta(minutes=rnd.choice([0, 0, 0, 7]) if off else 0)
                    if rnd.random() < 0.1:  # a rollover (E1, 5 digits) or a reset (G1)
                        register[code] = rnd.uniform(0, 50)
                    else:
                        register[code] = (register[code] + rnd.uniform(0, 900)) % 100_000
                    value = register[code]
                else:
                    value = rnd.choice([0.0, rnd.uniform(0, 3)])
                rows.append({"point": code, "ts": ts.isoformat(), "value": value})
        if how == "backward":
            rows.reverse()
        elif how == "shuffled":
            rnd.shuffle(rows)
        elif how == "correct":  # the same readings again, some corrected
            for r in rows:
                r["value"] += rnd.choice([0.0, 0.25])
                r.update(correction=True, reason="校正 fix")
        _send(db, rows)
    assert _stored(db) == _reference(db)
