"""HTTP API of notifications: check the early warnings and queue what to send, units' contact
addresses and the outbox (admin)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
from carbonpeak.db.api import Db
from carbonpeak.plan import get_plan
from carbonpeak.tracking.notify import service as notify
from carbonpeak.tracking.warnings import service as alerts

router = APIRouter(tags=["tracking 目标跟踪与考核"])
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class CheckOut(BaseModel):
    """Warnings raised and resolved by the check, notifications queued, units with no address."""

    raised: int
    resolved: int
    queued: int
    units_without_contact: list[str]


@router.post("/{plan_ref}/warnings/check", summary="检查预警并生成通知 / check and queue")
def check_warnings(
    plan_ref: str, db: Db, principal: CurrentPrincipal, as_of: date | None = None
) -> CheckOut:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    result = alerts.check(
        db_session=db, plan_id=plan.id, as_of=as_of or date.today(), actor=principal.username
    )
    queued = notify.queue_notifications(db_session=db, plan_id=plan.id, as_of=as_of or date.today())
    db.commit()
    return CheckOut(
        raised=len(result.raised),
        resolved=len(result.resolved),
        queued=len(queued.queued),
        units_without_contact=sorted(queued.no_contact),
    )


class ContactIn(BaseModel):
    unit: str
    email: str


@router.put("/contacts", summary="单位联系邮箱 / a unit's notification address")
def put_contact(body: ContactIn, db: Db, principal: CurrentPrincipal) -> dict[str, str]:
    require_role(principal, Role.ADMIN)
    notify.set_contact(
        db_session=db, unit_name=body.unit, email=body.email, actor=principal.username
    )
    db.commit()
    return {"unit": body.unit, "email": body.email}


class OutboxOut(BaseModel):
    """A notification in the outbox (通知发件箱)."""

    id: int
    kind: str
    unit: str
    recipient: str
    subject: str
    status: notify.OutboxStatus
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


@router.get("/outbox", summary="通知发件箱 / notification outbox", response_model=list[OutboxOut])
def get_outbox(
    db: Db,
    principal: CurrentPrincipal,
    status_: notify.OutboxStatus | None = Query(None, alias="status"),
) -> list[dict[str, Any]]:
    require_role(principal, Role.ADMIN)
    return [
        {
            "id": r.id,
            "kind": r.kind,
            "unit": r.unit_name,
            "recipient": r.recipient,
            "subject": r.subject,
            "status": r.status,
            "attempts": r.attempts,
            "last_error": r.last_error,
            "created_at": r.created_at,
            "sent_at": r.sent_at,
        }
        for r in notify.outbox(db_session=db, status=status_)
    ]
