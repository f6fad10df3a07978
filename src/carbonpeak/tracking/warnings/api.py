"""HTTP API of early warnings (预警): list them. Checking them (and queueing the notifications)
is :mod:`carbonpeak.tracking.notify.api`, which sends them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from carbonpeak.auth import Principal
from carbonpeak.auth.api import current_principal
from carbonpeak.db.api import Db
from carbonpeak.plan import get_plan
from carbonpeak.tracking.warnings import service as alerts

router = APIRouter(tags=["tracking 目标跟踪与考核"])
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class EarlyWarningOut(BaseModel):
    """An early warning (预警) of a target or task, to the units named."""

    id: int
    key: str
    kind: str
    message: str
    units: list[str]
    raised_at: str = Field(description="ISO 8601")
    resolved_at: str | None


@router.get(
    "/{plan_ref}/warnings", summary="预警 / early warnings", response_model=list[EarlyWarningOut]
)
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
            "raised_at": w.raised_at.isoformat(),
            "resolved_at": w.resolved_at.isoformat() if w.resolved_at else None,
        }
        for w in rows
    ]
