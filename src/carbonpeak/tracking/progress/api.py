"""HTTP API of task progress and milestones. A unit edits only the tasks it leads or shares;
every change is in the audit log (the services record it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel

from carbonpeak.auth import Principal
from carbonpeak.auth.api import current_principal
from carbonpeak.db.api import Db
from carbonpeak.plan import get_plan
from carbonpeak.tracking.access.service import require_task_editor, task_units
from carbonpeak.tracking.model import TaskState
from carbonpeak.tracking.orm import MilestoneRow, TaskProgressRow
from carbonpeak.tracking.progress import service as progress

router = APIRouter(tags=["tracking 任务进展与报告"])
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class MilestoneOut(BaseModel):
    id: int
    task: str
    title: str
    due_on: date | None = None
    completed_on: date | None = None


class TaskProgressOut(BaseModel):
    """A task's progress (任务进展)."""

    task: str
    state: TaskState
    percent: float
    completed_on: date | None = None
    responsible_person: str | None = None
    measures: str | None = None
    deadline: date | None = None
    updated_by: str | None = None
    updated_at: datetime | None = None


class ProgressOut(TaskProgressOut):
    """A task's progress (任务进展) and its milestones."""

    milestones: list[MilestoneOut] = []


class ProgressIn(BaseModel):
    state: TaskState | None = None
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


@router.get("/{plan_ref}/tasks/{task_key}/progress", summary="任务进展 / task progress")
def get_progress(plan_ref: str, task_key: str, db: Db) -> ProgressOut:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    task_units(db_session=db, plan_id=plan.id, task_key=task_key)
    row = progress.get_progress(db_session=db, plan_id=plan.id, task_key=task_key)
    out = _progress_out(row, task_key)
    out["milestones"] = [
        _milestone_out(m)
        for m in progress.milestones(db_session=db, plan_id=plan.id, task_key=task_key)
    ]
    return ProgressOut.model_validate(out)


@router.patch(
    "/{plan_ref}/tasks/{task_key}/progress",
    summary="更新任务进展 / update progress",
    response_model=TaskProgressOut,
)
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
    response_model=MilestoneOut,
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


@router.patch(
    "/milestones/{milestone_id}",
    summary="修改节点 / update a milestone",
    response_model=MilestoneOut,
)
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
