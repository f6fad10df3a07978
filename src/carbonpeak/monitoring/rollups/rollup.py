"""Readings to consumption (能耗): counter deltas, interval amounts, and period totals.

Pure functions over floats; amounts are in the point's unit after its 倍率 multiplier.

- A **counter** (累计值) reports a running total; consumption between two readings is their
  difference. A decrease is either a **rollover** (the register wrapped at ``rollover``, e.g.
  99 999 -> 00 012 on a 5-digit register: delta = rollover - previous + value) or, when no
  rollover modulus is known or the wrapped delta would be implausible, a **reset / meter
  replacement**: the new meter is taken to have started from zero, so delta = value. Each such
  event is reported, never hidden.
- An **interval** value (时段值) is the amount of the period that starts at its time label
  (the time label is the start of the statistics period, DB34/T 4689-2024).
- Period totals (hour, day, month) use China Standard Time (UTC+8; no daylight saving since
  1991). An amount whose span crosses a period boundary is split in proportion to time.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise
from typing import Literal

#: China Standard Time, the clock of daily and monthly statistics.
CST = timezone(timedelta(hours=8), "CST")
Period = Literal["hour", "day", "month"]
PERIODS: tuple[Period, ...] = ("hour", "day", "month")


@dataclass(frozen=True, slots=True)
class Segment:
    """``amount`` consumed over [start, end) (UTC instants)."""

    start: datetime
    end: datetime
    amount: float


@dataclass(frozen=True, slots=True)
class CounterEvent:
    """A counter decrease and how it was read: ``rollover`` or ``reset`` (meter replaced)."""

    ts: datetime
    kind: Literal["rollover", "reset"]
    previous: float
    value: float
    delta: float


def counter_segments(
    readings: Sequence[tuple[datetime, float]],
    *,
    multiplier: float = 1.0,
    rollover: float | None = None,
    max_delta: float | None = None,
) -> tuple[list[Segment], list[CounterEvent]]:
    """Segments between consecutive counter readings (sorted by time; raw register values).

    ``max_delta`` (raw units) bounds a plausible wrapped delta: a decrease whose wrapped delta
    exceeds it is read as a reset. Without ``rollover`` every decrease is a reset.

    >>> t = [datetime(2026, 1, 1, h, tzinfo=UTC) for h in range(3)]
    >>> segs, events = counter_segments([(t[0], 99990.0), (t[1], 5.0), (t[2], 7.0)], rollover=1e5)
    >>> [s.amount for s in segs], events[0].kind
    ([15.0, 2.0], 'rollover')
    """
    segments: list[Segment] = []
    events: list[CounterEvent] = []
    for (t0, v0), (t1, v1) in pairwise(readings):
        if t1 <= t0:
            raise ValueError(f"readings not in time order at {t1.isoformat()}")
        if v1 >= v0:
            delta = v1 - v0
        else:
            wrapped = rollover - v0 + v1 if rollover is not None and v0 < rollover else None
            if wrapped is not None and (max_delta is None or wrapped <= max_delta):
                delta = wrapped
                events.append(CounterEvent(t1, "rollover", v0, v1, delta))
            else:
                delta = v1
                events.append(CounterEvent(t1, "reset", v0, v1, delta))
        segments.append(Segment(t0, t1, delta * multiplier))
    return segments, events


def interval_segments(
    readings: Iterable[tuple[datetime, float]], *, minutes: int, multiplier: float = 1.0
) -> list[Segment]:
    """One segment per interval reading, covering [ts, ts + minutes)."""
    span = timedelta(minutes=minutes)
    return [Segment(ts, ts + span, value * multiplier) for ts, value in readings]


def period_start(ts: datetime, period: Period, tz: timezone = CST) -> datetime:
    """Start of the local period containing ``ts``, as a UTC instant."""
    offset = tz.utcoffset(None)
    if period != "month" and offset.total_seconds() % 3600 == 0:
        # fixed whole-hour offset: hours and days are plain arithmetic on the epoch
        size = 3600 if period == "hour" else 86400
        shift = offset.total_seconds()
        seconds = ts.timestamp() + shift
        return datetime.fromtimestamp(seconds - seconds % size - shift, UTC)
    local = ts.astimezone(tz)
    if period == "hour":
        local = local.replace(minute=0, second=0, microsecond=0)
    elif period == "day":
        local = local.replace(hour=0, minute=0, second=0, microsecond=0)
    else:
        local = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return local.astimezone(UTC)


def next_period(start: datetime, period: Period, tz: timezone = CST) -> datetime:
    """Start of the period after the one starting at ``start``."""
    if period == "hour":
        return start + timedelta(hours=1)
    if period == "day":
        return start + timedelta(days=1)
    local = start.astimezone(tz)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    return local.replace(year=year, month=month, day=1).astimezone(UTC)


def bucket(
    segments: Iterable[Segment], period: Period, tz: timezone = CST
) -> dict[datetime, float]:
    """Totals per local period (keys: period starts as UTC instants), time-proportional split.

    >>> a = datetime(2026, 1, 1, 15, 30, tzinfo=UTC)  # 23:30 CST
    >>> bucket([Segment(a, a + timedelta(hours=1), 10.0)], "day")  # doctest: +NORMALIZE_WHITESPACE
    {datetime.datetime(2025, 12, 31, 16, 0, tzinfo=datetime.timezone.utc): 5.0,
     datetime.datetime(2026, 1, 1, 16, 0, tzinfo=datetime.timezone.utc): 5.0}
    """
    totals: dict[datetime, float] = defaultdict(float)
    for seg in segments:
        start = period_start(seg.start, period, tz)
        end = next_period(start, period, tz)
        if seg.end <= end:
            totals[start] += seg.amount
            continue
        length = (seg.end - seg.start).total_seconds()
        cursor = seg.start
        while cursor < seg.end:
            stop = min(end, seg.end)
            totals[start] += seg.amount * (stop - cursor).total_seconds() / length
            cursor, start = stop, end
            end = next_period(start, period, tz)
    return dict(sorted(totals.items()))


def point_totals(
    readings: Sequence[tuple[datetime, float]],
    *,
    kind: str,
    period: Period,
    multiplier: float = 1.0,
    minutes: int = 15,
    rollover: float | None = None,
) -> tuple[dict[datetime, float], list[CounterEvent]]:
    """Per-period consumption of one point from its readings (sorted by time)."""
    if kind == "counter":
        segs, events = counter_segments(readings, multiplier=multiplier, rollover=rollover)
        return bucket(segs, period), events
    return bucket(interval_segments(readings, minutes=minutes, multiplier=multiplier), period), []


def add_totals(parts: Iterable[Mapping[datetime, float]]) -> dict[datetime, float]:
    """Sum per-period totals of several points (fsum per period)."""
    collected: dict[datetime, list[float]] = defaultdict(list)
    for part in parts:
        for key, value in part.items():
            collected[key].append(value)
    return {k: math.fsum(v) for k, v in sorted(collected.items())}
