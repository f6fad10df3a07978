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
from typing import Any

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


# --- period sums on indexes, for the large batches of ``service.plan`` -------------------------
#
# A batch of thousands of readings is summed with numpy on local hour and day indexes
# (``(epoch + 8 h) // size``) and its rows are rendered from the indexes, with no datetime per
# reading or per row. The floats are those of :func:`fast_buckets`: every reading or counter
# segment lies inside one local hour (else None: the caller takes the general loop), each
# amount is computed by the same float operation, and ``np.bincount`` adds the amounts of a key
# in input (time) order into a sum that starts at 0.0, as the loop does.

#: (hour indexes, their sums, day indexes, their sums), the indexes ascending
IndexSums = tuple[list[int], list[float], list[int], list[float]]

SHIFT = int(CST.utcoffset(None).total_seconds())


def _sums(start: np.ndarray, amount: np.ndarray) -> IndexSums:
    """Sums per local hour and day of ``amount`` starting at ``start`` (local seconds,
    ascending, each amount inside one hour: checked by the callers)."""
    hour = np.floor_divide(start, 3600.0).astype(np.int64)
    out: list[list[Any]] = []
    for keys in (hour, hour // 24):
        base = int(keys[0])
        rel = keys - base
        sums = np.bincount(rel, weights=amount)
        present = np.flatnonzero(np.bincount(rel))
        out += [(present + base).tolist(), sums[present].tolist()]
    return out[0], out[1], out[2], out[3]


def interval_sums(
    epochs: np.ndarray, values: np.ndarray, *, minutes: int, multiplier: float
) -> IndexSums | None:
    """:func:`fast_buckets` of interval readings (POSIX times, ascending, and values) on
    indexes; None when some reading crosses a local hour."""
    if not len(epochs):
        return [], [], [], []
    start = epochs + SHIFT
    if not bool(np.all(start + minutes * 60 <= (np.floor_divide(start, 3600.0) + 1) * 3600)):
        return None
    return _sums(start, values * multiplier)


def counter_sums(
    epochs: np.ndarray, values: np.ndarray, *, multiplier: float, rollover: float | None
) -> IndexSums | None:
    """:func:`fast_buckets` of ``rollup.counter_segments`` of counter readings (POSIX times,
    ascending, and register values) on indexes; None when some segment crosses a local hour.
    Each delta is the float of ``counter_segments`` (``v1 - v0``; a decrease: the wrapped
    ``rollover - v0 + v1`` when ``v0 < rollover``, else ``v1``)."""
    if len(epochs) < 2:
        return [], [], [], []
    v0, v1 = values[:-1], values[1:]
    fallen = v1 if rollover is None else np.where(v0 < rollover, (rollover - v0) + v1, v1)
    delta = np.where(v1 >= v0, v1 - v0, fallen)
    start = epochs[:-1] + SHIFT
    end = epochs[1:] + SHIFT
    if not bool(np.all(end <= (np.floor_divide(start, 3600.0) + 1) * 3600)):
        return None
    return _sums(start, delta * multiplier)
