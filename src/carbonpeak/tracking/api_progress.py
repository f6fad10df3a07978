"""HTTP API of task progress, milestones, reporting periods, progress reports, contributions,
evidence attachments and reviews. A unit edits only the tasks it leads or shares; reports are
written and submitted by the lead units, parts added by the co-operating units, reviews done
by the climate office (admin). Every change is in the audit log (the services record it)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Response, UploadFile, status
from pydantic import BaseModel
from sqlalchemy.orm import Session

from carbonpeak.auth import Principal, Role, current_principal, require_role
from carbonpeak.core.errors import InputError, PermissionDenied
from carbonpeak.db.session import Db
from carbonpeak.plan import get_plan
from carbonpeak.tracking import attachments, progress, reporting
from carbonpeak.tracking.access import require_task_editor, task_units
from carbonpeak.tracking.orm import MilestoneRow, ProgressReportRow, TaskProgressRow
from carbonpeak.tracking.settings import get_tracking_settings

router = APIRouter(prefix="/tracking", tags=["tracking 任务进展与报告"])
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class ProgressIn(BaseModel):
    state: str | None = None
    percent: int | None = None
    completed_on: date | None = None
    responsible_person: str | None = None
    measures: str | None = None
    deadline: date | None = None


class MilestoneIn(BaseModel):
    title: str
    due_on: date


class MilestonePatch(BaseModel):
    title: str | None = None
    due_on: date | None = None
    completed_on: date | None = None


class ReportIn(BaseModel):
    narrative: str | None = None
    percent: int | None = None
    numbers: list[dict[str, Any]] | None = None
    submit: bool = False


class ReviewIn(BaseModel):
    decision: str
    comment: str | None = None


class ContributionIn(BaseModel):
    text: str
    numbers: list[dict[str, Any]] | None = None
    unit: str | None = None


def _progress_out(row: TaskProgressRow | None, task_key: str) -> dict[str, Any]:
    if row is None:
        return {"task": task_key, "state": "not_started", "percent": 0, "completed_on": None}
    return {
        **progress.progress_snapshot(row),
        "updated_by": row.updated_by,
        "updated_at": row.updated_at,
    }


def _milestone_out(m: MilestoneRow) -> dict[str, Any]:
    return {"id": m.id, **progress.milestone_snapshot(m)}


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


def _acting_unit(principal: Principal, allowed: tuple[str, ...], given: str | None) -> str:
    if principal.role == Role.ADMIN:
        unit = given or (allowed[0] if allowed else None)
        if unit is None:
            raise InputError("unit: 请指定单位 / give the unit")
        return unit
    assert principal.unit_name is not None
    return principal.unit_name


@router.get("/{plan_ref}/tasks/{task_key}/progress", summary="任务进展 / task progress")
def get_progress(plan_ref: str, task_key: str, db: Db) -> dict[str, Any]:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    task_units(db_session=db, plan_id=plan.id, task_key=task_key)
    row = progress.get_progress(db_session=db, plan_id=plan.id, task_key=task_key)
    out = _progress_out(row, task_key)
    out["milestones"] = [
        _milestone_out(m)
        for m in progress.milestones(db_session=db, plan_id=plan.id, task_key=task_key)
    ]
    return out


@router.patch("/{plan_ref}/tasks/{task_key}/progress", summary="更新任务进展 / update progress")
def patch_progress(
    plan_ref: str, task_key: str, body: ProgressIn, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    require_task_editor(principal, task_units(db_session=db, plan_id=plan.id, task_key=task_key))
    row = progress.update_progress(
        db_session=db,
        plan_id=plan.id,
        task_key=task_key,
        changes=body.model_dump(exclude_unset=True),
        actor=principal.username,
    )
    db.commit()
    return _progress_out(row, task_key)


@router.post(
    "/{plan_ref}/tasks/{task_key}/milestones",
    status_code=status.HTTP_201_CREATED,
    summary="添加节点 / add a milestone",
)
def add_milestone(
    plan_ref: str, task_key: str, body: MilestoneIn, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    require_task_editor(principal, task_units(db_session=db, plan_id=plan.id, task_key=task_key))
    m = progress.add_milestone(
        db_session=db,
        plan_id=plan.id,
        task_key=task_key,
        title=body.title,
        due_on=body.due_on,
        actor=principal.username,
    )
    db.commit()
    return _milestone_out(m)


@router.patch("/milestones/{milestone_id}", summary="修改节点 / update a milestone")
def patch_milestone(
    milestone_id: int, body: MilestonePatch, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    m = progress.get_milestone(db_session=db, milestone_id=milestone_id)
    require_task_editor(
        principal, task_units(db_session=db, plan_id=m.plan_id, task_key=m.task_key)
    )
    progress.update_milestone(
        db_session=db,
        milestone=m,
        changes=body.model_dump(exclude_unset=True),
        actor=principal.username,
    )
    db.commit()
    return _milestone_out(m)


@router.post("/{plan_ref}/periods/{year}", summary="开放报告期 / open a year's periods")
def open_periods(
    plan_ref: str, year: int, db: Db, principal: CurrentPrincipal
) -> list[dict[str, Any]]:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    rows = reporting.open_year(db_session=db, plan_id=plan.id, year=year)
    db.commit()
    return [{"key": p.key, "kind": p.kind, "due_on": p.due_on} for p in rows]


@router.get("/{plan_ref}/reports/owed", summary="待交报告 / reports still owed")
def owed_reports(
    plan_ref: str, db: Db, unit: str | None = None, as_of: date | None = None
) -> list[dict[str, Any]]:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    items = reporting.report_ledger(
        db_session=db, plan_id=plan.id, as_of=as_of or date.today(), unit=unit
    )
    return [i.as_dict() for i in items]


@router.get("/{plan_ref}/reports", summary="进展报告 / progress reports")
def list_reports(
    plan_ref: str,
    db: Db,
    period: str | None = None,
    task: str | None = None,
    state: str | None = None,
) -> list[dict[str, Any]]:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    rows = reporting.list_reports(
        db_session=db, plan_id=plan.id, period_key=period, task_key=task, state=state
    )
    return [report_out(r) for r in rows]


@router.put(
    "/{plan_ref}/reports/{period_key}/tasks/{task_key}", summary="填写报告 / write a report"
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
        unit_name=_acting_unit(principal, task.lead, None),
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


def _report_task(db: Session, r: ProgressReportRow) -> Any:
    return task_units(db_session=db, plan_id=r.plan_id, task_key=r.task_key)


@router.post("/reports/{report_id}/submit", summary="提交报告 / submit a report")
def submit(report_id: int, db: Db, principal: CurrentPrincipal) -> dict[str, Any]:
    r = reporting.get_report(db_session=db, report_id=report_id)
    require_task_editor(principal, _report_task(db, r), lead_only=True)
    reporting.submit_report(db_session=db, report=r, actor=principal.username)
    db.commit()
    return report_out(r)


@router.post("/reports/{report_id}/review", summary="审核报告 / approve or return")
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


@router.put("/reports/{report_id}/contribution", summary="配合单位补充 / co-operating unit's part")
def put_contribution(
    report_id: int, body: ContributionIn, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    r = reporting.get_report(db_session=db, report_id=report_id)
    task = _report_task(db, r)
    if principal.role != Role.ADMIN and principal.unit_name not in task.responsible:
        raise PermissionDenied(
            f"仅任务 {task.key} 的责任（配合）单位可以补充 / only the task's responsible "
            f"(co-operating) units may add their part (user {principal.username})"
        )
    unit = _acting_unit(principal, task.responsible, body.unit)
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


@router.post(
    "/reports/{report_id}/attachments",
    status_code=status.HTTP_201_CREATED,
    summary="上传佐证材料 / upload evidence",
)
async def upload_attachment(
    report_id: int,
    db: Db,
    principal: CurrentPrincipal,
    file: Annotated[UploadFile, File(description="pdf, docx, xlsx, png, jpg, txt, csv …")],
    unit: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    r = reporting.get_report(db_session=db, report_id=report_id)
    task = _report_task(db, r)
    require_task_editor(principal, task)
    limit = get_tracking_settings().attachment_max_bytes
    data = await file.read(limit + 1)
    a = attachments.add_attachment(
        db_session=db,
        report=r,
        filename=file.filename or "upload",
        data=data,
        unit_name=_acting_unit(principal, task.lead, unit),
        content_type=file.content_type,
        actor=principal.username,
    )
    db.commit()
    return {"id": a.id, "filename": a.filename, "size": a.size_bytes, "sha256": a.sha256}


@router.get("/attachments/{attachment_id}", summary="下载佐证材料 / download evidence")
def download_attachment(attachment_id: int, db: Db, principal: CurrentPrincipal) -> Response:
    a = attachments.get_attachment(db_session=db, attachment_id=attachment_id)
    return Response(
        attachments.read_attachment(a),
        media_type=a.content_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(a.filename)}"},
    )


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
