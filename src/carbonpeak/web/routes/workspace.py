"""我的工作台 Workspace of a department or district user: the tasks its unit leads or shares,
its task sheet, the progress reports it owes (with deadlines), the reports it has written,
the indicators whose values it enters, and open warnings that concern it. A report is written
on ``/workspace/reports/{period}/{task}`` (narrative, percentage, evidence attachments; save
as draft or submit) by the task's lead unit only, with the same checks and services as the
API (``PUT /api/v1/tracking/{plan}/reports/{period}/tasks/{task}``)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from carbonpeak.auth import Principal, Role
from carbonpeak.core.api import read_upload
from carbonpeak.core.errors import Conflict, InputError, NotFound, PermissionDenied
from carbonpeak.db.api import Db
from carbonpeak.plan import TaskView, task_views, unit_counts
from carbonpeak.plan.orm import PlanRow
from carbonpeak.tracking import (
    EDITABLE,
    TaskUnits,
    add_attachment,
    download_headers,
    find_report,
    get_period,
    get_tracking_settings,
    list_reports,
    media_type_of,
    notify_review,
    read_attachment,
    readable_attachment,
    require_task_editor,
    review_report,
    save_report,
    submit_report,
    task_units,
)
from carbonpeak.web import plan_data, tracking_view
from carbonpeak.web.i18n import N_
from carbonpeak.web.routes.plans import tasksheet_url
from carbonpeak.web.session import CSRF_FIELD, PageUser, check_csrf, flash
from carbonpeak.web.templating import render

router = APIRouter(include_in_schema=False)

ROLES = ("lead", "responsible", "default")
SAVED = N_("The report has been saved as a draft.")
SUBMITTED = N_("The report has been submitted to the climate office.")
APPROVED = N_("The report has been approved; the reporting unit is notified.")
RETURNED = N_("The report has been returned with your comment; the reporting unit is notified.")
#: Reports waiting for review listed on the climate office's workspace.
QUEUE_SHOWN = 30


@router.get("/workspace")
def workspace(request: Request, db: Db, user: PageUser, unit: str = "") -> Response:
    """A unit editor sees its own unit; an admin may look at any unit's (``?unit=``); an
    enterprise user's workspace is its enterprise's monitoring page."""
    if user.role == Role.ENTERPRISE and user.enterprise_code:
        return RedirectResponse(f"/monitoring/{user.enterprise_code}", status_code=303)
    plan = plan_data.first_plan(db)
    own = user.unit_name if user.role == Role.UNIT_EDITOR else None
    chosen = own or (unit if user.role == Role.ADMIN and unit else None)
    groups: dict[str, list[TaskView]] = {r: [] for r in ROLES}
    if plan is not None and chosen:
        for view in task_views(db_session=db, plan=plan, unit=chosen):
            role = next(r for r in ROLES if chosen in getattr(view, f"{r}_units"))
            groups[role].append(view)
    keys = {t.key for g in groups.values() for t in g}
    context = {
        "plan": plan,
        "unit": chosen,
        "own_unit": own,
        "groups": groups,
        "total": len(keys),
        "units": unit_counts(db_session=db, plan=plan)
        if plan is not None and user.role == Role.ADMIN
        else [],
        "sheet_url": tasksheet_url(plan.id, chosen) if plan is not None and chosen else None,
        "work": tracking_view.workspace(db, plan, chosen, keys) if plan and chosen else None,
        "lead_keys": {t.key for t in groups["lead"]},
        "report_labels": tracking_view.REPORT_STATE_LABELS,
        "today": tracking_view.today(),
        "review_queue": _review_queue(db, plan) if plan and user.role == Role.ADMIN else None,
    }
    return render(request, "workspace.html", context)


def _review_queue(db: Db, plan: PlanRow) -> list[Any]:
    """The submitted reports the climate office (双碳办) has still to approve or return."""
    return list_reports(db_session=db, plan_id=plan.id, state="submitted")


def _report_page(
    request: Request,
    db: Db,
    user: Principal,
    plan: PlanRow,
    period_key: str,
    task: TaskUnits,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    period = get_period(db_session=db, plan_id=plan.id, key=period_key)
    report = find_report(db_session=db, period=period, task_key=task.key)
    try:
        require_task_editor(user, task, lead_only=True)
        can_write = report is None or report.state in EDITABLE
    except PermissionDenied:
        can_write = False
    settings = get_tracking_settings()
    context = {
        "plan": plan,
        "period": period,
        "task": task,
        "report": report,
        "can_write": can_write,
        "can_review": user.role == Role.ADMIN
        and report is not None
        and report.state == "submitted",
        "labels": tracking_view.REPORT_STATE_LABELS,
        "allowed": ", ".join(sorted(settings.allowed_suffixes)),
        "max_mb": round(settings.attachment_max_bytes / 1_048_576, 1),
        "form": form
        or {
            "narrative": report.narrative if report else "",
            "percent": "" if report is None or report.percent is None else report.percent,
            "numbers": numbers_text(report.numbers) if report else "",
            "error": None,
        },
    }
    return render(request, "report_form.html", context, status_code)


def _plan_or_404(db: Db) -> PlanRow:
    plan = plan_data.first_plan(db)
    if plan is None:
        raise NotFound("尚未导入方案 / no plan has been imported")
    return plan


@router.get("/workspace/reports/{period_key}/{task_key}")
def report_form(
    request: Request, period_key: str, task_key: str, db: Db, user: PageUser
) -> Response:
    plan = _plan_or_404(db)
    task = task_units(db_session=db, plan_id=plan.id, task_key=task_key)
    return _report_page(request, db, user, plan, period_key, task)


@router.post("/workspace/reports/{period_key}/{task_key}")
async def report_save(
    request: Request,
    period_key: str,
    task_key: str,
    db: Db,
    user: PageUser,
    narrative: Annotated[str, Form(max_length=20_000)] = "",
    percent: Annotated[str, Form(max_length=5)] = "",
    numbers: Annotated[str, Form(max_length=10_000)] = "",
    action: Annotated[str, Form(max_length=10)] = "save",
    files: Annotated[list[UploadFile] | None, File()] = None,
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
) -> Response:
    """Save the report (and its attachments); submit it when ``action`` is ``submit``."""
    check_csrf(request, csrf_token)
    plan = _plan_or_404(db)
    task = task_units(db_session=db, plan_id=plan.id, task_key=task_key)
    require_task_editor(user, task, lead_only=True)
    period = get_period(db_session=db, plan_id=plan.id, key=period_key)
    form = {"narrative": narrative, "percent": percent, "numbers": numbers, "error": None}
    # As the API: an admin writes for the first lead unit, an editor for its own unit.
    unit = task.lead[0] if user.role == Role.ADMIN and task.lead else user.unit_name or ""
    try:
        number = _percent(percent)
        report = save_report(
            db_session=db,
            plan_id=plan.id,
            period=period,
            task_key=task.key,
            unit_name=unit,
            narrative=narrative.strip(),
            percent=number,
            numbers=parse_numbers(numbers),
            actor=user.username,
        )
        limit = get_tracking_settings().attachment_max_bytes
        for upload in files or []:
            if not upload.filename:
                continue  # the empty file field of a form sent without a file
            data = await read_upload(upload, limit=limit)
            add_attachment(
                db_session=db,
                report=report,
                filename=upload.filename,
                data=data,
                unit_name=unit,
                content_type=upload.content_type,
                actor=user.username,
            )
        if action == "submit":
            submit_report(db_session=db, report=report, actor=user.username)
    except (InputError, Conflict) as exc:
        db.rollback()
        form["error"] = str(exc)
        return _report_page(request, db, user, plan, period_key, task, form, status_code=422)
    db.commit()
    flash(request, SUBMITTED if action == "submit" else SAVED)
    return RedirectResponse(request.url.path, status_code=303)


@router.post("/workspace/reports/{period_key}/{task_key}/review")
def report_review(
    request: Request,
    period_key: str,
    task_key: str,
    db: Db,
    user: PageUser,
    decision: Annotated[str, Form(max_length=10)] = "",
    comment: Annotated[str, Form(max_length=4_000)] = "",
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
) -> Response:
    """The climate office approves (通过) or returns (退回, with a comment) a submitted report;
    the reporting unit is notified (outbox and its workspace)."""
    check_csrf(request, csrf_token)
    if user.role != Role.ADMIN:
        raise PermissionDenied(
            f"仅市双碳办可以审核进展报告 / only the climate office reviews reports "
            f"({user.username})"
        )
    plan = _plan_or_404(db)
    task = task_units(db_session=db, plan_id=plan.id, task_key=task_key)
    period = get_period(db_session=db, plan_id=plan.id, key=period_key)
    report = find_report(db_session=db, period=period, task_key=task.key)
    if report is None:
        raise NotFound(f"report: 尚无该期报告 / no report for {period_key} {task_key}")
    try:
        review_report(
            db_session=db,
            report=report,
            decision=decision,
            comment=comment,
            actor=user.username,
        )
        notify_review(db_session=db, report=report)
    except (InputError, Conflict) as exc:
        db.rollback()
        form = {"narrative": "", "percent": "", "error": None, "review_error": str(exc)}
        form["comment"] = comment
        return _report_page(request, db, user, plan, period_key, task, form, status_code=422)
    db.commit()
    flash(request, APPROVED if decision == "approve" else RETURNED)
    return RedirectResponse(request.url.path.removesuffix("/review"), status_code=303)


def numbers_text(stored: str | None) -> str:
    """The report's key figures as the form shows them: ``label | value | unit`` lines."""
    lines = []
    for n in json.loads(stored or "[]"):
        value = n["value"]
        shown = int(value) if isinstance(value, float) and value.is_integer() else value
        lines.append(" | ".join(str(x) for x in (n["label"], shown, n.get("unit") or "")).strip())
    return "\n".join(line.removesuffix(" |") for line in lines)


def parse_numbers(text: str) -> list[dict[str, Any]]:
    """``label | value | unit`` lines (unit optional) → the report's key figures."""
    out: list[dict[str, Any]] = []
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        if len(parts) < 2 or not parts[0]:
            raise InputError(
                f"numbers, 第 {i} 行: 应为「名称 | 数值 | 单位」 / label | value | unit"
            )
        try:
            number = float(parts[1].replace(",", ""))
        except ValueError:
            raise InputError(f"numbers, 第 {i} 行: 数值无效 / not a number: {parts[1]!r}") from None
        value = int(number) if number.is_integer() else number
        out.append({"label": parts[0], "value": value, "unit": parts[2] if len(parts) > 2 else ""})
    return out


def _percent(text: str) -> int | None:
    text = text.strip().rstrip("%").strip()
    if not text:
        return None
    if not text.isdigit():
        raise InputError(f"percent: 应为 0–100 的整数 / a whole number 0-100: {text!r}")
    return int(text)


@router.get("/workspace/attachments/{attachment_id}")
def attachment(attachment_id: int, db: Db, user: PageUser) -> Response:
    """Download evidence (as ``GET /api/v1/tracking/attachments/{id}``: the task's units and
    admins only)."""
    row = readable_attachment(db_session=db, attachment_id=attachment_id, principal=user)
    return Response(
        read_attachment(row),
        media_type=media_type_of(row.filename),
        headers=download_headers(row.filename),
    )
