"""Hour and day sums of consumption segments, fast (pure: no database).

The rollups (:mod:`.service`) add thousands of readings per batch into local hours and days;
:func:`fast_buckets` and :func:`array_buckets` give the same floats as ``rollup.bucket`` per
period, added in the same order, on integer period indexes (and numpy) instead of datetimes.
Tests compare them with :func:`carbonpeak.monitoring.rollups.rollup.bucket`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import numpy as np

from carbonpeak.monitoring.rollups.rollup import CST, Segment, bucket


def array_buckets(
    epochs: list[float], values: list[float], *, minutes: int, multiplier: float
) -> dict[str, dict[datetime, float]] | None:
    """:func:`fast_buckets` of interval readings (POSIX times and values) with numpy, when
    every reading lies inside one local hour (else None). ``np.bincount`` adds the weights of a
    key in input order, from 0.0, as the loop does, so the sums are the same floats."""
    if not epochs:
        return {"hour": {}, "day": {}}
    shift = int(CST.utcoffset(None).total_seconds())
    if len(epochs) < SMALL:
        return _small_buckets(epochs, values, minutes=minutes, multiplier=multiplier, shift=shift)
    start = np.array(epochs, dtype=np.float64)
    start += shift
    hour = np.floor_divide(start, 3600.0)
    if not bool(np.all(start + minutes * 60 <= (hour + 1) * 3600)):
        return None
    amount = np.array(values, dtype=np.float64) * multiplier
    out: dict[str, dict[datetime, float]] = {}
    index = hour.astype(np.int64)
    for period, size, keys in (("hour", 3600, index), ("day", 86400, index // 24)):
        unique, inverse = np.unique(keys, return_inverse=True)
        sums = np.bincount(inverse.ravel(), weights=amount, minlength=len(unique))
        out[period] = {
            _instant(k * size - shift): v
            for k, v in zip(unique.tolist(), sums.tolist(), strict=True)
        }
    return out


@lru_cache(maxsize=1 << 16)
def _instant(epoch: int) -> datetime:
    """The UTC instant of a whole POSIX second (the points of a batch share their hours)."""
    return datetime.fromtimestamp(epoch, UTC)


#: Below this many readings a plain loop beats numpy's per-call overhead (a gateway's package:
#: ten points, a day of stored readings each).
SMALL = 200


def _small_buckets(
    epochs: list[float], values: list[float], *, minutes: int, multiplier: float, shift: int
) -> dict[str, dict[datetime, float]] | None:
    """:func:`array_buckets` in plain Python: the same floats (each sum from 0.0, in input
    order; the same floor division of float64 times)."""
    hours: dict[int, float] = {}
    days: dict[int, float] = {}
    width = minutes * 60
    for epoch, value in zip(epochs, values, strict=True):
        start = epoch + shift
        hour = start // 3600.0
        if not start + width <= (hour + 1) * 3600:
            return None
        amount = value * multiplier
        h = int(hour)
        hours[h] = hours.get(h, 0.0) + amount
        d = h // 24
        days[d] = days.get(d, 0.0) + amount
    return {
        "hour": {
            datetime.fromtimestamp(k * 3600 - shift, UTC): v for k, v in sorted(hours.items())
        },
        "day": {datetime.fromtimestamp(k * 86400 - shift, UTC): v for k, v in sorted(days.items())},
    }


def fast_buckets(
    segments: Iterable[Segment | tuple[datetime, float]],
    *,
    minutes: int = 0,
    multiplier: float = 1.0,
) -> dict[str, dict[datetime, float]]:
    """``bucket(segments, "hour")`` and ``bucket(segments, "day")`` in one pass, with the same
    numbers: a segment inside one local hour is added whole to its hour and day (the common
    case, on integer period indexes instead of datetimes); any other goes through
    :func:`bucket`, piece by piece in the same order, so every float sum is the same.

    Interval readings may be given as (ts, value) with ``minutes`` and ``multiplier``: the same
    as their :func:`interval_segments`, without building them."""
    shift = int(CST.utcoffset(None).total_seconds())
    span = timedelta(minutes=minutes)
    hours: dict[int, float] = {}
    days: dict[int, float] = {}
    for item in segments:
        if isinstance(item, Segment):
            seg = item
            s = seg.start.timestamp() + shift
            e = seg.end.timestamp() + shift
            amount = seg.amount
        else:
            s = item[0].timestamp() + shift
            e = s + minutes * 60
            amount = item[1] * multiplier
        h = int(s // 3600)
        if e <= (h + 1) * 3600:
            hours[h] = hours.get(h, 0.0) + amount
            d = h // 24
            days[d] = days.get(d, 0.0) + amount
            continue
        if not isinstance(item, Segment):
            seg = Segment(item[0], item[0] + span, amount)
        for size, totals in ((3600, hours), (86400, days)):
            part = bucket([seg], "hour" if size == 3600 else "day")
            for key, piece in part.items():
                k = int(key.timestamp() + shift) // size
                totals[k] = totals.get(k, 0.0) + piece
    return {
        "hour": {
            datetime.fromtimestamp(k * 3600 - shift, UTC): v for k, v in sorted(hours.items())
        },
        "day": {datetime.fromtimestamp(k * 86400 - shift, UTC): v for k, v in sorted(days.items())},
    }
