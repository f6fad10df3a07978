"""Readings in the database (the registry is :mod:`.registry`). Keyword-only functions,
session first; nothing here commits: the caller (API, CLI, MQTT subscriber) commits, then
acknowledges.

Every path that stores readings (HTTP, MQTT, files, simulator) calls :func:`ingest` (a payload
with an enterprise) or :func:`ingest_rows` (an operator's rows of any enterprise): both check
with :mod:`carbonpeak.monitoring.ingest` and store with :func:`_store`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, and_, insert, select, text, tuple_, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session, joinedload

from carbonpeak.audit.service import record
from carbonpeak.core.errors import NotFound, PermissionDenied
from carbonpeak.monitoring import aggregates
from carbonpeak.monitoring.ingest import (
    Batch,
    Rejection,
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
        query = select(ReadingRow.ts, ReadingRow.value).where(
            and_(
                ReadingRow.point_id == pid,
                ReadingRow.ts >= min(stamps),
                ReadingRow.ts <= max(stamps),
            )
        )
        wanted = set(stamps)
        for ts, value in db_session.execute(query):
            if ts in wanted:
                found[(pid, ts)] = value
    return found


#: PostgreSQL: one statement per batch, the columns sent as arrays (far fewer round trips and
#: parameters than a multi-row VALUES list).
_PG_INSERT = text(
    "INSERT INTO mon_readings (point_id, ts, value, received_at, source) "
    "SELECT p, t, v, :received_at, :source "
    "FROM unnest(CAST(:p AS integer[]), CAST(:t AS timestamptz[]), CAST(:v AS float8[])) "
    "AS u(p, t, v) ON CONFLICT DO NOTHING RETURNING point_id, ts"
)


def _insert(db_session: Session, values: list[dict[str, Any]]) -> set[tuple[int, datetime]]:
    """Insert, skipping rows a concurrent writer stored meanwhile; returns the keys inserted."""
    if not values:
        return set()
    inserted: set[tuple[int, datetime]] = set()
    dialect = db_session.get_bind().dialect.name
    if dialect == "postgresql":
        for i in range(0, len(values), 20_000):
            part = values[i : i + 20_000]
            result = db_session.execute(
                _PG_INSERT,
                {
                    "p": [v["point_id"] for v in part],
                    "t": [v["ts"] for v in part],
                    "v": [v["value"] for v in part],
                    "received_at": part[0]["received_at"],
                    "source": part[0]["source"],
                },
            )
            inserted.update((pid, ts.astimezone(UTC)) for pid, ts in result.all())
        return inserted
    table = cast(Table, ReadingRow.__table__)
    stmt: Any = sqlite.insert(table) if dialect == "sqlite" else insert(table)
    if dialect == "sqlite":
        stmt = stmt.on_conflict_do_nothing()
    stmt = stmt.returning(table.c.point_id, table.c.ts)
    for i in range(0, len(values), 5000):
        result = db_session.execute(stmt, values[i : i + 5000])
        inserted.update((pid, ts) for pid, ts in result.all())
    return inserted


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
    keyed = [((ids[r.reading.point], r.reading.ts), r) for r in batch.rows]
    existing = _existing(db_session, [k for k, _ in keyed])
    now = datetime.now(UTC)
    new: list[dict[str, Any]] = []
    touched: dict[int, list[datetime]] = {}
    for key, row in keyed:
        stored = existing.get(key)
        if stored is None:
            new.append(
                {
                    "point_id": key[0],
                    "ts": key[1],
                    "value": row.reading.value,
                    "received_at": now,
                    "source": source,
                }
            )
            continue
        if stored == row.reading.value:
            result.duplicates += 1
        elif row.correction is None:
            result.rejected.append(
                Rejection(
                    row.index,
                    conflict_message(row.reading.point, key[1], stored, row.reading.value),
                )
            )
        elif not may_correct:
            result.rejected.append(
                Rejection(row.index, "无权更正 / not authorised to send corrections")
            )
        else:
            _correct(
                db_session, key, stored, row.reading.value, row.correction, actor, row.reading.point
            )
            result.accepted += 1
            result.corrected += 1
            touched.setdefault(key[0], []).append(key[1])
    inserted = _insert(db_session, new)
    result.accepted += len(inserted)
    for value in new:
        key = (value["point_id"], value["ts"])
        if key in inserted:
            touched.setdefault(key[0], []).append(key[1])
    lost = [v for v in new if (v["point_id"], v["ts"]) not in inserted]
    if lost:  # stored by a concurrent writer between our check and our insert
        again = _existing(db_session, [(v["point_id"], v["ts"]) for v in lost])
        index = {(ids[r.reading.point], r.reading.ts): r for r in batch.rows}
        for v in lost:
            key = (v["point_id"], v["ts"])
            if again.get(key) == v["value"]:
                result.duplicates += 1
            else:
                r = index[key]
                msg = conflict_message(
                    r.reading.point, key[1], again.get(key, float("nan")), v["value"]
                )
                result.rejected.append(Rejection(r.index, msg))
    result.rejected.sort(key=lambda r: r.index)
    by_id = {r.id: r for r in rows.values()}
    for pid, stamps in touched.items():
        aggregates.refresh(
            db_session=db_session, point=by_id[pid], start=min(stamps), end=max(stamps)
        )
    return result


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
