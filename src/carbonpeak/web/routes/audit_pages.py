"""审计日志 Audit log page, for admins: who changed what, when, before and after."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import select

from carbonpeak.audit import MAX_LIMIT, list_entries
from carbonpeak.audit.orm import AuditRow
from carbonpeak.db.api import Db
from carbonpeak.web import audit_names
from carbonpeak.web.session import AdminUser
from carbonpeak.web.templating import render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 100


def _pretty(text: str | None) -> str | None:
    if text is None:
        return None
    return json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True)


@router.get("/audit")
def audit_log(
    request: Request,
    db: Db,
    _admin: AdminUser,
    entity: str = Query("", max_length=60),
    limit: int = Query(PAGE_SIZE, ge=1, le=MAX_LIMIT),
) -> Response:
    rows = list_entries(db_session=db, entity=entity or None, limit=limit)
    entries: list[dict[str, Any]] = [
        {"row": r, "before": _pretty(r.before), "after": _pretty(r.after)} for r in rows
    ]
    entities = sorted(db.scalars(select(AuditRow.entity).distinct()))
    context = {
        "entries": entries,
        "entities": entities,
        "entity": entity,
        "limit": limit,
        "action_names": audit_names.ACTIONS,
        "entity_names": audit_names.ENTITIES,
    }
    return render(request, "audit.html", context)
