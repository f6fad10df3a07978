"""One validation path for every way readings arrive (HTTP, MQTT, files): pure, no database.

A payload is ``{"enterprise": "<credit code>", "readings": [{"point", "ts", "value"}, ...]}``;
a row may add ``"correction": true`` with a ``"reason"`` to replace a stored value. A payload
that is not of this shape is refused whole (:class:`InputError`); otherwise every row is either
accepted for storage or rejected with its index and a reason (never silently skipped).

Semantics of repeats (decided by the service against stored rows, and here within one batch):

- the same (point, ts) with the same value is a **duplicate**: counted, not stored again;
- the same (point, ts) with a different value is a **conflict**: rejected, unless the row is a
  correction, which replaces the value and is kept in history with who and when.

Plausibility of the time label (issue 15, finding 10), each refusal naming the row, the field
``ts`` and the reason:

- before the accepted window (``CARBONPEAK_READINGS_EARLIEST``, default 2000-01-01: a reset meter
  clock such as 1800-01-01) or more than :data:`FUTURE_TOLERANCE` ahead of the receiving clock
  (the quality rule ``future`` of ``data/quality_rules.csv``: 1 day);
- before the point's 投运日期 commissioning date (local midnight of that day);
- **off the reporting grid of an interval point** (时段值): the value is the amount of the period
  that starts at its label, so 04:07:13 on a 60-minute point names no period; merging it into
  the 04:00 bucket would invent data. It is refused when it is further from the grid
  (multiples of the interval from local midnight) than the ``alignment`` tolerance of
  ``data/quality_rules.csv`` (1 min). A counter (累计值) read off the grid is still a true
  reading of the register: it is stored, and the ``alignment`` rule reports it as a finding.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import compress, repeat
from operator import attrgetter, is_, itemgetter
from typing import Any

import numpy as np

from carbonpeak.core.errors import InputError
from carbonpeak.monitoring.model import (
    VALUE,
    Batch,
    Kind,
    Point,
    Readings,
    Rejection,
    Row,
    check_uscc,
)
from carbonpeak.monitoring.quality.rules import Rules
from carbonpeak.monitoring.rollups.rollup import CST

#: A reading stamped further ahead of the receiving clock than this is refused: the quality
#: rule ``future`` of ``data/quality_rules.csv`` (``future_tolerance``, default 1 day).
FUTURE_TOLERANCE = Rules().future_tolerance
#: A reading stamped before this is refused: no metering point of the platform was in service
#: then (a 1800-01-01 reading is a meter's reset clock, not data). The points carry no
#: commissioning date yet, so the window's start is one setting for all of them.
EARLIEST_ENV = "CARBONPEAK_READINGS_EARLIEST"
DEFAULT_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


def earliest() -> datetime:
    """The start of the accepted window (``CARBONPEAK_READINGS_EARLIEST``, an ISO date)."""
    text = os.environ.get(EARLIEST_ENV)
    if not text:
        return DEFAULT_EARLIEST
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _too_early(ts: datetime, first: datetime, text: object) -> ValueError:
    return ValueError(
        f"ts {text} 早于可接受的最早时间 {first.date()} / ts {text} is before the earliest "
        f"accepted time {first.date()} (a reset meter clock?)"
    )


#: how far an interval point's label may be from its grid (the quality rule ``alignment``)
ALIGNMENT_TOLERANCE = Rules().alignment_tolerance
_LOCAL_OFFSET = CST.utcoffset(None).total_seconds()


def off_grid(ts: datetime, minutes: int) -> float:
    """Seconds between ``ts`` and the nearest label of a ``minutes`` grid from local midnight."""
    step = minutes * 60
    offset = (ts.timestamp() + _LOCAL_OFFSET) % step
    return min(offset, step - offset)


def plausibility(ts: datetime, point: Point, code: str | None = None) -> str | None:
    """Why the point cannot have a reading at ``ts`` (commissioning, grid), or None; the
    message names the point as ``code`` (default: its own code)."""
    code = point.code if code is None else code
    first = point.in_service_from
    if first is not None and ts < first:
        label = ts.isoformat()
        return (
            f"ts {label} 早于计量点 {code} 投运日期 {point.commissioned} / ts {label} is "
            f"before point {code}'s commissioning date {point.commissioned}"
        )
    if point.kind == Kind.INTERVAL:
        off = off_grid(ts, point.interval_minutes)
        if off > ALIGNMENT_TOLERANCE.total_seconds():
            local = ts.astimezone(CST).isoformat()
            return (
                f"ts {local} 偏离 {point.interval_minutes} 分钟采集网格 {off:g} s，不并入时段 / "
                f"ts {local} is {off:g} s off point {code}'s {point.interval_minutes}-minute "
                f"grid (quality rule alignment: at most "
                f"{ALIGNMENT_TOLERANCE.total_seconds():g} s); not merged into a period"
            )
    return None


def _span(span: timedelta) -> str:
    """A tolerance as people write it: ``1 d``, ``6 h``, ``5 min``, ``30 s``."""
    seconds = span.total_seconds()
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:g} {unit}"
    return f"{seconds:g} s"


MAX_REASON = 500
_FIELDS = frozenset({"point", "ts", "value", "correction", "reason"})


def parse_ts(text: Any) -> datetime:
    """An ISO 8601 instant with an offset (``2026-01-01T08:00:00+08:00``), as UTC."""
    if not isinstance(text, str):
        raise ValueError("ts 应为 ISO 8601 字符串 / ts must be an ISO 8601 string")
    try:
        ts = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"ts {text!r} 不是 ISO 8601 时间 / ts {text!r} is not ISO 8601") from None
    if ts.tzinfo is None or ts.utcoffset() is None:
        raise ValueError(
            f"ts {text!r} 缺少时区偏移 / ts {text!r} has no UTC offset (write +08:00 or Z)"
        )
    try:
        return ts.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00:00+01:00: no such instant in UTC
        raise ValueError(
            f"ts {text!r} 超出可表示的时间范围 / ts {text!r} is out of range (not within the "
            "years 1-9999 in UTC)"
        ) from None


def parse_value(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"value 应为数字，实为 {value!r} / value must be a number, got {value!r}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(f"value {value!r} 不是有限数 / value {value!r} is not finite")
    if number < 0:
        raise ValueError(f"value {number:g} 为负 / value {number:g} is negative (impossible)")
    return number


def _row(index: int, item: Any, now: datetime) -> Row:
    if not isinstance(item, Mapping):
        raise ValueError("读数应为对象 / a reading must be an object {point, ts, value}")
    if not _FIELDS.issuperset(item):
        unknown = sorted(set(item) - _FIELDS)
        raise ValueError(f"未知字段 {', '.join(unknown)} / unknown fields {', '.join(unknown)}")
    point = item.get("point")
    if not isinstance(point, str) or not point.strip():
        raise ValueError("point 缺失或为空 / point is missing or empty")
    if "ts" not in item:
        raise ValueError("ts 缺失 / ts is missing")
    if "value" not in item:
        raise ValueError("value 缺失 / value is missing")
    ts = parse_ts(item["ts"])
    if ts > now + FUTURE_TOLERANCE:
        raise ValueError(
            f"ts {item['ts']} 超前服务器时钟 {_span(FUTURE_TOLERANCE)} 以上 / ts {item['ts']} is "
            f"in the future: more than {_span(FUTURE_TOLERANCE)} ahead of the server clock "
            "(quality rule future)"
        )
    first = earliest()
    if ts < first:
        raise _too_early(ts, first, item["ts"])
    value = parse_value(item["value"])
    correction: str | None = None
    flag = item.get("correction", False)
    if not isinstance(flag, bool):
        raise ValueError("correction 应为 true/false / correction must be true or false")
    if flag:
        reason = item.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError("更正须说明理由 / a correction needs a reason")
        correction = reason.strip()[:MAX_REASON]
    elif "reason" in item:
        raise ValueError("reason 仅用于更正 / reason is only for a correction")
    return Row(index, point.strip(), ts, value, correction)


#: A :class:`Row` made without its generated ``__new__`` (a bulk batch makes thousands)
_new_row = tuple.__new__
#: Batches of at least this many rows are first checked whole (:func:`_clean_batch`).
CLEAN_BATCH_FROM = 2
#: A point's enterprise, and what the plausibility checks read of it
_OWNER = attrgetter("enterprise_code")
_PROFILE = attrgetter("interval_minutes", "kind", "commissioned")
#: A row's point, ts and value (KeyError when one is missing)
_COLUMNS = (itemgetter("point"), itemgetter("ts"), itemgetter("value"))


def _stamp(
    text: str, first: datetime, late: datetime, stamps: dict[Any, datetime]
) -> datetime | None:
    """The instant of the time label ``text``, remembered in ``stamps``; None (nothing
    remembered) if it is not a label :func:`parse_ts` reads or lies outside [``first``,
    ``late``]: then the row-by-row checks say why. Serves :func:`_fast_row` and
    :func:`_clean_batch` (the same rule on both paths)."""
    try:
        ts = parse_ts(text)
    except ValueError:
        return None
    if ts > late or ts < first:
        return None
    stamps[text] = ts
    return ts


def _fast_row(
    index: int, item: Any, late: datetime, first: datetime, stamps: dict[str, datetime]
) -> Row | None:
    """The common row ``{"point", "ts", "value"}`` checked quickly, or None: then :func:`_row`
    decides (same rules; this only skips work for rows that plainly pass them). ``late`` is
    the receiving clock plus :data:`FUTURE_TOLERANCE`, ``first`` :func:`earliest`."""
    if type(item) is not dict or len(item) != 3:
        return None
    point = item.get("point")
    text = item.get("ts")
    value: Any = item.get("value")
    if type(point) is not str or type(text) is not str:
        return None
    kind = type(value)
    if kind is float:
        if not (value >= 0.0 and value != math.inf):  # also false for NaN
            return None
    elif kind is int:
        if not 0 <= value < 2**1000:
            return None
        value = float(value)
    else:
        return None
    ts = stamps.get(text)
    if ts is None:
        ts = _stamp(text, first, late, stamps)
        if ts is None:
            return None
    code = point.strip()
    if not code:
        return None
    return _new_row(Row, (index, code, ts, value, None))


def _rejection(
    index: int, item: Any, error: str, points: Mapping[str, Point], enterprise: str | None
) -> Rejection:
    """The rejection of a row :func:`_row` refused; for an impossible value of a known point
    of ``enterprise`` it tells what was sent (whatever else is wrong with the row: the first
    reason stays the message). Unknown or foreign points are the caller's error: not kept."""
    if not isinstance(item, Mapping) or "value" not in item:
        return Rejection(index, error)
    raw_code = item.get("point")
    code = raw_code.strip() if isinstance(raw_code, str) else ""
    point = points.get(code)
    if point is None or (enterprise is not None and point.enterprise_code != enterprise):
        return Rejection(index, error)
    value = item["value"]
    try:
        parse_value(value)
    except ValueError:
        pass
    else:
        return Rejection(index, error)  # the value is possible: another field failed
    raw = item.get("ts")
    try:
        ts: datetime | None = parse_ts(raw)
    except ValueError:
        ts = None
    text = raw if isinstance(raw, str) or raw is None else str(raw)
    return Rejection(index, error, code, ts, text, value, VALUE)


#: :func:`check_uscc` remembered (a gateway sends its enterprise's code with every package)
_credit_code = lru_cache(maxsize=4096)(check_uscc)


def check_payload(
    payload: Any,
    *,
    points: Mapping[str, Point],
    now: datetime | None = None,
    enterprise_required: bool = True,
) -> Batch:
    """Check a payload against the registry's ``points`` (by code); see the module docstring."""
    now = now or datetime.now(UTC)
    if not isinstance(payload, Mapping):
        raise InputError("请求体应为 JSON 对象 / the body must be a JSON object")
    unknown = sorted(set(payload) - {"enterprise", "readings"})
    if unknown:
        raise InputError(f"未知字段 {', '.join(unknown)} / unknown fields {', '.join(unknown)}")
    enterprise: str | None = None
    raw_code = payload.get("enterprise")
    if raw_code is None and enterprise_required:
        raise InputError("enterprise 缺失 / enterprise (credit code) is missing")
    if raw_code is not None:
        if not isinstance(raw_code, str):
            raise InputError("enterprise 应为字符串 / enterprise must be a string")
        enterprise = _credit_code(raw_code)
    items = payload.get("readings")
    if not isinstance(items, Sequence) or isinstance(items, str):
        raise InputError("readings 应为数组 / readings must be an array")
    return check_rows(items, points=points, enterprise=enterprise, now=now)


#: Batches of at least this many rows that pass the whole-batch check are handed on by column
#: (:class:`~carbonpeak.monitoring.model.Readings`, rows made only if asked for); smaller ones
#: as a tuple of rows (a gateway's package: the store reads each of its rows anyway).
COLUMNS_FROM = 1_000
#: From this many distinct time labels their grid is checked by numpy (one call per batch)
_GRID_ARRAY_FROM = 64


#: Time label -> its instant (UTC), for labels read before: every enterprise's package at a
#: quarter hour carries the same label, the requests of a back-fill the same range of them.
#: Only readable labels are kept; emptied when full (no order to keep up).
_LABELS: dict[str, datetime] = {}
LABELS_KEPT = 100_000


def _instants(
    labels: list[Any], first: datetime, late: datetime
) -> tuple[list[str], list[datetime]] | None:
    """Distinct time labels and their instants (UTC), read by :func:`parse_ts`'s rule (a
    stripped ISO 8601 text with an offset) by C loops, each once (:data:`_LABELS`), all within
    [``first``, ``late``] and no two the same instant; else None (the row-by-row checks then
    say which row and why)."""
    if set(map(type, labels)) != {str}:
        return None
    read = dict(zip(labels, map(_LABELS.get, labels), strict=True))
    if None in read.values():
        new = list(compress(labels, map(is_, read.values(), repeat(None))))
        try:
            parsed = list(map(datetime.fromisoformat, map(str.strip, new)))
        except ValueError:
            return None
        if None in set(map(datetime.utcoffset, parsed)):  # no offset
            return None
        try:
            found = dict(zip(new, map(datetime.astimezone, parsed, repeat(UTC)), strict=True))
        except OverflowError:  # a label beyond year 1-9999 in UTC
            return None
        if len(_LABELS) + len(found) > LABELS_KEPT:
            _LABELS.clear()
        _LABELS.update(found)
        read.update(found)
    instants: list[datetime] = list(read.values())  # none is None now
    if min(instants) < first or max(instants) > late or len(set(instants)) != len(instants):
        return None
    return list(read), instants


def _worst_off_grid(epochs: list[float], minutes: int) -> float:
    """The largest :func:`off_grid` of the instants at ``epochs`` (same arithmetic)."""
    step = minutes * 60
    if len(epochs) < _GRID_ARRAY_FROM:
        return max(min(o, step - o) for o in ((e + _LOCAL_OFFSET) % step for e in epochs))
    offsets = (np.asarray(epochs, dtype=np.float64) + _LOCAL_OFFSET) % step
    return float(np.minimum(offsets, step - offsets).max())


def _implausible(samples: Sequence[Point], instants: list[datetime]) -> bool:
    """Whether :func:`plausibility` has a verdict on any of ``instants`` for any point of
    ``samples`` (before its commissioning, off its grid)."""
    earliest_ts = min(instants)
    grids: set[int] = set()
    for point in samples:
        start = point.in_service_from
        if start is not None and earliest_ts < start:
            return True
        if point.kind is Kind.INTERVAL:
            grids.add(point.interval_minutes)
    if not grids:
        return False
    epochs = list(map(datetime.timestamp, instants))
    limit = ALIGNMENT_TOLERANCE.total_seconds()
    return any(_worst_off_grid(epochs, minutes) > limit for minutes in grids)


def _grouped(
    row_codes: list[str], row_ts: list[datetime], values: list[float], count: int
) -> dict[str, dict[datetime, float]] | None:
    """Point code -> ts -> value (codes in the order of their first row, times in row order),
    or None if a (point, ts) repeats. ``count``: the number of distinct codes. A batch sent
    step by step (each step the same codes in the same order) is sliced; any other order is
    grouped by a stable sort of the rows by code."""
    size = len(row_codes)
    if size >= count and row_codes[count:] == row_codes[:-count]:
        out = {
            code: dict(zip(row_ts[k::count], values[k::count], strict=True))
            for k, code in enumerate(row_codes[:count])
        }
    else:
        index = {code: k for k, code in enumerate(dict.fromkeys(row_codes))}
        at = np.fromiter(map(index.__getitem__, row_codes), dtype=np.intp, count=size)
        order = np.argsort(at, kind="stable")
        ends = np.cumsum(np.bincount(at, minlength=len(index))).tolist()
        stamps = np.empty(size, dtype=object)
        stamps[:] = row_ts
        amounts = np.asarray(values, dtype=np.float64)
        out = {}
        begin = 0
        for code, end in zip(index, ends, strict=True):
            take = order[begin:end]
            out[code] = dict(zip(stamps[take].tolist(), amounts[take].tolist(), strict=True))
            begin = end
    if sum(map(len, out.values())) != size:  # a (point, ts) repeats: counted or refused by row
        return None
    return out


def _clean_batch(
    items: Sequence[Any],
    points: Mapping[str, Point],
    enterprise: str | None,
    late: datetime,
    first: datetime,
) -> Batch | None:
    """The whole batch checked column by column when every row is plainly valid (the rows
    :func:`_fast_row` passes, of known points of ``enterprise``, plausible, no repeats), else
    None: then :func:`check_rows` checks row by row (same rules and messages; this only skips
    the per-row work for a batch in which nothing is to be said). Each check is done once per
    distinct point code, time label and (label, point profile), not once per row; the loops
    over rows are C loops (map, zip, slices, numpy)."""
    try:  # the three columns, by C loops (a missing field: the row-by-row checks say which)
        raw_points, texts, values = (list(map(column, items)) for column in _COLUMNS)
        if set(map(len, items)) != {3}:  # another field
            return None
        distinct_points, distinct_texts = set(raw_points), list(set(texts))
    except (KeyError, TypeError):  # a row without a field, not an object, an array as a code
        return None
    # the points, by C loops too (a gateway's package names as many points as it has rows)
    raws = list(distinct_points)
    if set(map(type, raws)) != {str}:
        return None
    stripped = list(map(str.strip, raws))
    known: list[Any] = list(map(points.get, stripped))
    if not all(known) or len(set(stripped)) != len(stripped):  # unknown; written differently
        return None
    if enterprise is not None and set(map(_OWNER, known)) != {enterprise}:
        return None
    #: a point of each profile (what the plausibility checks read of a point)
    samples = list(dict(zip(map(_PROFILE, known), known, strict=True)).values())
    labelled = _instants(distinct_texts, first, late)
    if labelled is None:
        return None
    labels, instants = labelled
    if set(map(type, values)) != {float}:
        if not all(type(v) is float or (type(v) is int and 0 <= v < 2**1000) for v in values):
            return None
        values = [float(v) for v in values]
    # finite and not negative: a NaN or an infinity makes the sum so (an overflowing sum of
    # finite values only sends the batch to the row-by-row check)
    if not (math.isfinite(sum(values)) and min(values) >= 0.0):
        return None
    # plausibility of every label of the batch for every profile in it (a verdict against a
    # pair that does not occur only sends the batch to the row-by-row check)
    if _implausible(samples, instants):
        return None
    stamps = dict(zip(labels, instants, strict=True))
    if stripped == raws:  # nothing stripped
        row_codes = raw_points
    else:
        row_codes = list(map(dict(zip(raws, stripped, strict=True)).__getitem__, raw_points))
    row_ts = list(map(stamps.__getitem__, texts))
    if len(items) < COLUMNS_FROM:
        # repeats within the batch (counted or refused row by row): the labels are distinct
        # instants and the codes distinct, so a repeated (code, label) is the only repeat
        if len(set(zip(raw_points, texts, strict=True))) != len(items):
            return None
        rows = tuple(
            map(
                _new_row,
                repeat(Row),
                zip(range(len(items)), row_codes, row_ts, values, repeat(None), strict=False),
            )
        )
        return Batch(enterprise, rows, 0, (), ())
    grouped = _grouped(row_codes, row_ts, values, len(raws))
    if grouped is None:
        return None
    return Batch(enterprise, Readings(grouped, (row_codes, row_ts, values), instants), 0, (), ())


def check_rows(
    items: Sequence[Any],
    *,
    points: Mapping[str, Point],
    enterprise: str | None,
    now: datetime | None = None,
) -> Batch:
    """Check rows; ``enterprise`` None accepts points of any enterprise (an operator's file)."""
    now = now or datetime.now(UTC)
    if len(items) >= CLEAN_BATCH_FROM:
        clean = _clean_batch(items, points, enterprise, now + FUTURE_TOLERANCE, earliest())
        if clean is not None:
            return clean
    rows: list[Row] = []
    rejected: list[Rejection] = []
    foreign: set[str] = set()
    seen: dict[tuple[str, datetime], float] = {}
    duplicates = 0
    stamps: dict[str, datetime] = {}  # ts text -> valid UTC instant (repeats across points)
    verdicts: dict[tuple[datetime, int, Kind, date | None], str | None] = {}
    late, first = now + FUTURE_TOLERANCE, earliest()
    for index, item in enumerate(items):
        row = _fast_row(index, item, late, first, stamps)
        if row is None:  # anything unusual: the full checks, with their messages
            try:
                row = _row(index, item, now)
            except ValueError as exc:
                rejected.append(_rejection(index, item, str(exc), points, enterprise))
                continue
        code = row.point
        point = points.get(code)
        if point is None:
            rejected.append(Rejection(index, f"未知计量点 {code} / unknown point {code}"))
            continue
        if enterprise is not None and point.enterprise_code != enterprise:
            foreign.add(code)
            rejected.append(
                Rejection(
                    index, f"计量点 {code} 不属于本企业 / point {code} is not this enterprise's"
                )
            )
            continue
        # plausibility (commissioning, grid), decided once per time label and interval: a
        # gateway's batch repeats its stamps across points
        if point.commissioned is not None or point.kind is Kind.INTERVAL:
            verdict_key = (row.ts, point.interval_minutes, point.kind, point.commissioned)
            if verdict_key in verdicts:
                why = verdicts[verdict_key]
            else:
                why = verdicts[verdict_key] = plausibility(row.ts, point, "\0")
            if why is not None:
                rejected.append(Rejection(index, why.replace("\0", code)))
                continue
        key = (code, row.ts)
        if key in seen:
            if seen[key] == row.value:
                duplicates += 1
            else:
                rejected.append(
                    Rejection(
                        index,
                        f"同批次内 {code} {row.ts.isoformat()} 取值冲突 / conflicting "
                        f"value for {code} at {row.ts.isoformat()} in the same batch",
                    )
                )
            continue
        seen[key] = row.value
        rows.append(row)
    return Batch(enterprise, tuple(rows), duplicates, tuple(rejected), tuple(sorted(foreign)))
