"""HTTP API of alerts (预警) and data-quality findings (数据质量), under ``/api/v1/monitoring``
(mounted by :mod:`carbonpeak.monitoring.api`). A login is needed; an enterprise user sees only
its own; changing an alert's state needs an admin."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
from carbonpeak.db.api import Db
from carbonpeak.monitoring.findings import service as watch
from carbonpeak.monitoring.model import scope

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class AlertOut(BaseModel):
    """预警: an open, acknowledged or closed alert (``enterprise`` is the enterprise's row id)."""

    id: int
    kind: str
    enterprise: int
    subject: str
    message: str
    state: Literal["open", "acknowledged", "closed"]
    opened_at: str
    acknowledged_by: str | None
    closed_by: str | None
    note: str | None


class FindingOut(BaseModel):
    """A data-quality finding (数据质量) of one rule about a point over [start, end)."""

    rule: str
    subject: str
    start: str
    end: str
    detail: str


def _alert(a: Any) -> AlertOut:
    return AlertOut(
        id=a.id,
        kind=a.kind,
        enterprise=a.enterprise_id,
        subject=a.subject,
        message=a.message,
        state=a.state,
        opened_at=a.opened_at.isoformat(),
        acknowledged_by=a.acknowledged_by,
        closed_by=a.closed_by,
        note=a.note,
    )


@router.get("/alerts", summary="预警 / alerts")
def get_alerts(
    db: Db,
    principal: CurrentPrincipal,
    enterprise: str | None = None,
    state: Literal["open", "acknowledged", "closed"] | None = None,
) -> list[AlertOut]:
    own = scope(principal, enterprise)
    rows = watch.list_alerts(db_session=db, enterprise_code=own or enterprise, state=state)
    return [_alert(a) for a in rows]


class AlertPatch(BaseModel):
    state: Literal["acknowledged", "closed"]
    note: str | None = None


@router.post("/alerts/{alert_id}/state", summary="确认/关闭预警 / acknowledge or close")
def set_alert_state(
    alert_id: int, patch: AlertPatch, db: Db, principal: CurrentPrincipal
) -> AlertOut:
    require_role(principal, Role.ADMIN)
    row = watch.set_alert_state(
        db_session=db,
        alert_id=alert_id,
        state=patch.state,
        actor=principal.username,
        note=patch.note,
    )
    db.commit()
    return _alert(row)


@router.get("/enterprises/{code}/findings", summary="数据质量问题 / data-quality findings")
def get_findings(code: str, db: Db, principal: CurrentPrincipal) -> list[FindingOut]:
    scope(principal, code)
    return [
        FindingOut(
            rule=f.rule,
            subject=f.subject,
            start=f.start.isoformat(),
            end=f.end.isoformat(),
            detail=f.detail,
        )
        for f in watch.findings(db_session=db, enterprise_code=code)
    ]
