"""HTTP API of target statuses: every target's status, how progress is judged (trajectory
settings of a target link) and manual statuses (overrides, always with a reason)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
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


@router.get("/{plan_ref}/statuses", summary="目标状态 / target statuses")
def get_statuses(
    plan_ref: str,
    db: Db,
    as_of: date | None = None,
    status_: Status | None = Query(None, alias="status"),
) -> list[dict[str, Any]]:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    out = statuses.evaluate_plan(db_session=db, plan_id=plan.id, as_of=as_of or date.today())
    return [s.as_dict() for s in out if status_ is None or s.result.status == status_]


@router.patch("/{plan_ref}/targets/{target_key}", summary="进度判断设置 / trajectory settings")
def patch_target(
    plan_ref: str, target_key: str, changes: dict[str, Any], db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    link = service.find_link(db_session=db, plan_id=plan.id, ref=target_key)
    service.update_link(db_session=db, link=link, changes=changes, actor=principal.username)
    db.commit()
    return service.link_snapshot(link)


@router.put("/{plan_ref}/targets/{target_key}/override", summary="人工认定状态 / manual status")
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


@router.delete("/{plan_ref}/targets/{target_key}/override", summary="撤销人工状态 / lift it")
def delete_override(
    plan_ref: str, target_key: str, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    link = service.find_link(db_session=db, plan_id=plan.id, ref=target_key)
    statuses.clear_override(db_session=db, link=link, actor=principal.username)
    db.commit()
    return statuses.evaluate_link(db_session=db, link=link, as_of=date.today()).as_dict()
