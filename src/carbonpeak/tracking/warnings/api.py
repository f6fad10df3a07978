"""HTTP API of early warnings (预警): list them; check (and queue the notifications)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from carbonpeak.auth import Principal, Role, current_principal, require_role
from carbonpeak.db.session import Db
from carbonpeak.plan import get_plan
from carbonpeak.tracking.notify import service as notify
from carbonpeak.tracking.warnings import service as alerts

router = APIRouter(tags=["tracking 目标跟踪与考核"])
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


@router.get("/{plan_ref}/warnings", summary="预警 / early warnings")
def get_warnings(
    plan_ref: str, db: Db, unit: str | None = None, include_resolved: bool = False
) -> list[dict[str, Any]]:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    rows = alerts.open_warnings(
        db_session=db, plan_id=plan.id, unit=unit, include_resolved=include_resolved
    )
    return [
        {
            "id": w.id,
            "key": w.key,
            "kind": w.kind,
            "message": w.message,
            "units": [u for u in w.units.split("、") if u],
            "raised_at": w.raised_at,
            "resolved_at": w.resolved_at,
        }
        for w in rows
    ]


@router.post("/{plan_ref}/warnings/check", summary="检查预警并生成通知 / check and queue")
def check_warnings(
    plan_ref: str, db: Db, principal: CurrentPrincipal, as_of: date | None = None
) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    result = alerts.check(
        db_session=db, plan_id=plan.id, as_of=as_of or date.today(), actor=principal.username
    )
    queued = notify.queue_notifications(db_session=db, plan_id=plan.id, as_of=as_of or date.today())
    db.commit()
    return {
        "raised": len(result.raised),
        "resolved": len(result.resolved),
        "queued": len(queued.queued),
        "units_without_contact": sorted(queued.no_contact),
    }
