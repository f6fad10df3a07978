"""HTTP API of target statuses: every target's status, how progress is judged (trajectory
settings of a target link) and manual statuses (overrides, always with a reason)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
from carbonpeak.core.responses import Open
from carbonpeak.db.api import Db
from carbonpeak.plan import get_plan
from carbonpeak.tracking.indicators import service
from carbonpeak.tracking.model import Status
from carbonpeak.tracking.statuses import service as statuses

router = APIRouter(tags=["tracking 目标跟踪与考核"])
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class OverrideIn(BaseModel):
    status: Status
    reason: str


class StatusOut(Open):
    """A target's status (目标状态) as of a date: the target, the latest value, what was
    expected by then, the shortfall and why, in Chinese and English; a manual status with its
    reason."""

    link_id: int
    target: str
    task: str | None
    indicator_id: int
    indicator: str
    category: str
    computed_kind: str | None
    year: int | None
    comparator: str
    value: float
    value_max: float | None
    unit: str
    aspirational: bool
    change: str | None
    base_year: int | None
    lead_units: list[str]
    status: Status
    status_label: str
    computed_status: Status
    overridden: bool
    override_reason: str | None
    latest_value: float | None
    latest_on: str | None
    measured: float | None
    expected: float | None
    base_value: float | None
    shortfall: float | None
    explanation_zh: str
    explanation_en: str
    illustrative: bool


class LinkOut(BaseModel):
    """How a target's progress is judged (its link to the indicator)."""

    indicator_id: int
    target_key: str
    trajectory: str
    base_year: int | None
    base_value: float | None
    tolerance: float | None


@router.get(
    "/{plan_ref}/statuses", summary="目标状态 / target statuses", response_model=list[StatusOut]
)
def get_statuses(
    plan_ref: str,
    db: Db,
    as_of: date | None = None,
    status_: Status | None = Query(None, alias="status"),
) -> list[dict[str, Any]]:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    out = statuses.evaluate_plan(db_session=db, plan_id=plan.id, as_of=as_of or date.today())
    return [s.as_dict() for s in out if status_ is None or s.result.status == status_]


@router.patch(
    "/{plan_ref}/targets/{target_key}",
    summary="进度判断设置 / trajectory settings",
    response_model=LinkOut,
)
def patch_target(
    plan_ref: str, target_key: str, changes: dict[str, Any], db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    link = service.find_link(db_session=db, plan_id=plan.id, ref=target_key)
    service.update_link(db_session=db, link=link, changes=changes, actor=principal.username)
    db.commit()
    return service.link_snapshot(link)


@router.put(
    "/{plan_ref}/targets/{target_key}/override",
    summary="人工认定状态 / manual status",
    response_model=StatusOut,
)
def put_override(
    plan_ref: str, target_key: str, body: OverrideIn, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    link = service.find_link(db_session=db, plan_id=plan.id, ref=target_key)
    statuses.set_override(
        db_session=db, link=link, status=body.status, reason=body.reason, actor=principal.username
    )
    db.commit()
    return statuses.evaluate_link(db_session=db, link=link, as_of=date.today()).as_dict()


@router.delete(
    "/{plan_ref}/targets/{target_key}/override",
    summary="撤销人工状态 / lift it",
    response_model=StatusOut,
)
def delete_override(
    plan_ref: str, target_key: str, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    link = service.find_link(db_session=db, plan_id=plan.id, ref=target_key)
    statuses.clear_override(db_session=db, link=link, actor=principal.username)
    db.commit()
    return statuses.evaluate_link(db_session=db, link=link, as_of=date.today()).as_dict()
