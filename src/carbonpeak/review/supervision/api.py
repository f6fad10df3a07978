"""``/api/v1/review/inspections``: 节能监察 cases (review officer writes); the tiered surcharge."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
from carbonpeak.core.responses import Created, Open
from carbonpeak.db.api import Db
from carbonpeak.review.supervision import service

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
READERS = (Role.REVIEW_OFFICER, Role.ADMIN, Role.VIEWER, Role.UNIT_EDITOR)


class CaseIn(BaseModel):
    enterprise_code: str
    findings: str
    opened_on: date | None = None
    deadline: date | None = None
    penalty_yuan: float = 0.0
    project_id: int | None = None


class CaseOut(BaseModel):
    """An inspection case (监察案件)."""

    id: int
    enterprise_code: str
    project_id: int | None
    opened_on: date
    findings: str
    deadline: date | None
    overdue: bool
    status: str
    penalty_yuan: float
    surcharge_yuan: float | None = Field(description="None: not computed (未计算)")
    created_by: str


class CaseOpened(Created):
    """A case opened, with the tiered surcharge (阶梯电价加价) it carries."""

    surcharge_yuan: int | float | None = Field(description="None: not computed (未计算)")


class CaseFollowedUp(Created):
    status: str


class TieredOut(Open):
    """阶梯电价加价 of an enterprise for a year: the rule and its source, the metered unit
    consumption against the limit, and the surcharge (``computed`` false with the ``reason``
    when the rule's tiers or rates are not verified); with ``?category=`` also ``differential``
    (差别电价 by the plant's category: rule, document, status, surcharge, amount)."""

    rule: str
    measure: str
    basis: str
    document: str
    date: str
    status: str
    url: str
    threshold: int | float | None
    unit: str
    value: int | float | None
    over_limit_pct: int | float | None
    electricity_kwh: int | float
    computed: bool
    surcharge_yuan_per_kwh: int | float | None
    tiered_amount_yuan: int | float | None = Field(description="None: not computed")
    differential_amount_yuan: int | float | None = Field(
        default=None, description="with ?category=: the 差别电价 amount"
    )
    amount_yuan: int | float | None = Field(
        description="the total; None unless every part asked for is computed"
    )
    reason: str
    later_unverified_rules: list[str]
    year: int


class FollowUpIn(BaseModel):
    status: service.CaseState
    note: str = ""
    penalty_yuan: float | None = None


@router.get("/inspections", summary="监察案件 / inspection cases", response_model=list[CaseOut])
def get_cases(db: Db, principal: CurrentPrincipal) -> list[dict[str, Any]]:
    require_role(principal, *READERS)
    return service.list_cases(db_session=db)


@router.post(
    "/inspections", status_code=201, summary="立案 / open a case", response_model=CaseOpened
)
def post_case(body: CaseIn, db: Db, principal: CurrentPrincipal) -> dict[str, Any]:
    require_role(principal, Role.REVIEW_OFFICER, Role.ADMIN)
    row = service.open_case(
        db_session=db,
        enterprise_code=body.enterprise_code,
        findings=body.findings,
        opened_on=body.opened_on or date.today(),
        deadline=body.deadline,
        penalty_yuan=body.penalty_yuan,
        actor=principal.username,
        project_id=body.project_id,
    )
    db.commit()
    return {"id": row.id, "surcharge_yuan": row.surcharge_yuan}


@router.post(
    "/inspections/{case_id}", summary="跟踪 / follow up a case", response_model=CaseFollowedUp
)
def post_follow_up(
    case_id: int, body: FollowUpIn, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    require_role(principal, Role.REVIEW_OFFICER, Role.ADMIN)
    row = service.update_case(
        db_session=db,
        case_id=case_id,
        status=body.status,
        note=body.note,
        actor=principal.username,
        penalty_yuan=body.penalty_yuan,
    )
    db.commit()
    return {"id": row.id, "status": row.status}


@router.get(
    "/tiered/{code}",
    summary="阶梯电价加价 / tiered electricity surcharge (null: no rule for the industry)",
    response_model=TieredOut | None,
)
def get_tiered(
    code: str,
    year: Annotated[int, Query(ge=2000, le=2100)],
    db: Db,
    principal: CurrentPrincipal,
    category: Annotated[str | None, Query(max_length=40)] = None,
    rule: Annotated[str | None, Query(max_length=60)] = None,
) -> dict[str, Any] | None:
    require_role(principal, *READERS)
    return service.tiered_surcharge(
        db_session=db, enterprise_code=code, year=year, rule_name=rule, category=category
    )
