"""Stored rollups (``mon_rollups``): consumption per point and local hour, day and month.

Kept up to date as readings arrive: :func:`refresh` recomputes, from raw readings, every local
day that a changed reading can affect (from the reading before the change to the reading after
it, since a counter delta spans two readings), then the months of those days as the sum of
their days. :func:`rebuild` runs the same computation over all readings of a point, so an
incrementally maintained table and a rebuilt one hold identical numbers.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select, text
from sqlalchemy.orm import Session

from carbonpeak.monitoring.orm import PointRow, ReadingRow, RollupRow
from carbonpeak.monitoring.rollup import (
    bucket,
    counter_segments,
    interval_segments,
    next_period,
    period_start,
)

ROLLUPS = cast(Table, RollupRow.__table__)


_PG_INSERT = text(
    "INSERT INTO mon_rollups (point_id, period, start, amount) "
    "SELECT * FROM unnest(CAST(:p AS integer[]), CAST(:k AS varchar[]), "
    "CAST(:s AS timestamptz[]), CAST(:a AS float8[]))"
)


def _insert_rollups(db: Session, rows: list[dict[str, Any]]) -> None:
    """Insert rollup rows (on PostgreSQL as arrays in one statement)."""
    if db.get_bind().dialect.name != "postgresql":
        db.execute(insert(ROLLUPS), rows)
        return
    db.execute(
        _PG_INSERT,
        {
            "p": [r["point_id"] for r in rows],
            "k": [r["period"] for r in rows],
            "s": [r["start"] for r in rows],
            "a": [r["amount"] for r in rows],
        },
    )


def _neighbour(db: Session, point_id: int, ts: datetime, *, before: bool) -> datetime | None:
    col = ReadingRow.ts
    query = select(func.max(col) if before else func.min(col)).where(
        ReadingRow.point_id == point_id, col < ts if before else col > ts
    )
    return db.scalar(query)


def _series(db: Session, point_id: int, lo: datetime, hi: datetime) -> list[tuple[datetime, float]]:
    query = (
        select(ReadingRow.ts, ReadingRow.value)
        .where(ReadingRow.point_id == point_id, ReadingRow.ts >= lo, ReadingRow.ts <= hi)
        .order_by(ReadingRow.ts)
    )
    return [(ts, value) for ts, value in db.execute(query)]


def refresh(*, db_session: Session, point: PointRow, start: datetime, end: datetime) -> None:
    """Recompute the rollups a change of readings in [start, end] can affect."""
    db = db_session
    db.flush()
    counter = point.kind == "counter"
    span_lo = (_neighbour(db, point.id, start, before=True) if counter else None) or start
    span_hi = (_neighbour(db, point.id, end, before=False) if counter else None) or end
    if not counter:
        span_hi = end + timedelta(minutes=point.interval_minutes)
    day_lo = period_start(span_lo, "day")
    day_hi = next_period(period_start(span_hi, "day"), "day")
    if counter:
        lo = _neighbour(db, point.id, day_lo, before=True) or day_lo
        hi = _neighbour(db, point.id, day_hi, before=False) or day_hi
        segs, _ = counter_segments(
            _series(db, point.id, lo, hi), multiplier=point.multiplier, rollover=point.rollover
        )
    else:
        lo = day_lo - timedelta(minutes=point.interval_minutes)
        segs = interval_segments(
            _series(db, point.id, lo, day_hi),
            minutes=point.interval_minutes,
            multiplier=point.multiplier,
        )
    rows = []
    for period in ("hour", "day"):
        for key, amount in bucket(segs, period).items():
            if day_lo <= key < day_hi:
                rows.append(
                    {"point_id": point.id, "period": period, "start": key, "amount": amount}
                )
    db.execute(
        delete(RollupRow).where(
            RollupRow.point_id == point.id,
            RollupRow.period.in_(("hour", "day")),
            RollupRow.start >= day_lo,
            RollupRow.start < day_hi,
        )
    )
    if rows:
        _insert_rollups(db, rows)
    _months(
        db,
        point.id,
        period_start(day_lo, "month"),
        next_period(period_start(day_hi - timedelta(seconds=1), "month"), "month"),
    )


def _months(db: Session, point_id: int, lo: datetime, hi: datetime) -> None:
    """Month rows = Σ day rows of the month (fsum), for the months in [lo, hi)."""
    days = db.execute(
        select(RollupRow.start, RollupRow.amount)
        .where(
            RollupRow.point_id == point_id,
            RollupRow.period == "day",
            RollupRow.start >= lo,
            RollupRow.start < hi,
        )
        .order_by(RollupRow.start)
    ).all()
    per_month: dict[datetime, list[float]] = {}
    for start, amount in days:
        per_month.setdefault(period_start(start, "month"), []).append(amount)
    db.execute(
        delete(RollupRow).where(
            RollupRow.point_id == point_id,
            RollupRow.period == "month",
            RollupRow.start >= lo,
            RollupRow.start < hi,
        )
    )
    rows = [
        {"point_id": point_id, "period": "month", "start": m, "amount": math.fsum(v)}
        for m, v in sorted(per_month.items())
    ]
    if rows:
        _insert_rollups(db, rows)


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


def totals(
    *, db_session: Session, point_ids: list[int], period: str, start: datetime, end: datetime
) -> list[RollupRow]:
    """Stored rollups of ``point_ids`` for periods starting in [start, end)."""
    if not point_ids:
        return []
    query = select(RollupRow).where(
        RollupRow.point_id.in_(point_ids),
        RollupRow.period == period,
        RollupRow.start >= start,
        RollupRow.start < end,
    )
    return list(db_session.scalars(query.order_by(RollupRow.point_id, RollupRow.start)))
