"""One task: its text, units, targets with the sentence each was read from and their status,
its progress, milestones and progress reports (tracking), and — only for
users allowed to edit it (``can_edit_task``) — a form to correct its title and text. The
POST checks the same permission server-side and writes the audit log, as the API's PATCH."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from carbonpeak.audit import record
from carbonpeak.auth import Principal, can_edit_task
from carbonpeak.core.errors import NotFound, PermissionDenied
from carbonpeak.db.api import Db
from carbonpeak.plan import TaskView, get_plan, target_views, to_model, update_task
from carbonpeak.plan.orm import PlanRow
from carbonpeak.web import plan_data, tracking_view
from carbonpeak.web.i18n import N_
from carbonpeak.web.routes.plans import tasksheet_url
from carbonpeak.web.session import CSRF_FIELD, PageUser, check_csrf, flash
from carbonpeak.web.templating import render

router = APIRouter(prefix="/plans", include_in_schema=False)

TITLE_MAX = 300
SAVED = N_("The task has been saved.")
TITLE_REQUIRED = N_("The title must not be empty.")
TITLE_TOO_LONG = N_("The title must be at most 300 characters.")
TEXT_REQUIRED = N_("The text must not be empty.")


def _task(db: Db, plan: PlanRow, task_key: str) -> TaskView:
    view = plan_data.find_task(db, plan, task_key)
    if view is None:
        raise NotFound(f"任务不存在 / no such task: {task_key}")
    return view


def _page(
    request: Request,
    db: Db,
    user: Principal,
    plan: PlanRow,
    view: TaskView,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    titles = plan_data.node_titles(db, plan)
    units = sorted({*view.lead_units, *view.responsible_units})
    context = {
        "plan": plan,
        "task": view,
        "action_title": titles.get(view.action_key or "", ""),
        "node_title": titles.get(view.node_key, ""),
        "targets": target_views(db_session=db, plan=plan, task=view.key),
        "can_edit": can_edit_task(user, view.lead_units, view.responsible_units),
        "form": form or {"title": view.title, "text": view.text, "errors": []},
        "sheets": [(u, tasksheet_url(plan.id, u)) for u in units],
        "tracking": tracking_view.task_tracking(db, plan, view.key),
        "status_labels": tracking_view.STATUS_LABELS,
        "state_labels": tracking_view.TASK_STATE_LABELS,
        "report_labels": tracking_view.REPORT_STATE_LABELS,
        "today": tracking_view.today(),
    }
    return render(request, "plan/task.html", context, status_code)


@router.get("/{plan_ref}/tasks/{task_key}")
def task_page(request: Request, plan_ref: str, task_key: str, db: Db, user: PageUser) -> Response:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    return _page(request, db, user, plan, _task(db, plan, task_key))


@router.post("/{plan_ref}/tasks/{task_key}")
def task_edit(
    request: Request,
    plan_ref: str,
    task_key: str,
    db: Db,
    user: PageUser,
    title: Annotated[str, Form(max_length=10_000)] = "",
    text: Annotated[str, Form(max_length=200_000)] = "",
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
) -> Response:
    check_csrf(request, csrf_token)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    view = _task(db, plan, task_key)
    if not can_edit_task(user, view.lead_units, view.responsible_units):
        raise PermissionDenied(
            f"无权修改任务 {task_key}: 仅牵头/责任单位或管理员可修改 / only the task's lead or "
            "responsible units, or an admin, may edit it"
        )
    title, text = title.strip(), text.strip()
    errors = [
        message
        for failed, message in (
            (not title, TITLE_REQUIRED),
            (len(title) > TITLE_MAX, TITLE_TOO_LONG),
            (not text, TEXT_REQUIRED),
        )
        if failed
    ]
    if errors:
        form = {"title": title, "text": text, "errors": errors}
        return _page(request, db, user, plan, view, form, status_code=422)
    model = to_model(plan)
    task = next(t for t in model.tasks if t.id == task_key)
    before = task.model_dump()
    task.title, task.text = title, text
    if task.model_dump() != before:
        update_task(db_session=db, plan=plan, task=task, actor=user.username)
        record(
            db_session=db,
            actor=user.username,
            action="update",
            entity="plan_task",
            entity_id=f"{plan.id}:{task_key}",
            before=before,
            after=task.model_dump(),
        )
        db.commit()
    flash(request, SAVED)
    return RedirectResponse(request.url.path, status_code=303)
