"""HTTP API of values from the accounting engine (admin)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
from carbonpeak.db.api import Db
from carbonpeak.plan import get_plan
from carbonpeak.tracking.computed import service as computed
from carbonpeak.tracking.computed.engine import ComputedValue

router = APIRouter(tags=["tracking 目标跟踪与考核"])
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class ComputedIn(BaseModel):
    region: str
    year: int
    key: str
    value: float
    unit: str
    source: str = "inventory"
    note: str | None = None


class ComputedOut(BaseModel):
    """What became of the values sent: new, corrected (a new version), unchanged, and those
    skipped with why (no indicator of that key)."""

    added: int
    corrected: int
    unchanged: int
    skipped: list[str]


@router.post("/{plan_ref}/computed", summary="核算引擎计算值 / values from the accounting engine")
def post_computed(
    plan_ref: str, body: list[ComputedIn], db: Db, principal: CurrentPrincipal
) -> ComputedOut:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    result = computed.store_computed(
        db_session=db,
        plan_id=plan.id,
        values=[ComputedValue(**b.model_dump()) for b in body],
        actor=principal.username,
    )
    db.commit()
    return ComputedOut(
        added=result.added,
        corrected=result.corrected,
        unchanged=result.unchanged,
        skipped=list(result.skipped),
    )
