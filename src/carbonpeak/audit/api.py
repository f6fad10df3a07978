"""HTTP API of the audit log: admins read it; nobody writes it over HTTP."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlalchemy.orm import Session

from carbonpeak.audit import service
from carbonpeak.audit.orm import AuditRow
from carbonpeak.auth.deps import current_principal
from carbonpeak.auth.model import Principal, Role
from carbonpeak.auth.permissions import require_role
from carbonpeak.web.deps import get_db

router = APIRouter(prefix="/audit", tags=["audit"])


class AuditEntryOut(BaseModel):
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: Any
    after: Any

    @classmethod
    def of(cls, row: AuditRow) -> AuditEntryOut:
        return cls(
            id=row.id,
            at=row.at,
            actor=row.actor,
            action=row.action,
            entity=row.entity,
            entity_id=row.entity_id,
            before=json.loads(row.before) if row.before is not None else None,
            after=json.loads(row.after) if row.after is not None else None,
        )


@router.get("", response_model=list[AuditEntryOut])
def list_audit(
    principal: Annotated[Principal, Depends(current_principal)],
    db: Annotated[Session, Depends(get_db)],
    entity: Annotated[str | None, Query(description="e.g. plan_task, auth_user")] = None,
    entity_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=service.MAX_LIMIT)] = 100,
) -> list[AuditEntryOut]:
    """审计日志，最新在前（仅管理员） / the audit log, latest first (admins only)."""
    require_role(principal, Role.ADMIN)
    rows = service.list_entries(db_session=db, entity=entity, entity_id=entity_id, limit=limit)
    return [AuditEntryOut.of(r) for r in rows]
