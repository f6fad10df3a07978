"""HTTP API of reporting periods, progress reports, contributions and reviews: reports are
written and submitted by the lead units, parts added by the co-operating units, reviews done
by the climate office (admin)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
from carbonpeak.core.errors import PermissionDenied
from carbonpeak.core.responses import Number
from carbonpeak.db.api import Db
from carbonpeak.plan import get_plan
from carbonpeak.tracking.access.service import (
    acting_unit,
    report_units,
    require_task_editor,
    task_units,
)
from carbonpeak.tracking.model import PeriodKind, ReportState
from carbonpeak.tracking.orm import ProgressReportRow
from carbonpeak.tracking.reporting import service as reporting

router = APIRouter(tags=["tracking 任务进展与报告"])
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class ReportIn(BaseModel):
    narrative: str | None = None
    percent: int | None = None
    numbers: list[dict[str, Any]] | None = None
    submit: bool = False


class ReviewIn(BaseModel):
    decision: Literal["approve", "return"]
    comment: str | None = None


class ContributionIn(BaseModel):
    text: str
    numbers: list[dict[str, Any]] | None = None
    unit: str | None = None


class ContributionOut(BaseModel):
    unit: str
    text: str
    author: str


class AttachmentOut(BaseModel):
    id: int
    filename: str
    size: int = Field(description="bytes")
    content_type: str
    unit: str


class NumberOut(BaseModel):
    """A figure of the report (label, value, unit), as checked when it was written."""

    label: str
    value: Number
    unit: str


class ReportOut(BaseModel):
    """A progress report (进展报告) on a task for a period, with the co-operating units' parts
    and the attachments."""

    id: int
    task: str
    period_id: int
    unit: str
    state: ReportState
    narrative: str
    percent: int | None
    numbers: list[NumberOut]
    review_comment: str | None
    period: str = Field(description="2024Q1 or 2024")
    due_on: date
    illustrative: bool
    submitted_at: datetime | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    contributions: list[ContributionOut]
    attachments: list[AttachmentOut]


def report_out(r: ProgressReportRow) -> dict[str, Any]:
    return {
        "id": r.id,
        **reporting.report_snapshot(r),
        "period": r.period.key,
        "due_on": r.period.due_on,
        "illustrative": r.illustrative,
        "submitted_at": r.submitted_at,
        "reviewed_by": r.reviewed_by,
        "reviewed_at": r.reviewed_at,
        "contributions": [
            {"unit": c.unit_name, "text": c.text, "author": c.author} for c in r.contributions
        ],
        "attachments": [
            {
                "id": a.id,
                "filename": a.filename,
                "size": a.size_bytes,
                "content_type": a.content_type,
                "unit": a.unit_name,
            }
            for a in r.attachments
        ],
    }


class PeriodOut(BaseModel):
    """A reporting period (报告期) and its due date."""

    key: str = Field(description="2024Q1 or 2024")
    kind: PeriodKind
    due_on: date


@router.post(
    "/{plan_ref}/periods/{year}",
    summary="开放报告期 / open a year's periods",
    response_model=list[PeriodOut],
)
def open_periods(
    plan_ref: str, year: int, db: Db, principal: CurrentPrincipal
) -> list[dict[str, Any]]:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    rows = reporting.open_year(db_session=db, plan_id=plan.id, year=year)
    db.commit()
    return [{"key": p.key, "kind": p.kind, "due_on": p.due_on} for p in rows]


class OwedOut(BaseModel):
    """A report owed (待交报告): a period and task, its lead units, when it was due, its state
    (null: not started), whether it is overdue or was submitted late."""

    period: str
    task: str
    task_title: str
    lead_units: list[str]
    due_on: str
    state: str | None
    overdue: bool
    late: bool


@router.get(
    "/{plan_ref}/reports/owed",
    summary="待交报告 / reports still owed",
    response_model=list[OwedOut],
)
def owed_reports(
    plan_ref: str, db: Db, unit: str | None = None, as_of: date | None = None
) -> list[dict[str, Any]]:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    items = reporting.report_ledger(
        db_session=db, plan_id=plan.id, as_of=as_of or date.today(), unit=unit
    )
    return [i.as_dict() for i in items]


@router.get(
    "/{plan_ref}/reports", summary="进展报告 / progress reports", response_model=list[ReportOut]
)
def list_reports(
    plan_ref: str,
    db: Db,
    period: Annotated[
        str | None, Query(pattern=reporting.PERIOD_KEY, description="报告期 2024Q1 or 2024")
    ] = None,
    task: str | None = None,
    state: ReportState | None = None,
) -> list[dict[str, Any]]:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    rows = reporting.list_reports(
        db_session=db, plan_id=plan.id, period_key=period, task_key=task, state=state
    )
    return [report_out(r) for r in rows]


@router.put(
    "/{plan_ref}/reports/{period_key}/tasks/{task_key}",
    summary="填写报告 / write a report",
    response_model=ReportOut,
)
def put_report(
    plan_ref: str,
    period_key: str,
    task_key: str,
    body: ReportIn,
    db: Db,
    principal: CurrentPrincipal,
) -> dict[str, Any]:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    task = task_units(db_session=db, plan_id=plan.id, task_key=task_key)
    require_task_editor(principal, task, lead_only=True)
    period = reporting.get_period(db_session=db, plan_id=plan.id, key=period_key)
    r = reporting.save_report(
        db_session=db,
        plan_id=plan.id,
        period=period,
        task_key=task_key,
        unit_name=acting_unit(principal, task.lead, None),
        narrative=body.narrative,
        percent=body.percent,
        numbers=body.numbers,
        actor=principal.username,
    )
    if body.submit:
        reporting.submit_report(db_session=db, report=r, actor=principal.username)
    db.commit()
    db.refresh(r)
    return report_out(r)


@router.post(
    "/reports/{report_id}/submit", summary="提交报告 / submit a report", response_model=ReportOut
)
def submit(report_id: int, db: Db, principal: CurrentPrincipal) -> dict[str, Any]:
    r = reporting.get_report(db_session=db, report_id=report_id)
    require_task_editor(principal, report_units(db_session=db, report=r), lead_only=True)
    reporting.submit_report(db_session=db, report=r, actor=principal.username)
    db.commit()
    return report_out(r)


@router.post(
    "/reports/{report_id}/review", summary="审核报告 / approve or return", response_model=ReportOut
)
def review(report_id: int, body: ReviewIn, db: Db, principal: CurrentPrincipal) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    r = reporting.get_report(db_session=db, report_id=report_id)
    reporting.review_report(
        db_session=db,
        report=r,
        decision=body.decision,
        comment=body.comment,
        actor=principal.username,
    )
    db.commit()
    return report_out(r)


@router.put(
    "/reports/{report_id}/contribution",
    summary="配合单位补充 / co-operating unit's part",
    response_model=ReportOut,
)
def put_contribution(
    report_id: int, body: ContributionIn, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    r = reporting.get_report(db_session=db, report_id=report_id)
    task = report_units(db_session=db, report=r)
    if principal.role != Role.ADMIN and principal.unit_name not in task.responsible:
        raise PermissionDenied(
            f"仅任务 {task.key} 的责任（配合）单位可以补充 / only the task's responsible "
            f"(co-operating) units may add their part (user {principal.username})"
        )
    unit = acting_unit(principal, task.responsible, body.unit)
    reporting.save_contribution(
        db_session=db,
        report=r,
        unit_name=unit,
        text=body.text,
        numbers=body.numbers,
        actor=principal.username,
    )
    db.commit()
    db.refresh(r)
    return report_out(r)
