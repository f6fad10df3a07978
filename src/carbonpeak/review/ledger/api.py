"""``/api/v1/review/ledger``: the quota ledger by district; manual credits (with evidence) and
``/ledger/events`` (closures, retrofits, new renewables, credited as derived) by a review
officer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
from carbonpeak.core.responses import Created, Number, Open
from carbonpeak.db.api import Db
from carbonpeak.review.ledger import service

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class RatioOut(BaseModel):
    """A substitution ratio (减量替代比例) with its rule and source."""

    ratio: float
    rule: str
    source: str


class LedgerEntryOut(BaseModel):
    """A credit or a debit, with the ratio a debit applied and the balance after it."""

    id: int
    kind: str = Field(description="credit | debit")
    tce: float
    reason: str
    project_id: int | None
    project_name: str | None
    ratio: float | None
    balance_after_tce: float
    source: str
    origin: str
    event_id: int | None
    evidence: str
    created_by: str
    created_at: datetime


class QuotaExceptionOut(BaseModel):
    """A project approved against a negative balance: who approved it, and why."""

    project_id: int
    project_name: str | None
    outcome: str
    debit_tce: float
    balance_after_tce: float
    exception_reason: str
    approved_by: str
    approved_at: datetime


class LedgerDistrictOut(BaseModel):
    """One district's credits by origin, debits, balance, entries and exceptions."""

    district: str
    name: str
    name_en: str
    credits_tce: Number
    credits_by_origin_tce: dict[str, Number]
    debits_tce: Number
    balance_tce: Number
    entries: list[LedgerEntryOut]
    exceptions: list[QuotaExceptionOut]


class LedgerOut(Open):
    """The quota ledger (用能指标台账): the substitution ratios and, by district, the credits by
    origin, the debits, the balance, the entries (each with the ratio a debit applied and the
    balance after it) and the approvals with a quota exception (who approved them, and why)."""

    ratios: dict[str, RatioOut] = Field(description="two_high, other")
    districts: list[LedgerDistrictOut]


class CreditOut(Created):
    """A stored quota entry and its district's balance after it."""

    balance_tce: int | float


class EventOut(Created):
    """A stored credit event (关停、改造、可再生能源) with its derivation."""

    kind: str
    district: str
    credit_tce: float
    derivation: str
    balance_tce: int | float


class CreditIn(BaseModel):
    district: str
    tce: float
    reason: str
    source: str = ""
    evidence: str = ""


class EventIn(BaseModel):
    kind: str = Field(max_length=20)
    occurred_on: date
    evidence: str = Field(max_length=2000)
    project_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    enterprise_code: str | None = Field(default=None, max_length=18)
    district: str | None = Field(default=None, max_length=12)
    renewable_kwh: float | None = Field(default=None, allow_inf_nan=False)
    description: str = Field(default="", max_length=2000)


@router.get("/ledger", summary="用能指标台账 / quota ledger", response_model=LedgerOut)
def get_ledger(db: Db, principal: CurrentPrincipal) -> dict[str, Any]:
    return service.ledger(db_session=db)


@router.post(
    "/ledger",
    status_code=201,
    summary="指标来源（关停、改造）/ add a credit",
    response_model=CreditOut,
)
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
        evidence=body.evidence,
    )
    db.commit()
    return {
        "id": row.id,
        "balance_tce": service.district_balance(db_session=db, district=row.district),
    }


@router.post(
    "/ledger/events",
    status_code=201,
    response_model=EventOut,
    summary="指标来源事件（关停、改造、可再生能源）/ credit event",
)
def post_event(body: EventIn, db: Db, principal: CurrentPrincipal) -> dict[str, Any]:
    require_role(principal, Role.REVIEW_OFFICER, Role.ADMIN)
    event = service.record_event(db_session=db, actor=principal.username, **body.model_dump())
    db.commit()
    return {
        "id": event.id,
        "kind": event.kind,
        "district": event.district,
        "credit_tce": event.credit_tce,
        "derivation": event.derivation,
        "balance_tce": service.district_balance(db_session=db, district=event.district),
    }
