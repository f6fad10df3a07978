"""Counter deltas, rollover, resets, period totals: hand-computed, plus property tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonpeak.monitoring.rollups.rollup import (
    Segment,
    add_totals,
    bucket,
    counter_segments,
    interval_segments,
    next_period,
    period_start,
    point_totals,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)  # 08:00 CST on 1 January


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_counter_deltas_with_multiplier() -> None:
    segs, events = counter_segments(
        [(at(0), 100.0), (at(15), 104.0), (at(30), 110.5)], multiplier=40.0
    )
    assert [s.amount for s in segs] == [(104 - 100) * 40.0, (110.5 - 104) * 40.0]
    assert [(s.start, s.end) for s in segs] == [(at(0), at(15)), (at(15), at(30))]
    assert events == []


def test_rollover_of_a_five_digit_register() -> None:
    segs, events = counter_segments([(at(0), 99_990.0), (at(15), 12.0)], rollover=100_000)
    assert segs[0].amount == 100_000 - 99_990 + 12
    assert events[0].kind == "rollover"


def test_reset_meter_replacement_counts_from_zero() -> None:
    segs, events = counter_segments([(at(0), 5_000.0), (at(15), 3.0), (at(30), 8.0)])
    assert [s.amount for s in segs] == [3.0, 8.0 - 3.0]
    assert events[0].kind == "reset" and events[0].previous == 5_000.0


def test_implausible_wrap_is_read_as_reset() -> None:
    segs, events = counter_segments(
        [(at(0), 50_000.0), (at(15), 7.0)], rollover=100_000, max_delta=1_000
    )
    assert segs[0].amount == 7.0  # wrapped delta 50 007 > 1 000
    assert events[0].kind == "reset"


def test_readings_out_of_order_are_an_error() -> None:
    with pytest.raises(ValueError, match="not in time order"):
        counter_segments([(at(15), 1.0), (at(0), 2.0)])


def test_daily_buckets_follow_china_standard_time() -> None:
    # 23:45 CST 1 Jan .. 00:15 CST 2 Jan: 30 minutes, half on each local day
    start = datetime(2026, 1, 1, 15, 45, tzinfo=UTC)
    totals = bucket([Segment(start, start + timedelta(minutes=30), 8.0)], "day")
    day1 = datetime(2025, 12, 31, 16, tzinfo=UTC)  # 00:00 CST 1 Jan
    day2 = datetime(2026, 1, 1, 16, tzinfo=UTC)
    assert totals == {day1: 4.0, day2: 4.0}


def test_month_boundaries() -> None:
    feb = period_start(datetime(2026, 2, 10, tzinfo=UTC), "month")
    assert feb == datetime(2026, 1, 31, 16, tzinfo=UTC)  # 1 Feb 00:00 CST
    assert next_period(feb, "month") == datetime(2026, 2, 28, 16, tzinfo=UTC)
    dec = period_start(datetime(2026, 12, 5, tzinfo=UTC), "month")
    assert next_period(dec, "month") == datetime(2026, 12, 31, 16, tzinfo=UTC)


def test_interval_values_cover_the_period_they_start() -> None:
    segs = interval_segments([(at(0), 2.0), (at(15), 3.0)], minutes=15, multiplier=10.0)
    assert bucket(segs, "hour") == {T0: 50.0}


def test_point_totals_hourly_of_a_counter() -> None:
    readings = [(at(m), 10.0 * m) for m in range(0, 121, 15)]  # 10 per minute
    totals, _ = point_totals(readings, kind="counter", period="hour")
    assert totals == {T0: 600.0, at(60): 600.0}


def test_add_totals() -> None:
    assert add_totals([{T0: 1.0}, {T0: 2.0, at(60): 3.0}]) == {T0: 3.0, at(60): 3.0}


counter_steps = st.lists(
    st.tuples(st.integers(1, 240), st.floats(0, 1e6, allow_nan=False)), min_size=1, max_size=60
)


@settings(max_examples=200, deadline=None)
@given(
    start=st.floats(0, 1e6), steps=counter_steps, period=st.sampled_from(["hour", "day", "month"])
)
def test_bucketing_conserves_the_increasing_counter_total(
    start: float, steps: list[tuple[int, float]], period: str
) -> None:
    ts, value = T0, start
    readings = [(ts, value)]
    for minutes, inc in steps:
        ts, value = ts + timedelta(minutes=minutes), value + inc
        readings.append((ts, value))
    segs, events = counter_segments(readings)
    assert events == []
    total = sum(bucket(segs, period).values())  # type: ignore[arg-type]
    assert total == pytest.approx(value - start, rel=1e-9, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.floats(0, 99_999, allow_nan=False), min_size=2, max_size=50),
    rollover=st.sampled_from([10_000.0, 100_000.0]),
)
def test_deltas_are_never_negative_and_reconstruct_the_register(
    values: list[float], rollover: float
) -> None:
    values = [v % rollover for v in values]
    readings = [(at(15 * i), v) for i, v in enumerate(values)]
    segs, events = counter_segments(readings, rollover=rollover)
    assert all(s.amount >= 0 for s in segs)
    # every delta brings the register from its previous value to its next, modulo rollover
    for seg, (prev, nxt) in zip(segs, itertools.pairwise(values), strict=True):
        assert (prev + seg.amount) % rollover == pytest.approx(nxt % rollover, abs=1e-6)
    assert len(events) == sum(1 for a, b in itertools.pairwise(values) if b < a)
