"""HTTP API of monthly totals (月数据), under ``/api/v1/monitoring`` (mounted by
:mod:`carbonpeak.monitoring.api`), with the conventions of the readings API (raw body,
413/422/403, commit before reply).

``POST /monthly`` takes ``{"enterprise", "totals": [{"point", "month": "YYYY-MM", "value",
"correction"?, "reason"?}]}`` (the columns of the CSV that ``carbonpeak monitor monthly`` reads)
from an enterprise token for its own enterprise, or an admin for any, and replies
``{"accepted", "duplicates", "corrected", "rejected": [{"index", "error"}]}`` once committed.
``GET /enterprises/{code}/monthly?month=YYYY-MM`` lists the stored totals of that month, each
with the daily-vs-monthly check (日/月一致性, ≤ 5 % by the bundled quality rules).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from pydantic_core import from_json

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
from carbonpeak.core.errors import InputError
from carbonpeak.db.api import Db
from carbonpeak.monitoring.model import scope
from carbonpeak.monitoring.monthly import check
from carbonpeak.monitoring.monthly import service as monthly
from carbonpeak.monitoring.quality import rules as quality
from carbonpeak.monitoring.readings.api import raw_body

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
MonthParam = Annotated[str, Query(description="月份 month: YYYY-MM (China Standard Time)")]


class RowRefused(BaseModel):
    """A row of a batch that was not stored: its index in the batch and why."""

    index: int
    error: str


class MonthlyReply(BaseModel):
    """What became of a batch of monthly totals (once committed)."""

    accepted: int
    duplicates: int
    corrected: int
    rejected: list[RowRefused]


class MonthTotalOut(BaseModel):
    """A stored monthly total with the daily-vs-monthly check (日/月一致性)."""

    point: str
    unit: str
    value: float
    daily_sum: float
    days: int
    deviation: float | None
    consistent: bool
    detail: str | None
    source: str
    received_by: str
    received_at: str


class MonthOut(BaseModel):
    enterprise: str
    month: str
    tolerance: float
    totals: list[MonthTotalOut]


@router.post("/monthly", summary="报送月数据 / submit monthly totals", response_model=MonthlyReply)
def post_monthly(
    db: Db, principal: CurrentPrincipal, body: Annotated[bytes, Depends(raw_body)]
) -> dict[str, Any]:
    require_role(principal, Role.ENTERPRISE, Role.ADMIN)
    try:
        payload = from_json(body)
    except ValueError as exc:
        raise InputError(f"JSON 格式错误 / malformed JSON: {exc}") from None
    result = monthly.record_payload(
        db_session=db,
        payload=payload,
        actor=principal.username,
        source="http",
        enterprise_scope=scope(principal),
    )
    db.commit()  # reply only after the totals are durable
    return result.reply()


@router.get(
    "/enterprises/{code}/monthly",
    summary="月数据与日/月一致性 / monthly totals",
    response_model=MonthOut,
)
def get_monthly(
    code: str, month: MonthParam, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    scope(principal, code)
    start = check.parse_month(month)
    rules = quality.Rules()  # the bundled thresholds, as `carbonpeak monitor check` by default
    checks = monthly.month_report(db_session=db, enterprise_code=code, month=start, rules=rules)
    return {
        "enterprise": code.strip().upper(),
        "month": check.month_label(start),
        "tolerance": rules.daily_monthly_tolerance,
        "totals": [
            {
                "point": c.point,
                "unit": c.unit,
                "value": c.value,
                "daily_sum": c.daily_sum,
                "days": c.days,
                "deviation": c.deviation,
                "consistent": c.finding is None,
                "detail": None if c.finding is None else c.finding.detail,
                "source": c.source,
                "received_by": c.received_by,
                "received_at": c.received_at.isoformat(),
            }
            for c in checks
        ],
    }
