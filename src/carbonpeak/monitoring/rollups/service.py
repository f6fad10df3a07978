"""Stored rollups (``mon_rollups``): consumption per point and local hour, day and month
(the pure computation is :mod:`.rollup` and :mod:`.buckets`; reading them for reports is
:func:`carbonpeak.monitoring.consumption.service.totals`).

Kept up to date as readings arrive: :func:`refresh` recomputes, from raw readings, every local
day that a changed reading can affect (from the reading before the change to the reading after
it, since a counter delta spans two readings), then the months of those days as the sum of
their days. :func:`rebuild` runs the same computation over all readings of a point, so an
incrementally maintained table and a rebuilt one hold identical numbers.

Ingestion splits :func:`refresh` in two: :func:`plan` computes the rows from the stored
readings as they will be once the batch's pending values are written (reads only), and
:func:`write` replaces them, so that the computing is done before SQLite's write lock is taken.
"""

from __future__ import annotations

import math
import sqlite3
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, Protocol, cast

import numpy as np
from sqlalchemy import (
    Select,
    Table,
    bindparam,
    delete,
    func,
    insert,
    literal_column,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from carbonpeak.db import pg_binary
from carbonpeak.db.session import sqlite_driver, transaction_key
from carbonpeak.db.types import EpochMicros, UTCDateTime, from_epoch_micros
from carbonpeak.monitoring.orm import PointRow, ReadingRow, RollupRow
from carbonpeak.monitoring.rollups.buckets import (
    SHIFT,
    IndexSums,
    array_buckets,
    counter_sums,
    fast_buckets,
    interval_sums,
)
from carbonpeak.monitoring.rollups.rollup import (
    CST,
    Segment,
    bucket,
    counter_segments,
    interval_segments,
    next_period,
    period_start,
)


class PointSpec(Protocol):
    """What the rollups read of a point: a ``PointRow``, or the lighter
    ``readings.service.IngestPoint`` of the ingest path."""

    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def multiplier(self) -> float: ...
    @property
    def rollover(self) -> float | None: ...
    @property
    def interval_minutes(self) -> int: ...


ROLLUPS = cast(Table, RollupRow.__table__)


#: PostgreSQL: the rows as four arrays, through the driver (nothing to compile or process)
_PG_INSERT = (
    "INSERT INTO mon_rollups (point_id, period, start, amount) "
    "SELECT * FROM unnest(CAST(%(p)s AS integer[]), CAST(%(k)s AS varchar[]), "
    "CAST(%(s)s AS timestamptz[]), CAST(%(a)s AS float8[]))"
)


def sqlite_text(ts: datetime) -> str:
    """``ts`` as SQLAlchemy's SQLite ``DateTime`` stores it (UTC, no offset, microseconds):
    the rollup paths write ``mon_rollups.start`` as this text straight through the driver,
    skipping per-row type processing; tests check it equals what :class:`UTCDateTime` writes.
    (``mon_readings`` times are integers on SQLite: :func:`~carbonpeak.db.types.epoch_micros`.)"""
    if ts.tzinfo is not UTC:
        ts = ts.astimezone(UTC)
    return ts.isoformat(" ", "microseconds")[:26]  # without the offset, +00:00


_SQLITE_INSERT = "INSERT INTO mon_rollups (point_id, period, start, amount) VALUES (?, ?, ?, ?)"
_SQLITE_ROLLUPS = "INSERT INTO mon_rollups (point_id, period, start, amount)"

#: Rows per statement of :func:`sqlite_insert` (its parameters stay within SQLite's limit:
#: 32,766 from SQLite 3.32, 999 before)
SQLITE_ROWS_PER_INSERT = 500 if sqlite3.sqlite_version_info >= (3, 32) else 150


def sqlite_insert(
    db: Session,
    head: str,
    flat: Sequence[Any],
    width: int,
    shared: Sequence[Any] = (),
    tail: str = "",
) -> int:
    """Insert rows of ``width`` values (``flat``: their values one after another), each
    followed by the ``shared`` values, with ``head`` (``INSERT INTO t (columns)``) and ``tail``
    (a conflict clause), through the driver; returns how many rows were inserted. Full chunks
    of :data:`SQLITE_ROWS_PER_INSERT` rows go as one multi-row ``VALUES`` statement each (the
    shared values bound once): per row SQLite then binds and runs far less than one
    ``executemany`` step per row, the same rows stored; a rest of :data:`_LONG_REST` rows or
    more in halved chunks likewise, a shorter one by ``executemany``."""
    conn = sqlite_driver(db)
    per = SQLITE_ROWS_PER_INSERT
    rows = len(flat) // width
    full = rows - rows % per
    inserted = 0
    if full:
        sql = _multi_values(head, width, len(shared), per, tail)
        step = per * width
        for i in range(0, full * width, step):
            inserted += conn.execute(sql, (*shared, *flat[i : i + step])).rowcount
    # a long rest: in chunks of 256, 128, ... 32 rows (a few statement texts, each cached)
    count = per
    while rows - full >= _LONG_REST:
        while count > rows - full:
            count //= 2
        sql = _multi_values(head, width, len(shared), count, tail)
        inserted += conn.execute(
            sql, (*shared, *flat[full * width : (full + count) * width])
        ).rowcount
        full += count
    if full < rows:
        sql = _one_row(head, width, len(shared), tail)
        rest = [(*flat[i : i + width], *shared) for i in range(full * width, rows * width, width)]
        inserted += conn.executemany(sql, rest).rowcount
    return int(inserted)


#: Rows left after the full chunks of :func:`sqlite_insert` that still go as multi-row
#: statements (fewer: one ``executemany``, as a gateway's package)
_LONG_REST = 32


@lru_cache(maxsize=64)
def _multi_values(head: str, width: int, shared: int, count: int, tail: str) -> str:
    """``head VALUES (...), ... tail`` for ``count`` rows of ``width`` numbered parameters
    each, followed by the ``shared`` parameters ?1..?shared of every row."""
    common = [f"?{k + 1}" for k in range(shared)]
    values = ", ".join(
        "(" + ", ".join([f"?{shared + 1 + i * width + j}" for j in range(width)] + common) + ")"
        for i in range(count)
    )
    return f"{head} VALUES {values}{' ' + tail if tail else ''}"


@lru_cache(maxsize=16)
def _one_row(head: str, width: int, shared: int, tail: str) -> str:
    return f"{head} VALUES ({', '.join('?' * (width + shared))}){' ' + tail if tail else ''}"


def pg_array(items: Iterable[str]) -> str:
    """A PostgreSQL array literal of ``items`` (the text of numbers, words, ISO instants with
    a ``T``: nothing that needs quoting), sent as one text parameter and cast in the SQL
    (``CAST(%(p)s AS integer[])``): psycopg dumps a list parameter item by item in Python, a
    measurable share of a gateway's package; ``",".join`` is one call."""
    return "{" + ",".join(items) + "}"


def _pg_rows(rendered: dict[str, list[Any]]) -> dict[str, str]:
    """Rendered rollup rows (see :func:`_render`) as the parameters of :data:`_PG_INSERT`."""
    return {
        "p": pg_array(map(str, rendered["p"])),
        "k": pg_array(rendered["k"]),
        "s": pg_array(rendered["s"]),  # ISO 8601 with the offset
        "a": pg_array(map(repr, map(float, rendered["a"]))),  # (numpy's repr is not a number)
    }


def _render(dialect: str, rows: list[dict[str, Any]]) -> Any:
    """The parameters of :func:`_run` for rollup ``rows`` (built apart from running them, so
    that ingestion builds them before it takes SQLite's write lock)."""
    if dialect == "sqlite":
        texts: dict[datetime, str] = {}
        params = []
        for r in rows:
            start = r["start"]
            key = texts.get(start)
            if key is None:
                key = texts[start] = sqlite_text(start)
            params.append((r["point_id"], r["period"], key, r["amount"]))
        return params
    if dialect == "postgresql":
        # one text per start (a package's points share their hour, day and month)
        isos: dict[datetime, str] = {}
        out: dict[str, list[Any]] = {"p": [], "k": [], "s": [], "a": []}
        for r in rows:
            start = r["start"]
            iso = isos.get(start)
            if iso is None:
                iso = isos[start] = start.isoformat()
            out["p"].append(r["point_id"])
            out["k"].append(r["period"])
            out["s"].append(iso)
            out["a"].append(r["amount"])
        return out
    return rows


def _run(db: Session, rendered: Any) -> None:
    """Insert rollup rows rendered by :func:`_render_sums` (SQLite: multi-row inserts through
    the driver; PostgreSQL: arrays; another database: SQLAlchemy's executemany)."""
    dialect = db.get_bind().dialect.name
    if dialect == "sqlite":
        sqlite_insert(db, _SQLITE_ROLLUPS, rendered, 4)
    elif dialect == "postgresql":
        if len(rendered["p"]) >= COPY_FROM:
            _copy(db, rendered)
        else:
            db.connection().exec_driver_sql(_PG_INSERT, _pg_rows(rendered))
    else:
        db.execute(insert(ROLLUPS), rendered)


#: PostgreSQL: this many rollup rows or more are inserted by binary ``COPY`` (:func:`_copy`):
#: a bulk batch of 20,000 quarter-hour readings brings 5,000 hour rows, whose array literals
#: PostgreSQL parses as text (the ``timestamptz`` items most of it) before it inserts them
COPY_FROM = 1_000
_PG_COPY = "COPY mon_rollups (point_id, period, start, amount) FROM STDIN (FORMAT BINARY)"


def _copy(db: Session, rendered: dict[str, list[Any]]) -> None:
    """PostgreSQL: insert rendered rollup rows (see :func:`_render`) by binary ``COPY``, a
    block per period (a block's rows have one width; :mod:`carbonpeak.db.pg_binary`); the
    same statement checks fire as for :data:`_PG_INSERT`."""
    count = len(rendered["p"])
    micros = {s: pg_binary.pg_micros(datetime.fromisoformat(s)) for s in set(rendered["s"])}
    pids = np.array(rendered["p"], dtype=np.int64)
    periods = np.array(rendered["k"])
    starts = np.fromiter(map(micros.__getitem__, rendered["s"]), np.int64, count)
    amounts = np.array(rendered["a"], dtype=np.float64)
    blocks = []
    for period in sorted(set(rendered["k"])):
        mask = periods == period
        fields = [
            ("int4", pids[mask]),
            ("text", period),
            ("timestamptz", starts[mask]),
            ("float8", amounts[mask]),
        ]
        blocks.append(pg_binary.rows(fields, int(mask.sum())))
    driver: Any = db.connection().connection.dbapi_connection
    with driver.cursor() as cursor, cursor.copy(_PG_COPY) as copy:
        copy.write(pg_binary.copy_data(*blocks))


_READINGS = cast(Table, ReadingRow.__table__)
_BEFORE = select(func.max(_READINGS.c.ts)).where(
    _READINGS.c.point_id == bindparam("pid"),
    _READINGS.c.ts < bindparam("ts", type_=EpochMicros),
)
_AFTER = select(func.min(_READINGS.c.ts)).where(
    _READINGS.c.point_id == bindparam("pid"),
    _READINGS.c.ts > bindparam("ts", type_=EpochMicros),
)


def _neighbour(db: Session, point_id: int, ts: datetime, *, before: bool) -> datetime | None:
    """The time of the point's reading just before (or after) ``ts``, if any."""
    found = db.execute(_BEFORE if before else _AFTER, {"pid": point_id, "ts": ts}).scalar()
    return cast(datetime | None, found)


#: ts and value as the driver returns them (no per-row type processing; SQLite: integer
#: microseconds, see :func:`_instant`, :func:`_epoch`)
_RAW_SERIES: Select[Any, Any] = (
    select(literal_column("ts"), literal_column("value"))
    .select_from(_READINGS)
    .where(
        _READINGS.c.point_id == bindparam("pid"),
        _READINGS.c.ts >= bindparam("lo", type_=EpochMicros),
        _READINGS.c.ts <= bindparam("hi", type_=EpochMicros),
    )
    .order_by(_READINGS.c.ts)
)


def _instant(value: Any, cache: dict[Any, datetime]) -> datetime:
    """A stored ts as a UTC instant: SQLite gives a reading's integer microseconds
    (:class:`EpochMicros`) or a rollup's text SQLAlchemy wrote (UTC, no offset), PostgreSQL a
    timezone-aware datetime."""
    ts = cache.get(value)
    if ts is None:
        if isinstance(value, int):
            ts = from_epoch_micros(value)
        elif isinstance(value, str):
            ts = datetime.fromisoformat(value).replace(tzinfo=UTC)
        else:
            ts = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        cache[value] = ts
    return ts


def _series(
    db: Session, point_id: int, lo: datetime, hi: datetime, cache: dict[Any, datetime]
) -> list[tuple[datetime, float]]:
    result = db.execute(_RAW_SERIES, {"pid": point_id, "lo": lo, "hi": hi}).all()
    return [(_instant(ts, cache), value) for ts, value in result]


def _epochs(
    db: Session, point_id: int, lo: datetime, hi: datetime, cache: dict[Any, float]
) -> tuple[list[float], list[float]]:
    """Like :func:`_series`, as POSIX times (``datetime.timestamp()``) and values."""
    rows = db.execute(_RAW_SERIES, {"pid": point_id, "lo": lo, "hi": hi}).all()
    return [_epoch(ts, cache) for ts, _ in rows], [value for _, value in rows]


def _epoch(value: Any, cache: dict[Any, float]) -> float:
    """A stored ts as POSIX seconds, the float ``datetime.timestamp()`` gives: on SQLite the
    integer microseconds / 10**6 straight away (int / int: the exact quotient rounded once, as
    ``timestamp()`` computes it; not ``/ 1e6``, which rounds beyond 2**53 µs first), on
    PostgreSQL through the datetime (remembered in ``cache``)."""
    if type(value) is int:
        return value / 1_000_000
    epoch = cache.get(value)
    if epoch is None:
        epoch = cache[value] = _instant(value, {}).timestamp()
    return epoch


def _epochs_of(stamps: Iterable[datetime], cache: dict[Any, float]) -> list[float]:
    """``ts.timestamp()`` of each of ``stamps``, remembered in ``cache`` (a batch's points
    share their time labels)."""
    out = []
    for ts in stamps:
        epoch = cache.get(ts)
        if epoch is None:
            epoch = cache[ts] = ts.timestamp()
        out.append(epoch)
    return out


#: Pending changes of one point: ts (UTC) -> the value it will hold once the batch is written.
Pending = Mapping[datetime, float]


def _near(
    db: Session, point_id: int, ts: datetime, *, before: bool, pending: Sequence[datetime]
) -> datetime | None:
    """:func:`_neighbour` over the stored readings and the batch's ``pending`` (sorted) ones."""
    stored = _neighbour(db, point_id, ts, before=before)
    if before:
        i = bisect_left(pending, ts)
        mine = pending[i - 1] if i else None
    else:
        i = bisect_right(pending, ts)
        mine = pending[i] if i < len(pending) else None
    if stored is None or mine is None:
        return stored or mine
    return max(stored, mine) if before else min(stored, mine)


def _with_pending(
    series: list[tuple[datetime, float]], pending: Pending, lo: datetime, hi: datetime
) -> list[tuple[datetime, float]]:
    """Stored (ts, value) in [lo, hi] as they will be once ``pending`` is written."""
    mine = [(ts, v) for ts, v in pending.items() if lo <= ts <= hi]
    if not mine:
        return series
    merged = dict(series)
    merged.update(mine)
    return sorted(merged.items())


def _point_rollups(
    db: Session,
    point: PointSpec,
    start: datetime,
    end: datetime,
    caches: tuple[dict[Any, datetime], dict[Any, float]],
    pending: Pending | None = None,
    fetched: tuple[list[float], list[float]] | None = None,
) -> tuple[datetime, datetime, list[dict[str, Any]]]:
    """The local days [day_lo, day_hi) a change in [start, end] can affect, and their hour and
    day rows recomputed from the raw readings (``caches``: stored ts -> instant, -> epoch) as
    they will be once ``pending`` (ts -> value, not yet written) is written. ``fetched``: an
    interval point's stored (epochs, values) in its window, read by :func:`_fetch_intervals`."""
    cache, epoch_cache = caches
    pending = pending or {}
    counter = point.kind == "counter"
    order = sorted(pending) if counter else []
    if counter:
        span_lo = _near(db, point.id, start, before=True, pending=order) or start
        span_hi = _near(db, point.id, end, before=False, pending=order) or end
    else:
        span_lo, span_hi = start, end + timedelta(minutes=point.interval_minutes)
    day_lo = period_start(span_lo, "day")
    day_hi = next_period(period_start(span_hi, "day"), "day")
    if counter:
        lo = _near(db, point.id, day_lo, before=True, pending=order) or day_lo
        hi = _near(db, point.id, day_hi, before=False, pending=order) or day_hi
        segs, _ = counter_segments(
            _with_pending(_series(db, point.id, lo, hi, cache), pending, lo, hi),
            multiplier=point.multiplier,
            rollover=point.rollover,
        )
        buckets = fast_buckets(segs)
    else:
        lo = day_lo - timedelta(minutes=point.interval_minutes)
        epochs, values = fetched or _epochs(db, point.id, lo, day_hi, epoch_cache)
        # the batch's readings joined to the stored ones (by the same epoch floats); they all
        # lie in [start, end], inside [lo, day_hi]
        mine = dict(zip(_epochs_of(pending, epoch_cache), pending.values(), strict=True))
        if mine and (not epochs or min(mine) > epochs[-1]):  # appended after the stored
            order_e = sorted(mine)
            epochs = epochs + order_e
            values = values + [mine[e] for e in order_e]
        elif mine:
            merged = dict(zip(epochs, values, strict=True))
            merged.update(mine)
            epochs = sorted(merged)
            values = [merged[e] for e in epochs]
        found = array_buckets(
            epochs, values, minutes=point.interval_minutes, multiplier=point.multiplier
        )
        buckets = found or fast_buckets(  # some reading crosses an hour: the general loop
            _with_pending(_series(db, point.id, lo, day_hi, cache), pending, lo, day_hi),
            minutes=point.interval_minutes,
            multiplier=point.multiplier,
        )
    rows = [
        {"point_id": point.id, "period": period, "start": key, "amount": amount}
        for period, totals in buckets.items()
        for key, amount in totals.items()
        if day_lo <= key < day_hi
    ]
    return day_lo, day_hi, rows


_DELETE_DAYS = delete(ROLLUPS).where(
    ROLLUPS.c.point_id == bindparam("pid"),
    # hour and day rows: as two ranges of the key (``period != 'month'`` would read every
    # rollup row of the point, a year's 9,000 of a 15-minute point, under the write lock)
    text("period IN ('day', 'hour')"),
    ROLLUPS.c.start >= bindparam("lo", type_=UTCDateTime),
    ROLLUPS.c.start < bindparam("hi", type_=UTCDateTime),
)


@dataclass
class Plan:
    """Rollup rows to write: hour and day rows replacing the days ``days`` (point id, [lo, hi)),
    month rows replacing the months ``months``. Computed by :func:`plan` without writing."""

    days: list[dict[str, Any]] = field(default_factory=list)
    #: hour and day rows (:func:`plan_appended`; :func:`plan` renders them without dicts)
    rows: list[dict[str, Any]] = field(default_factory=list)
    months: list[tuple[int, datetime, datetime]] = field(default_factory=list)
    month_rows: list[dict[str, Any]] = field(default_factory=list)
    #: the hour and day rows and the month rows as insert parameters (see :func:`_render`,
    #: :func:`_render_sums`), and how many rows each holds
    rendered: tuple[Any, Any] = (None, None)
    counts: tuple[int, int] = (0, 0)
    #: rows to insert or replace, nothing deleted (:func:`plan_appended`)
    upsert: bool = False


def refresh(*, db_session: Session, point: PointRow, start: datetime, end: datetime) -> None:
    """Recompute the rollups a change of readings in [start, end] can affect."""
    refresh_many(db_session=db_session, spans={point.id: (start, end)}, points={point.id: point})


def refresh_many(
    *,
    db_session: Session,
    spans: Mapping[int, tuple[datetime, datetime]],
    points: Mapping[int, PointSpec],
) -> None:
    """:func:`refresh` of several points (``spans``: point id -> changed [start, end]) with one
    delete and one insert of hour and day rows for the whole batch."""
    db_session.flush()
    write(db_session=db_session, plan=plan(db_session=db_session, spans=spans, points=points))


def plan(
    *,
    db_session: Session,
    spans: Mapping[int, tuple[datetime, datetime]],
    points: Mapping[int, PointSpec],
    pending: Mapping[int, Pending] | None = None,
) -> Plan:
    """The rollups of :func:`refresh_many`, computed from the stored readings as they will be
    once ``pending`` (point id -> ts -> value) is written, without writing anything: ingestion
    computes them before it takes SQLite's write lock. The same computation as a rebuild, so
    the numbers are identical.

    The sums are taken on local hour and day indexes (:func:`.buckets.counter_sums`,
    :func:`.buckets.interval_sums`: numpy, the floats of the general loop) and the rows
    rendered from the indexes, each distinct hour's text once; a point with a reading or a
    counter segment that crosses an hour takes the general loop (:func:`_point_rollups`)."""
    db = db_session
    caches: tuple[dict[Any, datetime], dict[Any, float]] = ({}, {})
    out = Plan()
    pending = pending or {}
    fetched = _fetch_intervals(db, spans, points, caches[1])
    found: list[tuple[int, int, int, IndexSums]] = []
    shared: dict[str, Any] = {}
    for pid, (start, end) in sorted(spans.items()):
        point = points[pid]
        mine = _pending_arrays(pending.get(pid), caches[1], shared)
        if point.kind == "counter":
            day_lo, day_hi, sums = _counter_point(db, point, start, end, mine, caches[1])
        else:
            day_lo, day_hi, sums = _interval_point(
                db, point, start, end, mine, fetched.get(pid), caches[1]
            )
        if sums is None:  # some reading crosses an hour: the general loop
            day_lo, day_hi, rows = _point_rollups(
                db, point, start, end, caches, pending.get(pid), fetched.get(pid)
            )
            sums = _index_rows(rows)
        out.days.append({"pid": pid, "lo": day_lo, "hi": day_hi})
        found.append((pid, _day_index(day_lo), _day_index(day_hi), _within(sums, day_lo, day_hi)))
    if not out.days:
        return out
    out.months = [
        (
            r["pid"],
            period_start(r["lo"], "month"),
            next_period(period_start(r["hi"] - timedelta(seconds=1), "month"), "month"),
        )
        for r in out.days
    ]
    months = _month_sums(db, out.months, found)
    dialect = db.get_bind().dialect.name
    out.counts = (sum(len(s[0]) + len(s[2]) for *_, s in found), len(months))
    out.rendered = (_render_sums(dialect, found), _render_months(dialect, months))
    return out


#: A batch's pending readings of one point: POSIX times (ascending), values, and the instants
#: they came from, in the same order
_Mine = tuple[np.ndarray, np.ndarray, list[datetime]]


def _pending_arrays(
    pending: Pending | None, cache: dict[Any, float], shared: dict[str, Any]
) -> _Mine:
    """``pending`` (ts -> value) as :data:`_Mine`. A batch's points mostly share their time
    labels, in the same order: when they equal the previous point's (``shared``; one C loop,
    identity first) its epochs and order are taken again, else ``cache`` converts each."""
    if not pending:
        return np.empty(0), np.empty(0), []
    stamps = list(pending)
    values = np.array(list(pending.values()), dtype=np.float64)
    if stamps == shared.get("stamps"):
        epochs, order, ordered = shared["epochs"], shared["order"], shared["ordered"]
    else:
        epochs = np.array(_epochs_of(stamps, cache), dtype=np.float64)
        order, ordered = None, stamps
        if len(epochs) > 1 and not bool(np.all(epochs[1:] > epochs[:-1])):
            order = np.argsort(epochs, kind="stable")
            epochs = epochs[order]
            ordered = [stamps[i] for i in order.tolist()]
        shared.update(stamps=stamps, epochs=epochs, order=order, ordered=ordered)
    return epochs, values if order is None else values[order], ordered


def _near_mine(
    db: Session, point_id: int, ts: datetime, *, before: bool, mine: _Mine
) -> datetime | None:
    """:func:`_near` with the batch's readings as :data:`_Mine`."""
    stored = _neighbour(db, point_id, ts, before=before)
    epochs, _, stamps = mine
    if before:
        i = int(np.searchsorted(epochs, ts.timestamp(), side="left"))
        found = stamps[i - 1] if i else None
    else:
        i = int(np.searchsorted(epochs, ts.timestamp(), side="right"))
        found = stamps[i] if i < len(stamps) else None
    if stored is None or found is None:
        return stored or found
    return max(stored, found) if before else min(stored, found)


def _joined_series(
    stored: tuple[list[float], list[float]], mine: _Mine, lo: datetime, hi: datetime
) -> tuple[np.ndarray, np.ndarray]:
    """Stored (epochs, values) in [lo, hi] as they will be once the batch's readings in
    [lo, hi] are written (one value per instant, the batch's replacing the stored)."""
    epochs, values = mine[0], mine[1]
    if len(epochs) and (epochs[0] < lo.timestamp() or epochs[-1] > hi.timestamp()):
        keep = (epochs >= lo.timestamp()) & (epochs <= hi.timestamp())
        epochs, values = epochs[keep], values[keep]
    old_e, old_v = stored
    if not len(epochs):
        return np.array(old_e, dtype=np.float64), np.array(old_v, dtype=np.float64)
    if not old_e or epochs[0] > old_e[-1]:  # appended after the stored
        return np.concatenate((old_e, epochs)), np.concatenate((old_v, values))
    if epochs[-1] < old_e[0]:
        return np.concatenate((epochs, old_e)), np.concatenate((values, old_v))
    merged = dict(zip(old_e, old_v, strict=True))
    merged.update(zip(epochs.tolist(), values.tolist(), strict=True))
    order = sorted(merged)
    return np.array(order, dtype=np.float64), np.array([merged[e] for e in order], np.float64)


def _counter_point(
    db: Session,
    point: PointSpec,
    start: datetime,
    end: datetime,
    mine: _Mine,
    cache: dict[Any, float],
) -> tuple[datetime, datetime, IndexSums | None]:
    """The days [day_lo, day_hi) a change in [start, end] of a counter can affect (from the
    reading before the change to the reading after it) and their sums on indexes, from the
    readings of [reading before day_lo, reading after day_hi] (None: a segment crosses an
    hour)."""
    span_lo = _near_mine(db, point.id, start, before=True, mine=mine) or start
    span_hi = _near_mine(db, point.id, end, before=False, mine=mine) or end
    day_lo = period_start(span_lo, "day")
    day_hi = next_period(period_start(span_hi, "day"), "day")
    lo = _near_mine(db, point.id, day_lo, before=True, mine=mine) or day_lo
    hi = _near_mine(db, point.id, day_hi, before=False, mine=mine) or day_hi
    epochs, values = _joined_series(_epochs(db, point.id, lo, hi, cache), mine, lo, hi)
    sums = counter_sums(epochs, values, multiplier=point.multiplier, rollover=point.rollover)
    return day_lo, day_hi, sums


def _interval_point(
    db: Session,
    point: PointSpec,
    start: datetime,
    end: datetime,
    mine: _Mine,
    fetched: tuple[list[float], list[float]] | None,
    cache: dict[Any, float],
) -> tuple[datetime, datetime, IndexSums | None]:
    """:func:`_counter_point` of an interval point: the days of [start, end + its interval),
    from the readings of [day_lo - interval, day_hi] (``fetched``: read by
    :func:`_fetch_intervals`)."""
    step = timedelta(minutes=point.interval_minutes)
    day_lo = period_start(start, "day")
    day_hi = next_period(period_start(end + step, "day"), "day")
    lo = day_lo - step
    stored = fetched or _epochs(db, point.id, lo, day_hi, cache)
    epochs, values = _joined_series(stored, mine, lo, day_hi)
    found = interval_sums(
        epochs, values, minutes=point.interval_minutes, multiplier=point.multiplier
    )
    return day_lo, day_hi, found


def _day_index(ts: datetime) -> int:
    """The local day index of a local day's start (a UTC instant)."""
    return int(ts.timestamp() + SHIFT) // 86400


def _index_rows(rows: list[dict[str, Any]]) -> IndexSums:
    """Hour and day rows of :func:`_point_rollups` (ascending starts) as :data:`IndexSums`."""
    out: IndexSums = ([], [], [], [])
    for r in rows:
        hour = r["period"] == "hour"
        size = 3600 if hour else 86400
        keys, sums = (out[0], out[1]) if hour else (out[2], out[3])
        keys.append(int(r["start"].timestamp() + SHIFT) // size)
        sums.append(r["amount"])
    return out


def _within(sums: IndexSums, day_lo: datetime, day_hi: datetime) -> IndexSums:
    """The hours and days of ``sums`` in the local days [day_lo, day_hi)."""
    lo, hi = _day_index(day_lo), _day_index(day_hi)
    hours, hour_sums, days, day_sums = sums
    a, b = bisect_left(hours, lo * 24), bisect_left(hours, hi * 24)
    c, d = bisect_left(days, lo), bisect_left(days, hi)
    if (a, b, c, d) == (0, len(hours), 0, len(days)):
        return sums
    return hours[a:b], hour_sums[a:b], days[c:d], day_sums[c:d]


@lru_cache(maxsize=1 << 12)
def _month_of_day(day: int) -> datetime:
    """The start (UTC instant) of the local month of local day index ``day``."""
    return period_start(datetime.fromtimestamp(day * 86400 - SHIFT, UTC), "month")


def _month_sums(
    db: Session,
    months: list[tuple[int, datetime, datetime]],
    found: list[tuple[int, int, int, IndexSums]],
) -> list[tuple[int, datetime, float]]:
    """Month rows (point id, start, amount) = Σ day rows of the month (fsum), for each (point
    id, [lo, hi)) of ``months`` (month starts): the stored days, except those of the replaced
    days [day_lo, day_hi) of ``found``, whose new day sums replace them; one select."""
    wanted = {pid: (_day_index(lo), _day_index(hi)) for pid, lo, hi in months}
    replaced = {pid: (lo, hi) for pid, lo, hi, _ in found}
    stored = db.execute(
        _MONTH_DAYS,
        {
            "pids": sorted(wanted),
            "lo": min(lo for _, lo, _ in months),
            "hi": max(hi for _, _, hi in months),
        },
    ).all()
    per_month: dict[tuple[int, datetime], list[float]] = {}
    for pid, start, amount in stored:
        day = _day_index(start)
        lo, hi = wanted[pid]
        day_lo, day_hi = replaced[pid]
        if lo <= day < hi and not day_lo <= day < day_hi:
            per_month.setdefault((pid, _month_of_day(day)), []).append(amount)
    for pid, _, _, (_, _, days, day_sums) in found:
        for day, amount in zip(days, day_sums, strict=True):
            per_month.setdefault((pid, _month_of_day(day)), []).append(amount)
    return [(pid, m, math.fsum(v)) for (pid, m), v in sorted(per_month.items())]


@lru_cache(maxsize=1 << 14)
def _start_text(dialect: str, epoch: int) -> Any:
    """A rollup row's start (a whole POSIX second) as its insert parameter: on SQLite the
    stored text (:func:`sqlite_text`), on PostgreSQL an ISO 8601 :func:`pg_array` item,
    else the instant."""
    ts = datetime.fromtimestamp(epoch, UTC)
    if dialect == "sqlite":
        return sqlite_text(ts)
    return ts.isoformat() if dialect == "postgresql" else ts


def _render_sums(dialect: str, found: list[tuple[int, int, int, IndexSums]]) -> Any:
    """The hour and day rows of ``found`` as the parameters of :func:`_run` (SQLite: their
    values one after another, width 4; PostgreSQL: four columns; else row dicts)."""
    pids: list[int] = []
    periods: list[str] = []
    starts: list[Any] = []
    amounts: list[float] = []
    # the points of a batch mostly share their hours and days: their texts are taken again
    # when the keys equal the previous point's (one C loop)
    texts: dict[str, tuple[list[int], list[Any]]] = {}
    for pid, _, _, (hours, hour_sums, days, day_sums) in found:
        for period, size, keys, sums in (
            ("hour", 3600, hours, hour_sums),
            ("day", 86400, days, day_sums),
        ):
            last = texts.get(period)
            if last is None or last[0] != keys:
                last = texts[period] = (
                    keys,
                    [_start_text(dialect, k * size - SHIFT) for k in keys],
                )
            pids += [pid] * len(keys)
            periods += [period] * len(keys)
            starts += last[1]
            amounts += sums
    return _columns(dialect, pids, periods, starts, amounts)


def _render_months(dialect: str, months: list[tuple[int, datetime, float]]) -> Any:
    """Month rows (point id, start, amount) as :func:`_render_sums` renders rows."""
    return _columns(
        dialect,
        [pid for pid, _, _ in months],
        ["month"] * len(months),
        [_start_text(dialect, int(m.timestamp())) for _, m, _ in months],
        [amount for *_, amount in months],
    )


def _columns(
    dialect: str, pids: list[int], periods: list[str], starts: list[Any], amounts: list[float]
) -> Any:
    if dialect == "sqlite":
        flat: list[Any] = [None] * (4 * len(pids))
        flat[0::4], flat[1::4], flat[2::4], flat[3::4] = pids, periods, starts, amounts
        return flat
    if dialect == "postgresql":
        return {"p": pids, "k": periods, "s": starts, "a": amounts}
    rows = zip(pids, periods, starts, amounts, strict=True)
    return [{"point_id": p, "period": k, "start": s, "amount": a} for p, k, s, a in rows]


_RAW_MANY: Select[Any, Any, Any] = (
    select(literal_column("point_id"), literal_column("ts"), literal_column("value"))
    .select_from(_READINGS)
    .where(
        _READINGS.c.point_id.in_(bindparam("pids", expanding=True)),
        _READINGS.c.ts >= bindparam("lo", type_=EpochMicros),
        _READINGS.c.ts <= bindparam("hi", type_=EpochMicros),
    )
    .order_by(_READINGS.c.point_id, _READINGS.c.ts)
)


def _fetch_intervals(
    db: Session,
    spans: Mapping[int, tuple[datetime, datetime]],
    points: Mapping[int, PointSpec],
    cache: dict[Any, float],
) -> dict[int, tuple[list[float], list[float]]]:
    """The stored (epochs, values) of the interval points of ``spans`` over the windows
    :func:`_point_rollups` reads, in one query when the windows overlap (a gateway's package:
    ten points, the same day), instead of one per point. Empty when they lie far apart."""
    windows: dict[int, tuple[datetime, datetime]] = {}
    for pid, (start, end) in spans.items():
        point = points[pid]
        if point.kind == "counter":
            continue
        step = timedelta(minutes=point.interval_minutes)
        day_lo = period_start(start, "day")
        windows[pid] = (day_lo - step, next_period(period_start(end + step, "day"), "day"))
    if len(windows) < 2:
        return {}
    lo = min(a for a, _ in windows.values())
    hi = max(b for _, b in windows.values())
    if hi - lo > 2 * max(b - a for a, b in windows.values()):
        return {}
    out: dict[int, tuple[list[float], list[float]]] = {pid: ([], []) for pid in windows}
    bounds = {pid: (a.timestamp(), b.timestamp()) for pid, (a, b) in windows.items()}
    for pid, ts, value in db.execute(_RAW_MANY, {"pids": sorted(windows), "lo": lo, "hi": hi}):
        epoch = ts / 1_000_000 if type(ts) is int else _epoch(ts, cache)  # SQLite: EpochMicros
        a, b = bounds[pid]
        if a <= epoch <= b:
            out[pid][0].append(epoch)
            out[pid][1].append(value)
    return out


def write(*, db_session: Session, plan: Plan) -> None:
    """Replace the rollups of ``plan``: one delete and one insert each for days and months
    (an appended plan: one upsert each, nothing deleted)."""
    if plan.upsert:  # hours and days, then months: one statement
        pairs = zip(plan.counts, plan.rendered, strict=True)
        parts = [rendered for count, rendered in pairs if count]
        if parts:
            rendered = parts[0] if len(parts) == 1 else _joined(*parts)
            joint: list[Any] | None = db_session.info.get(_UPSERTS_KEY)
            if joint is not None:  # a group's joint statement (see flush_upserts)
                joint.append(rendered)
            else:
                _upsert(db_session, rendered)
        return
    if not plan.days:
        return
    db_session.execute(_DELETE_DAYS, plan.days)
    if plan.counts[0]:
        _run(db_session, plan.rendered[0])
    db_session.execute(
        _DELETE_MONTHS, [{"pid": pid, "lo": lo, "hi": hi} for pid, lo, hi in plan.months]
    )
    if plan.counts[1]:
        _run(db_session, plan.rendered[1])


_MONTH_DAYS = (
    select(ROLLUPS.c.point_id, ROLLUPS.c.start, ROLLUPS.c.amount)
    .where(
        ROLLUPS.c.point_id.in_(bindparam("pids", expanding=True)),
        ROLLUPS.c.period == "day",
        ROLLUPS.c.start >= bindparam("lo", type_=UTCDateTime),
        ROLLUPS.c.start < bindparam("hi", type_=UTCDateTime),
    )
    .order_by(ROLLUPS.c.point_id, ROLLUPS.c.start)
)
_DELETE_MONTHS = delete(ROLLUPS).where(
    ROLLUPS.c.point_id == bindparam("pid"),
    ROLLUPS.c.period == "month",
    ROLLUPS.c.start >= bindparam("lo", type_=UTCDateTime),
    ROLLUPS.c.start < bindparam("hi", type_=UTCDateTime),
)


def rebuild(*, db_session: Session, point: PointRow) -> int:
    """Drop and recompute every rollup of ``point`` from its raw readings; returns row count."""
    db_session.execute(delete(RollupRow).where(RollupRow.point_id == point.id))
    bounds = db_session.execute(
        select(func.min(ReadingRow.ts), func.max(ReadingRow.ts)).where(
            ReadingRow.point_id == point.id
        )
    ).one()
    if bounds[0] is None:
        return 0
    refresh(db_session=db_session, point=point, start=bounds[0], end=bounds[1])
    return int(
        db_session.scalar(
            select(func.count()).select_from(RollupRow).where(RollupRow.point_id == point.id)
        )
        or 0
    )


# --- appended readings: the stored rollup rows plus the batch's pieces ------------------------
#
# A rebuild adds, for every hour and day, the pieces of the point's segments into a sum that
# starts at 0.0, in time order (:func:`.buckets.fast_buckets`; numpy's ``bincount`` the same).
# When every reading of a batch lies after the point's last stored reading, each of the
# batch's segments comes after every stored segment in that order, so the rebuilt sum of an
# hour or day is the stored sum plus the batch's pieces, added one by one in time order: the
# same floats. Months are the ``fsum`` of their days, recomputed from the stored day rows.
# :func:`plan_appended` does that for a gateway's package instead of re-reading and
# recomputing whole days; anything else (a reading at or before the last stored one, a
# correction) goes through :func:`plan`.


def last_readings(db: Session, pids: Sequence[int]) -> dict[int, tuple[datetime, float]]:
    """The last stored reading (ts, value) of each point of ``pids`` that has one: one query,
    one index probe per point."""
    if not pids:
        return {}
    fetched = db.info.get(_LAST_KEY)
    if fetched is not None and fetched[0].issuperset(pids):  # read for the whole group
        return {pid: fetched[1][pid] for pid in pids if pid in fetched[1]}
    cache: dict[Any, datetime] = {}
    dialect = db.get_bind().dialect.name
    if dialect == "sqlite":  # through the driver (see _SQLITE_STORED); ts: integer µs
        found = sqlite_driver(db).execute(_last_of_sqlite(len(pids)), tuple(pids)).fetchall()
    elif dialect == "postgresql":
        found = db.connection().exec_driver_sql(_PG_LAST, {"pids": pg_array(map(str, pids))}).all()
    else:
        params = {f"p{i}": pid for i, pid in enumerate(pids)}
        found = db.execute(_last_of(len(pids)), params).all()
    return {pid: (_instant(ts, cache), value) for pid, ts, value in found}


@lru_cache(maxsize=64)
def _last_of_sqlite(count: int) -> str:
    """:func:`_last_of` in the driver's ``?`` style (built once per count)."""
    return " UNION ALL ".join(_LAST_PART.format(f"last{i}") for i in range(count))


_LAST_PART = (
    "SELECT * FROM (SELECT point_id, ts, value FROM mon_readings WHERE point_id = ? "
    "ORDER BY ts DESC LIMIT 1) AS {}"
)


#: :func:`_last_of` on PostgreSQL, through the driver: the ids as one array, so one SQL text
#: for any number of points (psycopg prepares it after a few runs); per point the same probe,
#: the last row of the (point_id, ts) index
_PG_LAST = (
    "SELECT last.point_id, last.ts, last.value FROM unnest(CAST(%(pids)s AS integer[])) AS p(id) "
    "CROSS JOIN LATERAL (SELECT point_id, ts, value FROM mon_readings WHERE point_id = p.id "
    "ORDER BY ts DESC LIMIT 1) AS last"
)


@lru_cache(maxsize=64)
def _last_of(count: int) -> TextClause:
    """The query of :func:`last_readings` for ``count`` points (built once per count)."""
    return text(
        " UNION ALL ".join(
            f"SELECT * FROM (SELECT point_id, ts, value FROM mon_readings WHERE point_id = :p{i} "
            f"ORDER BY ts DESC LIMIT 1) AS last{i}"
            for i in range(count)
        )
    )


def _pieces(
    point: PointSpec, segments: Sequence[Segment], shift: int
) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    """The (local hour index, amount) and (local day index, amount) pieces of ``segments``, in
    the order :func:`.buckets.fast_buckets` adds them."""
    hours: list[tuple[int, float]] = []
    days: list[tuple[int, float]] = []
    for seg in segments:
        s = seg.start.timestamp() + shift
        e = seg.end.timestamp() + shift
        h = int(s // 3600)
        if e <= (h + 1) * 3600:
            hours.append((h, seg.amount))
            days.append((h // 24, seg.amount))
            continue
        for size, out in ((3600, hours), (86400, days)):
            for key, piece in bucket([seg], "hour" if size == 3600 else "day").items():
                out.append((int(key.timestamp() + shift) // size, piece))
    return hours, days


_STORED_ROWS = (
    select(ROLLUPS.c.point_id, ROLLUPS.c.period, ROLLUPS.c.start, ROLLUPS.c.amount)
    .where(
        ROLLUPS.c.point_id.in_(bindparam("pids", expanding=True)),
        ROLLUPS.c.period == bindparam("period"),
        ROLLUPS.c.start >= bindparam("lo", type_=UTCDateTime),
        ROLLUPS.c.start < bindparam("hi", type_=UTCDateTime),
    )
    .order_by(ROLLUPS.c.point_id, ROLLUPS.c.start)
)


def _stored_of(period: str, suffix: str) -> Select[Any]:
    return select(ROLLUPS.c.point_id, ROLLUPS.c.period, ROLLUPS.c.start, ROLLUPS.c.amount).where(
        ROLLUPS.c.point_id.in_(bindparam(f"pids_{suffix}", expanding=True)),
        ROLLUPS.c.period == period,
        ROLLUPS.c.start >= bindparam(f"lo_{suffix}", type_=UTCDateTime),
        ROLLUPS.c.start < bindparam(f"hi_{suffix}", type_=UTCDateTime),
    )


#: The stored hour rows of some points in [lo_h, hi_h) and their day rows in [lo_d, hi_d): one
#: statement, each part one range of the key per point (built once)
_STORED_HOURS_DAYS = union_all(_stored_of("hour", "h"), _stored_of("day", "d"))


#: :data:`_STORED_HOURS_DAYS` in SQLite's SQL, run through the driver: a gateway's package runs
#: it once, and SQLAlchemy's work per execution (rendering the expanding IN lists, a
#: ``UTCDateTime`` per row) costs more than SQLite's; the times are the text SQLAlchemy wrote
#: (:func:`sqlite_text`), read back as :func:`_instant` reads them
_SQLITE_STORED = " UNION ALL ".join(
    "SELECT point_id, period, start, amount FROM mon_rollups "
    f"WHERE point_id IN ({{0}}) AND period = '{period}' AND start >= ? AND start < ?"
    for period in ("hour", "day")
)


#: :data:`_STORED_HOURS_DAYS` on PostgreSQL, through the driver, the ids as one array (as
#: :data:`_PG_LAST`)
_PG_STORED = " UNION ALL ".join(
    "SELECT point_id, period, start, amount FROM mon_rollups "
    f"WHERE point_id = ANY(CAST(%(pids_{p})s AS integer[])) AND period = '{period}' "
    f"AND start >= %(lo_{p})s AND start < %(hi_{p})s"
    for period, p in (("hour", "h"), ("day", "d"))
)


def _stored_hours_days(db: Session, params: dict[str, Any]) -> list[Any]:
    """The rows of :data:`_STORED_HOURS_DAYS` (point id, period, UTC start, amount)."""
    fetched: _Fetched | None = db.info.get(_STORED_KEY)
    if fetched is not None and fetched.covers(params):  # read for the whole group
        return fetched.rows_for(params)
    dialect = db.get_bind().dialect.name
    if dialect != "sqlite":
        if dialect == "postgresql":
            ids = {key: pg_array(map(str, params[key])) for key in ("pids_h", "pids_d")}
            rows = db.connection().exec_driver_sql(_PG_STORED, {**params, **ids}).all()
        else:
            rows = db.execute(_STORED_HOURS_DAYS, params).all()
        return [(pid, period, start.astimezone(UTC), amount) for pid, period, start, amount in rows]
    pids = params["pids_h"]
    sql = _SQLITE_STORED.format(", ".join("?" * len(pids)))
    bounds = (params["lo_h"], params["hi_h"], params["lo_d"], params["hi_d"])
    lo_h, hi_h, lo_d, hi_d = (sqlite_text(b) for b in bounds)
    args = (*pids, lo_h, hi_h, *params["pids_d"], lo_d, hi_d)
    cache: dict[Any, datetime] = {}
    return [
        (pid, period, _instant(start, cache), amount)
        for pid, period, start, amount in sqlite_driver(db).execute(sql, args)
    ]


def plan_appended(
    *,
    db_session: Session,
    new: Mapping[int, Mapping[datetime, float]],
    points: Mapping[int, PointSpec],
    last: Mapping[int, tuple[datetime, float]] | None = None,
) -> Plan | None:
    """The rollups of inserting ``new`` (point id -> ts -> value, none stored yet) as rows to
    upsert (hours, days, months touched), or None when some point's new readings do not all
    lie after its last stored reading (then :func:`plan` recomputes the days). Reads only."""
    db = db_session
    pids = sorted(pid for pid, values in new.items() if values)
    if not pids:
        return None
    last = last_readings(db, pids) if last is None else last
    shift = int(CST.utcoffset(None).total_seconds())
    hour_pieces: dict[int, list[tuple[int, float]]] = {}
    day_pieces: dict[int, list[tuple[int, float]]] = {}
    for pid in pids:
        point = points[pid]
        series = sorted(new[pid].items())
        before = last.get(pid)
        if before is not None and series[0][0] <= before[0]:
            return None
        if point.kind == "counter":
            segs, _ = counter_segments(
                ([before] if before else []) + series,
                multiplier=point.multiplier,
                rollover=point.rollover,
            )
        else:
            segs = interval_segments(
                series, minutes=point.interval_minutes, multiplier=point.multiplier
            )
        hour_pieces[pid], day_pieces[pid] = _pieces(point, segs, shift)
    hour_keys = [h for pieces in hour_pieces.values() for h, _ in pieces]
    day_keys = [d for pieces in day_pieces.values() for d, _ in pieces]
    out = Plan(upsert=True)
    if not day_keys:  # a counter's first reading: nothing consumed yet
        return out

    def instant(index: int, size: int) -> datetime:
        return datetime.fromtimestamp(index * size - shift, UTC)

    month_lo = period_start(instant(min(day_keys), 86400), "month")
    month_hi = next_period(period_start(instant(max(day_keys), 86400), "month"), "month")
    stored_hours: dict[tuple[int, datetime], float] = {}
    stored_days: dict[tuple[int, datetime], float] = {}
    params = {
        "pids_h": pids,
        "lo_h": instant(min(hour_keys), 3600),
        "hi_h": instant(max(hour_keys) + 1, 3600),
        "pids_d": pids,
        "lo_d": month_lo,
        "hi_d": month_hi,
    }
    for pid, period, start, amount in _stored_hours_days(db, params):
        (stored_hours if period == "hour" else stored_days)[(pid, start)] = amount
    for period, size, pieces_of, stored in (
        ("hour", 3600, hour_pieces, stored_hours),
        ("day", 86400, day_pieces, stored_days),
    ):
        starts: dict[int, datetime] = {}  # the points of a package share their hours, days
        for pid in pids:
            sums: dict[datetime, float] = {}
            for index, piece in pieces_of[pid]:
                key = starts.get(index)
                if key is None:
                    key = starts[index] = instant(index, size)
                sums[key] = sums.get(key, stored.get((pid, key), 0.0)) + piece
            out.rows.extend(
                {"point_id": pid, "period": period, "start": key, "amount": amount}
                for key, amount in sums.items()
            )
            if period == "day":
                stored.update({(pid, key): amount for key, amount in sums.items()})
    # a month's total is the exact sum (fsum: the order of the days does not matter) of its
    # stored days; a package reads a month of days per point, so each day's month is found
    # once, not once per point and row
    months: dict[datetime, datetime] = {}

    def month_of(start: datetime) -> datetime:
        found = months.get(start)
        if found is None:
            found = months[start] = period_start(start, "month")
        return found

    per_month: dict[tuple[int, datetime], list[float]] = {}
    touched = {(r["point_id"], month_of(r["start"])) for r in out.rows}
    for (pid, start), amount in stored_days.items():
        month = (pid, month_of(start))
        if month in touched:
            per_month.setdefault(month, []).append(amount)
    out.month_rows = [
        {"point_id": pid, "period": "month", "start": m, "amount": math.fsum(v)}
        for (pid, m), v in sorted(per_month.items())
    ]
    dialect = db.get_bind().dialect.name
    out.rendered = (_render(dialect, out.rows), _render(dialect, out.month_rows))
    out.counts = (len(out.rows), len(out.month_rows))
    return out


_UPSERT_TAIL = " ON CONFLICT (point_id, period, start) DO UPDATE SET amount = excluded.amount"
_PG_UPSERT = _PG_INSERT + _UPSERT_TAIL


def _joined(first: Any, second: Any) -> Any:
    """Two rendered row sets (see :func:`_render`) as one, in order."""
    if isinstance(first, dict):  # PostgreSQL: arrays of columns
        return {key: [*first[key], *second[key]] for key in first}
    return [*first, *second]


def _upsert(db: Session, rendered: Any) -> None:
    """Insert or replace rendered rollup rows (see :func:`_run`)."""
    dialect = db.get_bind().dialect.name
    if dialect == "sqlite":
        sqlite_driver(db).executemany(_SQLITE_INSERT + _UPSERT_TAIL, rendered)
    elif dialect == "postgresql":
        db.connection().exec_driver_sql(_PG_UPSERT, _pg_rows(rendered))
    else:  # pragma: no cover - the two supported databases above
        raise NotImplementedError(dialect)


# A PostgreSQL group commit's joint statements (``store.service.prefetch``): before its members
# run, the group reads the last readings and the stored hour and day rows of all their points
# in one statement each, and the members read from these (``Session.info``) instead of one
# statement each; their appended rollups are upserted in one statement before the commit.
# The reads are dropped (:func:`forget_fetched`) as soon as the first member starts writing.

#: ``Session.info`` keys: (pids, point id -> last reading); a :class:`_Fetched`; the upserts
#: left to :func:`flush_upserts` (rendered row sets)
_LAST_KEY = transaction_key("carbonpeak.rollups.last")
_STORED_KEY = transaction_key("carbonpeak.rollups.stored")
_UPSERTS_KEY = transaction_key("carbonpeak.rollups.upserts")
#: How far before the group's first reading a point's last reading may lie, and how far the
#: group's readings may spread, for :func:`prefetch` to read stored rows for it
_NEAR = timedelta(days=2)


@dataclass
class _Fetched:
    """The stored hour rows in [lo_h, hi_h) and day rows in [lo_d, hi_d) of points ``pids``."""

    pids: frozenset[int]
    lo_h: datetime
    hi_h: datetime
    lo_d: datetime
    hi_d: datetime
    #: point id -> its rows (point id, period, UTC start, amount)
    by_point: dict[int, list[Any]]

    def covers(self, params: Mapping[str, Any]) -> bool:
        return (
            self.pids.issuperset(params["pids_h"])
            and self.pids.issuperset(params["pids_d"])
            and self.lo_h <= params["lo_h"]
            and params["hi_h"] <= self.hi_h
            and self.lo_d <= params["lo_d"]
            and params["hi_d"] <= self.hi_d
        )

    def rows_for(self, params: Mapping[str, Any]) -> list[Any]:
        """What :data:`_STORED_HOURS_DAYS` returns for ``params`` (within :meth:`covers`)."""
        out: list[Any] = []
        lo_h, hi_h, lo_d, hi_d = params["lo_h"], params["hi_h"], params["lo_d"], params["hi_d"]
        for pid in params["pids_h"]:
            out.extend(
                r for r in self.by_point.get(pid, ()) if r[1] == "hour" and lo_h <= r[2] < hi_h
            )
        for pid in params["pids_d"]:
            out.extend(
                r for r in self.by_point.get(pid, ()) if r[1] == "day" and lo_d <= r[2] < hi_d
            )
        return out


def prefetch(db: Session, pids: Sequence[int], lo: datetime, hi: datetime) -> None:
    """Read for a group (see above) the last readings of ``pids`` and, when the group's
    readings lie within [lo, hi] and that is no longer than ``_NEAR``, the stored hours and
    the days of the months from the earliest of ``lo`` and those last readings to ``hi``, for
    the points whose last reading (if any) is no earlier than ``_NEAR`` before ``lo``; and
    take the group's upserts (:func:`flush_upserts`)."""
    forget_fetched(db)
    last = last_readings(db, pids)
    db.info[_LAST_KEY] = (frozenset(pids), last)
    # (points long silent, or a group spread over days: their members read for themselves)
    near = [pid for pid in pids if pid not in last or last[pid][0] >= lo - _NEAR]
    if near and hi - lo <= _NEAR:
        start = min([lo, *(last[pid][0] for pid in near if pid in last)])
        fetched = _Fetched(
            frozenset(near),
            lo_h=period_start(start, "hour"),
            hi_h=next_period(period_start(hi, "hour"), "hour"),
            lo_d=period_start(start, "month"),
            hi_d=next_period(period_start(hi, "month"), "month"),
            by_point={pid: [] for pid in near},
        )
        params = {
            "pids_h": near,
            "lo_h": fetched.lo_h,
            "hi_h": fetched.hi_h,
            "pids_d": near,
            "lo_d": fetched.lo_d,
            "hi_d": fetched.hi_d,
        }
        for row in _stored_hours_days(db, params):
            fetched.by_point[row[0]].append(row)
        db.info[_STORED_KEY] = fetched
    db.info[_UPSERTS_KEY] = []


def forget_fetched(db: Session) -> None:
    """Drop what :func:`prefetch` read (a member is about to write: it may change it)."""
    db.info.pop(_LAST_KEY, None)
    db.info.pop(_STORED_KEY, None)


def flush_upserts(db: Session) -> None:
    """Run the upserts the group's members left (one statement)."""
    joint: list[dict[str, list[Any]]] | None = db.info.get(_UPSERTS_KEY)
    if joint:
        rendered = {key: [v for part in joint for v in part[key]] for key in joint[0]}
        joint.clear()
        _upsert(db, rendered)
