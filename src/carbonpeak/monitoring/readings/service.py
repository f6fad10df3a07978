"""Readings in the database (the registry is :mod:`.registry`). Keyword-only functions,
session first; nothing here commits: the caller (API, CLI, MQTT subscriber) commits, then
acknowledges.

Every path that stores readings (HTTP, MQTT, files, simulator) calls :func:`ingest` (a payload
with an enterprise) or :func:`ingest_rows` (an operator's rows of any enterprise): both check
with :mod:`carbonpeak.monitoring.ingest` and store with :func:`.store.store`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from carbonpeak.core.errors import NotFound, PermissionDenied
from carbonpeak.monitoring.ingest import (
    check_payload,
    check_rows,
)
from carbonpeak.monitoring.orm import (
    DeadLetterRow,
    PointRow,
    ReadingHistoryRow,
    ReadingRow,
)
from carbonpeak.monitoring.registry import to_point
from carbonpeak.monitoring.store import IngestResult, store

__all__ = ["IngestResult", "ingest", "ingest_rows"]

CHUNK = 500


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
    codes = {i.get("point") for i in items if type(i) is dict}  # JSON objects: the fast path
    if not all(type(i) is dict for i in items):
        codes.update(i.get("point") for i in items if isinstance(i, Mapping))
    return [c for c in codes if isinstance(c, str)]


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
    return store(db_session, batch, rows, actor=actor, source=source, may_correct=may_correct)


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
    return store(db_session, batch, rows, actor=actor, source=source, may_correct=may_correct)


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
