"""``/api/v1/review/ledger``: the quota ledger by district; credits by a review officer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
from carbonpeak.db.api import Db
from carbonpeak.review.ledger import service

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class CreditIn(BaseModel):
    district: str
    tce: float
    reason: str
    source: str = ""


@router.get("/ledger", summary="用能指标台账 / quota ledger")
def get_ledger(db: Db, principal: CurrentPrincipal) -> dict[str, Any]:
    return service.ledger(db_session=db)


@router.post("/ledger", status_code=201, summary="指标来源（关停、改造）/ add a credit")
def post_credit(body: CreditIn, db: Db, principal: CurrentPrincipal) -> dict[str, Any]:
    require_role(principal, Role.REVIEW_OFFICER, Role.ADMIN)
    row = service.add_entry(
        db_session=db,
        district=body.district,
        kind="credit",
        tce=body.tce,
        reason=body.reason,
        actor=principal.username,
        source=body.source,
    )
    db.commit()
    return {
        "id": row.id,
        "balance_tce": service.district_balance(db_session=db, district=row.district),
    }
