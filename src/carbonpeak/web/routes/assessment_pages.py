"""考核评估 Assessment and reports: the annual assessment of a year (the published, frozen
snapshot, or the draft), the score of every lead unit and district with the reasons, the units
proposed for commendation and for notification, target and task counts, and the annual report
as .docx and .xlsx (the API's download, ``/api/v1/tracking/{plan}/assessments/{year}/report``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from carbonpeak.db.api import Db
from carbonpeak.tracking import payload_of
from carbonpeak.web import plan_data, tracking_view
from carbonpeak.web.session import PageUser
from carbonpeak.web.templating import render

router = APIRouter(include_in_schema=False)

RESULT_ORDER = {"commend": 0, "none": 1, "notify": 2}


@router.get("/assessment")
def assessment_page(
    request: Request,
    db: Db,
    _user: PageUser,
    year: Annotated[str, Query(max_length=4)] = "",
) -> Response:
    plan = plan_data.first_plan(db)
    years = tracking_view.assessment_years(db, plan) if plan is not None else []
    chosen = int(year) if year.isdigit() and int(year) in dict(years) else None
    if chosen is None and years:
        chosen = years[0][0]
    payload = (
        payload_of(db_session=db, plan_id=plan.id, year=chosen)
        if plan is not None and chosen is not None
        else None
    )
    units = (
        sorted(payload["units"], key=lambda u: (RESULT_ORDER.get(u["result"], 1), -u["score"]))
        if payload
        else []
    )
    context = {
        "plan": plan,
        "years": years,
        "year": chosen,
        "payload": payload,
        "units": units,
        "status_labels": tracking_view.STATUS_LABELS,
        "state_labels": tracking_view.TASK_STATE_LABELS,
        "report_url": (
            f"/api/v1/tracking/{plan.id}/assessments/{chosen}/report"
            if plan is not None and chosen is not None
            else None
        ),
    }
    return render(request, "assessment.html", context)
