"""HTTP API of indicators: list them, attach the plan's targets (sync), change their settings.
Thin: parse, check who may, call the service, commit once, format."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
from carbonpeak.db.api import Db
from carbonpeak.plan import get_plan
from carbonpeak.tracking.indicators import service
from carbonpeak.tracking.orm import IndicatorRow

router = APIRouter(tags=["tracking 目标跟踪与考核"])
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class IndicatorOut(BaseModel):
    """A tracked indicator (指标) with the plan targets attached to it."""

    id: int
    name: str
    unit: str | None
    category: str
    computed_kind: str | None
    region: str | None
    frequency: str
    lag_days: int
    description: str | None
    targets: list[str] = Field(description="the plan targets' keys")


class SyncOut(BaseModel):
    """What attaching the plan's targets did: the indicators created, the targets linked and
    detached (by name and key)."""

    created: list[str]
    linked: list[str]
    detached: list[str]


def _indicator_out(row: IndicatorRow) -> dict[str, Any]:
    return {
        "id": row.id,
        **service.indicator_snapshot(row),
        "targets": [t.target_key for t in row.targets],
    }


@router.get(
    "/{plan_ref}/indicators", summary="指标 / indicators", response_model=list[IndicatorOut]
)
def list_indicators(plan_ref: str, db: Db) -> list[dict[str, Any]]:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    return [_indicator_out(r) for r in service.list_indicators(db_session=db, plan_id=plan.id)]


@router.post("/{plan_ref}/indicators/sync", summary="同步指标 / attach targets to indicators")
def sync_indicators(plan_ref: str, db: Db, principal: CurrentPrincipal) -> SyncOut:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    result = service.sync_indicators(db_session=db, plan=plan, actor=principal.username)
    db.commit()
    return SyncOut(created=result.created, linked=result.linked, detached=result.detached)


@router.patch(
    "/indicators/{indicator_id}",
    summary="修改指标设置 / change indicator settings",
    response_model=IndicatorOut,
)
def patch_indicator(
    indicator_id: int, changes: dict[str, Any], db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    row = service.get_indicator(db_session=db, indicator_id=indicator_id)
    service.update_indicator(
        db_session=db, indicator=row, changes=changes, actor=principal.username
    )
    db.commit()
    return _indicator_out(row)
