"""The payload of the annual evaluation report: the published snapshot of the year, else its
stored draft, else a draft computed now (not stored). The documents are written by
:mod:`carbonpeak.reports.annual`."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from carbonpeak.core.errors import NotFound
from carbonpeak.plan import PlanRow
from carbonpeak.tracking import compute_assessment, default_scheme, gather, payload_of


def annual_payload(
    *, db_session: Session, plan: PlanRow, year: int, today: date | None = None
) -> dict[str, Any]:
    try:
        return payload_of(db_session=db_session, plan_id=plan.id, year=year)
    except NotFound:
        data = gather(db_session=db_session, plan=plan, year=year, today=today)
        payload = compute_assessment(data, default_scheme())
        payload["state"] = "draft"
        payload["computed_by"] = "report"
        return payload
