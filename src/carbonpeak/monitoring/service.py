"""Readings in the database (the registry is :mod:`.registry`). Keyword-only functions,
session first; nothing here commits: the caller (API, CLI, MQTT subscriber) commits, then
acknowledges.

Every path that stores readings (HTTP, MQTT, files, simulator) calls :func:`ingest` (a payload
with an enterprise) or :func:`ingest_rows` (an operator's rows of any enterprise): both check
with :mod:`carbonpeak.monitoring.ingest` and store with :func:`_store`.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, text, tuple_, update
from sqlalchemy.orm import Session, joinedload

from carbonpeak.audit.service import record
from carbonpeak.core.errors import NotFound, PermissionDenied
from carbonpeak.db.types import UTCDateTime
from carbonpeak.monitoring import aggregates
from carbonpeak.monitoring.ingest import (
    Batch,
    Rejection,
    Row,
    check_payload,
    check_rows,
    conflict_message,
)
from carbonpeak.monitoring.orm import (
    DeadLetterRow,
    PointRow,
    ReadingHistoryRow,
    ReadingRow,
)
from carbonpeak.monitoring.registry import to_point

CHUNK = 500


_gc_lock = threading.Lock()
_gc_holders = 0
_gc_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large batch is handled.

    A batch of 10,000 readings is some 50,000 short-lived containers; each few hundred
    allocations the collector would rescan them all (a third of the ingest time, measured by
    ``benchmarks/ingest.py``). Reference counting still frees them as usual; only cycles wait
    for the collector, which resumes when the last concurrent batch is done (a counter, so
    overlapping requests in the server's threads do not re-enable it early)."""
    global _gc_holders, _gc_was_enabled
    with _gc_lock:
        if _gc_holders == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_holders += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holders -= 1
            if _gc_holders == 0 and _gc_was_enabled:
                gc.enable()


@dataclass
class IngestResult:
    """The reply: accepted (stored, incl. corrections), duplicates, rejected rows."""

    accepted: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    corrected: int = 0

    def reply(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "duplicates": self.duplicates,
            "rejected": [{"index": r.index, "error": r.error} for r in self.rejected],
        }


def _points_by_code(db_session: Session, codes: Iterable[str]) -> dict[str, PointRow]:
    wanted = sorted({c.strip() for c in codes if isinstance(c, str)})
    found: dict[str, PointRow] = {}
    for i in range(0, len(wanted), CHUNK):
        query = (
            select(PointRow)
            .options(joinedload(PointRow.enterprise))
            .where(PointRow.code.in_(wanted[i : i + CHUNK]))
        )
        found.update({p.code: p for p in db_session.scalars(query)})
    return found


def _codes_of(items: Sequence[Any]) -> list[str]:
    return [i["point"] for i in items if isinstance(i, Mapping) and isinstance(i.get("point"), str)]


def ingest(
    *,
    db_session: Session,
    payload: Any,
    actor: str,
    source: str,
    enterprise_scope: str | None,
    may_correct: bool = True,
    now: datetime | None = None,
) -> IngestResult:
    """Check and store a payload ``{"enterprise", "readings"}``.

    ``enterprise_scope`` is the enterprise the caller may write for (an enterprise token), or
    None for an operator who may write for any. Writing for another enterprise, or sending its
    points, raises :class:`PermissionDenied` (nothing is stored).
    """
    items = payload.get("readings") if isinstance(payload, Mapping) else None
    rows = _points_by_code(db_session, _codes_of(items) if isinstance(items, list) else [])
    batch = check_payload(payload, points={c: to_point(r) for c, r in rows.items()}, now=now)
    if enterprise_scope is not None and batch.enterprise != enterprise_scope:
        raise PermissionDenied(
            f"令牌只能报送本企业 {enterprise_scope} 的数据 / this token may only write for "
            f"enterprise {enterprise_scope}, not {batch.enterprise}"
        )
    if batch.foreign_points:
        listed = ", ".join(batch.foreign_points[:10])
        raise PermissionDenied(
            f"计量点不属于企业 {batch.enterprise}: {listed} / points not of enterprise "
            f"{batch.enterprise}: {listed}"
        )
    return _store(db_session, batch, rows, actor=actor, source=source, may_correct=may_correct)


def ingest_rows(
    *,
    db_session: Session,
    items: Sequence[Any],
    actor: str,
    source: str,
    may_correct: bool = True,
    now: datetime | None = None,
) -> IngestResult:
    """Check and store an operator's rows (points of any enterprise): files, the simulator."""
    rows = _points_by_code(db_session, _codes_of(items))
    points = {c: to_point(r) for c, r in rows.items()}
    batch = check_rows(items, points=points, enterprise=None, now=now)
    return _store(db_session, batch, rows, actor=actor, source=source, may_correct=may_correct)


def _existing(
    db_session: Session, keys: Sequence[tuple[int, datetime]]
) -> dict[tuple[int, datetime], float]:
    found: dict[tuple[int, datetime], float] = {}
    by_point: dict[int, list[datetime]] = {}
    for pid, ts in keys:
        by_point.setdefault(pid, []).append(ts)
    for pid, stamps in by_point.items():
        params = {"pid": pid, "lo": min(stamps), "hi": max(stamps)}
        wanted = set(stamps)
        for ts, value in db_session.execute(_STORED, params):
            if ts in wanted:
                found[(pid, ts)] = value
    return found


_READINGS = cast(Table, ReadingRow.__table__)
#: Stored readings of a point in [lo, hi] (built once: a batch runs it once per point).
_STORED = select(_READINGS.c.ts, _READINGS.c.value).where(
    _READINGS.c.point_id == bindparam("pid"),
    _READINGS.c.ts >= bindparam("lo", type_=UTCDateTime),
    _READINGS.c.ts <= bindparam("hi", type_=UTCDateTime),
)


_POINTS = cast(Table, PointRow.__table__)
_LOCK_POINTS = (
    select(_POINTS.c.id)
    .where(_POINTS.c.id.in_(bindparam("ids", expanding=True)))
    .order_by(_POINTS.c.id)
    .with_for_update()
)

#: PostgreSQL: one statement per batch, the columns sent as arrays (far fewer round trips and
#: parameters than a multi-row VALUES list).
_PG_INSERT = text(
    "INSERT INTO mon_readings (point_id, ts, value, received_at, source) "
    "SELECT p, t, v, :received_at, :source "
    "FROM unnest(CAST(:p AS integer[]), CAST(:t AS timestamptz[]), CAST(:v AS float8[])) "
    "AS u(p, t, v) ON CONFLICT DO NOTHING"
)


SQLITE_BUSY_MS = 60_000
#: SQLite: one executemany through the driver, timestamps written as SQLAlchemy writes them.
_SQLITE_INSERT = (
    "INSERT INTO mon_readings (point_id, ts, value, received_at, source) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
)


def _insert(
    db_session: Session,
    values: list[tuple[int, datetime, float]],
    *,
    received_at: datetime,
    source: str,
) -> int:
    """Insert (point id, ts, value) rows in bulk, skipping rows a concurrent writer stored
    meanwhile (``ON CONFLICT DO NOTHING``); returns how many rows were inserted."""
    if not values:
        return 0
    dialect = db_session.get_bind().dialect.name
    if dialect == "postgresql":
        inserted = 0
        for i in range(0, len(values), 20_000):
            part = values[i : i + 20_000]
            result: Any = db_session.execute(
                _PG_INSERT,
                {
                    "p": [v[0] for v in part],
                    "t": [v[1] for v in part],
                    "v": [v[2] for v in part],
                    "received_at": received_at,
                    "source": source,
                },
            )
            inserted += result.rowcount
        return inserted
    if dialect == "sqlite":
        texts: dict[datetime, str] = {}
        received = aggregates.sqlite_text(received_at)
        params = []
        for pid, ts, value in values:
            stamp = texts.get(ts)
            if stamp is None:
                stamp = texts[ts] = aggregates.sqlite_text(ts)
            params.append((pid, stamp, value, received, source))
        conn = db_session.connection()
        # Writers queue for SQLite's one write lock; a large batch holds it for a fraction of
        # a second, so wait up to a minute rather than the driver's default 5 s (a refusal
        # under load would make the client send the batch again).
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
        result = conn.exec_driver_sql(_SQLITE_INSERT, params)
        return int(result.rowcount)
    # another database: no conflict clause; the check before the insert is all there is
    table = cast(Table, ReadingRow.__table__)
    rows = [
        {"point_id": p, "ts": t, "value": v, "received_at": received_at, "source": source}
        for p, t, v in values
    ]
    return int(db_session.execute(insert(table), rows).rowcount)  # type: ignore[attr-defined]


def _store(
    db_session: Session,
    batch: Batch,
    rows: Mapping[str, PointRow],
    *,
    actor: str,
    source: str,
    may_correct: bool,
) -> IngestResult:
    result = IngestResult(duplicates=batch.duplicates, rejected=list(batch.rejected))
    ids = {code: row.id for code, row in rows.items()}
    if batch.rows and db_session.get_bind().dialect.name == "postgresql":
        # Batches for the same points take turns (row locks on the points, in id order, held
        # to commit), so each one's rollups are recomputed from the readings the other
        # committed. SQLite needs nothing: its one write lock already orders writers.
        wanted = sorted({ids[r.point] for r in batch.rows})
        db_session.execute(_LOCK_POINTS, {"ids": wanted}).all()
    keyed = [((ids[r.point], r.ts), r) for r in batch.rows]
    existing = _existing(db_session, [k for k, _ in keyed])
    now = datetime.now(UTC)
    new: list[tuple[tuple[int, datetime], Row]] = [] if existing else keyed
    touched: dict[int, list[datetime]] = {}
    for key, row in keyed if existing else ():
        stored = existing.get(key)
        if stored is None:
            new.append((key, row))
            continue
        if stored == row.value:
            result.duplicates += 1
        elif row.correction is None:
            result.rejected.append(
                Rejection(
                    row.index,
                    conflict_message(row.point, key[1], stored, row.value),
                )
            )
        elif not may_correct:
            result.rejected.append(
                Rejection(row.index, "无权更正 / not authorised to send corrections")
            )
        else:
            _correct(db_session, key, stored, row.value, row.correction, actor, row.point)
            result.accepted += 1
            result.corrected += 1
            _touch(touched, key)
    inserted = _insert(
        db_session,
        [(key[0], key[1], row.value) for key, row in new],
        received_at=now,
        source=source,
    )
    result.accepted += inserted
    if inserted < len(new):
        # Some rows were stored by a concurrent writer between our check and our insert: a
        # different stored value is a conflict; an equal one is ours or a duplicate (the
        # count of duplicates is what the rows skipped leave after the conflicts).
        again = _existing(db_session, [key for key, _ in new])
        conflicts = 0
        for key, row in new:
            stored = again.get(key)
            if stored == row.value:
                _touch(touched, key)
                continue
            conflicts += 1
            msg = conflict_message(
                row.point,
                key[1],
                float("nan") if stored is None else stored,
                row.value,
            )
            result.rejected.append(Rejection(row.index, msg))
        result.duplicates += len(new) - inserted - conflicts
    else:
        stamps: dict[int, list[datetime]] = {}
        for (pid, ts), _ in new:
            stamps.setdefault(pid, []).append(ts)
        for pid, times in stamps.items():
            for ts in (min(times), max(times)):
                _touch(touched, (pid, ts))
    result.rejected.sort(key=lambda r: r.index)
    by_id = {r.id: r for r in rows.values()}
    aggregates.refresh_many(
        db_session=db_session,
        spans={pid: (stamps[0], stamps[1]) for pid, stamps in touched.items()},
        points=by_id,
    )
    return result


def _touch(touched: dict[int, list[datetime]], key: tuple[int, datetime]) -> None:
    """Widen the changed span [first, last] of point ``key[0]`` to ``key[1]``."""
    span = touched.get(key[0])
    if span is None:
        touched[key[0]] = [key[1], key[1]]
    elif key[1] < span[0]:
        span[0] = key[1]
    elif key[1] > span[1]:
        span[1] = key[1]


def _correct(
    db_session: Session,
    key: tuple[int, datetime],
    old: float,
    new: float,
    reason: str,
    actor: str,
    code: str,
) -> None:
    db_session.execute(
        update(ReadingRow)
        .where(tuple_(ReadingRow.point_id, ReadingRow.ts) == key)
        .values(value=new)
    )
    db_session.add(
        ReadingHistoryRow(
            point_id=key[0],
            ts=key[1],
            old_value=old,
            new_value=new,
            reason=reason,
            changed_by=actor,
        )
    )
    record(
        db_session=db_session,
        actor=actor,
        action="correct",
        entity="mon_reading",
        entity_id=f"{code}@{key[1].isoformat()}",
        before={"value": old},
        after={"value": new, "reason": reason},
    )


def history(*, db_session: Session, point_code: str) -> list[ReadingHistoryRow]:
    point = _points_by_code(db_session, [point_code]).get(point_code)
    if point is None:
        raise NotFound(f"未知计量点 {point_code} / unknown point {point_code}")
    query = select(ReadingHistoryRow).where(ReadingHistoryRow.point_id == point.id)
    return list(db_session.scalars(query.order_by(ReadingHistoryRow.changed_at)))


def point_owner(*, db_session: Session, point_code: str) -> str:
    """The credit code of the enterprise a point belongs to (NotFound for an unknown point)."""
    point = _points_by_code(db_session, [point_code]).get(point_code)
    if point is None:
        raise NotFound(f"未知计量点 {point_code} / unknown point {point_code}")
    return point.enterprise.code


def readings(
    *, db_session: Session, point_code: str, start: datetime, end: datetime
) -> list[ReadingRow]:
    point = _points_by_code(db_session, [point_code]).get(point_code)
    if point is None:
        raise NotFound(f"未知计量点 {point_code} / unknown point {point_code}")
    query = select(ReadingRow).where(
        ReadingRow.point_id == point.id, ReadingRow.ts >= start, ReadingRow.ts < end
    )
    return list(db_session.scalars(query.order_by(ReadingRow.ts)))


def dead_letter(
    *, db_session: Session, source: str, payload: bytes | str, error: str, topic: str = ""
) -> DeadLetterRow:
    """Keep a message that could not be read at all, with the reason."""
    text = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else payload
    row = DeadLetterRow(source=source, topic=topic, payload=text, error=error)
    db_session.add(row)
    return row


def dead_letters(*, db_session: Session, limit: int = 100) -> list[DeadLetterRow]:
    query = select(DeadLetterRow).order_by(DeadLetterRow.id.desc()).limit(limit)
    return list(db_session.scalars(query))
