"""HTTP API of a plan's tasks: the action/task tree, tasks by unit and role, targets, process
limits, units, task sheets, and task corrections. Thin: parse, call the service, format."""

from __future__ import annotations

from typing import Annotated, Any, Literal, cast

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from carbonpeak.audit import record
from carbonpeak.auth import Principal, Role, can_edit_task
from carbonpeak.auth.api import current_principal
from carbonpeak.core.errors import NotFound, PermissionDenied
from carbonpeak.db.api import Db
from carbonpeak.plan.model import Benchmark, QuantityOut, TaskKind
from carbonpeak.plan.orm import PlanRow, TargetRow
from carbonpeak.plan.registry import service
from carbonpeak.plan.tasks import service as queries
from carbonpeak.plan.tasks import sheet as tasksheet
from carbonpeak.plan.tasks.views import TaskView, TreeNode

router = APIRouter(prefix="/plans", tags=["plan 实施方案"])
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class TaskOut(BaseModel):
    id: str
    node: str
    action: str | None
    kind: TaskKind
    title: str
    text: str
    lead_units: list[str]
    responsible_units: list[str]
    default_units: list[str]


class TargetOut(BaseModel):
    id: str
    task: str | None
    node: str | None
    year: int | None
    indicator: str
    value: float
    value_max: float | None
    unit: str
    quantity: QuantityOut | None
    comparator: str
    aspirational: bool
    base_year: int | None
    change: str | None
    lead_units: list[str]
    source_text: str


class TreeNodeOut(BaseModel):
    """A heading of the plan with its tasks and sub-headings (行动/任务树)."""

    id: str
    level: int
    marker: str
    title: str
    is_action: bool
    tasks: list[TaskOut]
    children: list[TreeNodeOut]


class TaskWithTargets(TaskOut):
    """A task with the targets attached to it."""

    targets: list[TargetOut]


class UnitOut(BaseModel):
    """A unit named by the plan and how many tasks it leads, shares, or carries by default."""

    name: str
    kind: str
    lead: int
    responsible: int
    default: int


class SheetTask(TaskOut):
    """A task on a unit's sheet: the unit's role in it and its targets as text."""

    role: str
    targets: list[str]


class TaskSheetOut(BaseModel):
    """任务清单: a unit's tasks (``format=xlsx`` gives the same as a workbook)."""

    unit: str
    tasks: list[SheetTask]


class TaskPatch(BaseModel):
    """Fields a unit may correct; unit assignments are the climate office's (admin)."""

    title: str | None = None
    text: str | None = None
    lead_units: list[str] | None = None
    responsible_units: list[str] | None = None


def _task_out(v: TaskView) -> TaskOut:
    return TaskOut(
        id=v.key,
        node=v.node_key,
        action=v.action_key,
        kind=cast(TaskKind, v.kind),
        title=v.title,
        text=v.text,
        lead_units=v.lead_units,
        responsible_units=v.responsible_units,
        default_units=v.default_units,
    )


def _target_out(t: TargetRow) -> TargetOut:
    q = service.target_model(t).quantity
    return TargetOut(
        id=t.key,
        task=t.task_key,
        node=t.node_key,
        year=t.year,
        indicator=t.indicator,
        value=t.value,
        value_max=t.value_max,
        unit=t.unit,
        quantity=q,
        comparator=t.comparator,
        aspirational=t.aspirational,
        base_year=t.base_year,
        change=t.change,
        lead_units=[u for u in t.lead_units.split("、") if u],
        source_text=t.source_text,
    )


@router.get(
    "/{plan_ref}/tree",
    summary="行动/任务树 / action and task tree",
    response_model=list[TreeNodeOut],
)
def get_tree(plan_ref: str, db: Db) -> list[TreeNodeOut]:
    plan = service.get_plan(db_session=db, plan_ref=plan_ref)

    def dump(n: TreeNode) -> dict[str, Any]:
        return {
            "id": n.key,
            "level": n.level,
            "marker": n.marker,
            "title": n.title,
            "is_action": n.is_action,
            "tasks": [_task_out(t).model_dump() for t in n.tasks],
            "children": [dump(c) for c in n.children],
        }

    return [TreeNodeOut.model_validate(dump(n)) for n in queries.tree(db_session=db, plan=plan)]


@router.get("/{plan_ref}/tasks", summary="任务 / tasks, by unit, role and action")
def list_tasks(
    plan_ref: str,
    db: Db,
    unit: Annotated[str | None, Query(description="单位 e.g. 市能源局")] = None,
    role: Annotated[Literal["lead", "responsible", "default"] | None, Query()] = None,
    action: Annotated[str | None, Query(description="action node id, e.g. 2.1")] = None,
    kind: Annotated[TaskKind | None, Query()] = None,
) -> list[TaskOut]:
    plan = service.get_plan(db_session=db, plan_ref=plan_ref)
    views = queries.task_views(
        db_session=db, plan=plan, unit=unit, role=role, action=action, kind=kind
    )
    return [_task_out(v) for v in views]


@router.get(
    "/{plan_ref}/tasks/{task_id}", summary="一项任务 / one task", response_model=TaskWithTargets
)
def get_task(plan_ref: str, task_id: str, db: Db) -> dict[str, Any]:
    plan = service.get_plan(db_session=db, plan_ref=plan_ref)
    view = _one_task(db, plan, task_id)
    targets = queries.targets(db_session=db, plan=plan, task=task_id)
    return {**_task_out(view).model_dump(), "targets": [_target_out(t) for t in targets]}


def _one_task(db: Session, plan: PlanRow, task_id: str) -> TaskView:
    for view in queries.task_views(db_session=db, plan=plan):
        if view.key == task_id:
            return view
    raise NotFound(f"任务不存在 / no such task: {task_id}")


@router.patch("/{plan_ref}/tasks/{task_id}", summary="修改任务 / correct a task")
def patch_task(
    plan_ref: str, task_id: str, body: TaskPatch, db: Db, principal: CurrentPrincipal
) -> TaskOut:
    plan = service.get_plan(db_session=db, plan_ref=plan_ref)
    view = _one_task(db, plan, task_id)
    if not can_edit_task(principal, view.lead_units, view.responsible_units):
        raise PermissionDenied(
            f"无权修改任务 {task_id}: 仅牵头/责任单位或管理员可修改 / only the task's lead or "
            "responsible units, or an admin, may edit it"
        )
    if (body.lead_units is not None or body.responsible_units is not None) and (
        principal.role != Role.ADMIN
    ):
        raise PermissionDenied("只有管理员可调整责任分工 / only an admin may reassign units")
    model = service.to_model(plan)
    task = next(t for t in model.tasks if t.id == task_id)
    before = task.model_dump()
    for field, value in body.model_dump(exclude_none=True).items():
        if field.endswith("_units"):
            value = [queries.canonical_unit(v) for v in value]
        setattr(task, field, value)
    service.update_task(db_session=db, plan=plan, task=task, actor=principal.username)
    record(
        db_session=db,
        actor=principal.username,
        action="update",
        entity="plan_task",
        entity_id=f"{plan.id}:{task_id}",
        before=before,
        after=task.model_dump(),
    )
    db.commit()
    return _task_out(_one_task(db, plan, task_id))


@router.get("/{plan_ref}/targets", summary="目标 / targets by year, indicator, unit")
def list_targets(
    plan_ref: str,
    db: Db,
    year: int | None = None,
    indicator: Annotated[str | None, Query(description="指标文字 e.g. 非化石能源")] = None,
    unit: Annotated[str | None, Query(description="牵头单位")] = None,
) -> list[TargetOut]:
    plan = service.get_plan(db_session=db, plan_ref=plan_ref)
    rows = queries.targets(db_session=db, plan=plan, year=year, indicator=indicator, unit=unit)
    return [_target_out(t) for t in rows]


@router.get("/{plan_ref}/benchmarks", summary="工序能耗限额 / process limits")
def list_benchmarks(plan_ref: str, db: Db) -> list[Benchmark]:
    plan = service.get_plan(db_session=db, plan_ref=plan_ref)
    return [service.benchmark_model(b) for b in plan.benchmarks]


@router.get("/{plan_ref}/units", summary="单位及任务数 / units with task counts")
def list_units(plan_ref: str, db: Db) -> list[UnitOut]:
    plan = service.get_plan(db_session=db, plan_ref=plan_ref)
    return [UnitOut.model_validate(vars(c)) for c in queries.unit_counts(db_session=db, plan=plan)]


@router.get(
    "/{plan_ref}/units/{unit}/tasksheet",
    summary="任务清单 / a unit's task sheet",
    response_model=TaskSheetOut,
    responses={
        200: {
            "content": {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
            },
            "description": "JSON, or the workbook with format=xlsx",
        }
    },
)
def unit_task_sheet(
    plan_ref: str,
    unit: str,
    db: Db,
    format: Annotated[Literal["json", "xlsx"], Query()] = "json",
) -> Any:
    plan = service.get_plan(db_session=db, plan_ref=plan_ref)
    name, rows = queries.task_sheet(db_session=db, plan=plan, unit=unit)
    if format == "xlsx":
        from urllib.parse import quote

        return Response(
            tasksheet.to_xlsx(plan.title, plan.version, name, rows),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={
                "Content-Disposition": "attachment; filename*=UTF-8''"
                + quote(name + "任务清单.xlsx")
            },
        )
    return {
        "unit": name,
        "tasks": [
            {
                **_task_out(r.task).model_dump(),
                "role": r.role,
                "targets": list(r.targets),
            }
            for r in rows
        ],
    }
