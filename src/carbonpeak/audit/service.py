"""Write and read the audit log. Services never commit: the caller commits the unit of work."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.audit.orm import AuditRow
from carbonpeak.core.errors import InputError

#: Most entries ``list_entries`` returns at once.
MAX_LIMIT = 1000


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"not JSON-serialisable for the audit log: {type(value).__name__}")


def to_json(value: Mapping[str, Any] | None) -> str | None:
    """JSON text of a value as the audit log stores it (sorted keys, Chinese kept readable)."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_json_default)


def record(
    *,
    db_session: Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | int,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditRow:
    """Add an audit entry to the session (not committed: it commits with the change it records).

    ``before``/``after`` are JSON-serialisable mappings (datetimes, dates, enums, decimals and
    sets are converted); never put secrets (password hashes, tokens) in them.
    """
    row = AuditRow(
        actor=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        before=to_json(before),
        after=to_json(after),
    )
    db_session.add(row)
    return row


def list_entries(
    *,
    db_session: Session,
    entity: str | None = None,
    entity_id: str | int | None = None,
    limit: int = 100,
) -> list[AuditRow]:
    """Latest entries first, optionally only those of one entity (kind, and id)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(
            f"limit 应在 1 到 {MAX_LIMIT} 之间，实为 {limit} / "
            f"limit must be between 1 and {MAX_LIMIT}, got {limit}"
        )
    stmt = select(AuditRow)
    if entity is not None:
        stmt = stmt.where(AuditRow.entity == entity)
    if entity_id is not None:
        stmt = stmt.where(AuditRow.entity_id == str(entity_id))
    stmt = stmt.order_by(AuditRow.id.desc()).limit(limit)
    return list(db_session.scalars(stmt))
