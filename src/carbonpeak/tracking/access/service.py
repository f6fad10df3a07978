"""Who may write what in tracking: the units of a task, and of an indicator's targets.

A unit_editor writes only for tasks its unit leads or shares (牵头/责任单位, ``can_edit_task``),
and indicator values only for indicators attached to targets of those tasks; progress reports
are written by the lead units, contributions by the co-operating units; admins may do all
(and say for which unit they act: :func:`acting_unit`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from carbonpeak.auth import Principal, Role, can_edit_task
from carbonpeak.core.errors import InputError, NotFound, PermissionDenied
from carbonpeak.plan import TargetRow, TaskRow, TaskUnitRow
from carbonpeak.tracking.orm import IndicatorRow, ProgressReportRow


@dataclass(frozen=True)
class TaskUnits:
    key: str
    title: str
    lead: tuple[str, ...]
    responsible: tuple[str, ...]


def task_units(*, db_session: Session, plan_id: int, task_key: str) -> TaskUnits:
    """The task's lead and responsible units; ``NotFound`` naming the task otherwise."""
    task = db_session.scalar(
        select(TaskRow)
        .where(TaskRow.plan_id == plan_id, TaskRow.key == task_key)
        .options(selectinload(TaskRow.units).selectinload(TaskUnitRow.unit))
    )
    if task is None:
        raise NotFound(f"task: 任务不存在 / no such task: {task_key}")
    links = sorted(task.units, key=lambda u: u.position)
    return TaskUnits(
        key=task.key,
        title=task.title,
        lead=tuple(u.unit.name for u in links if u.role == "lead"),
        responsible=tuple(u.unit.name for u in links if u.role == "responsible"),
    )


def report_units(*, db_session: Session, report: ProgressReportRow) -> TaskUnits:
    """The units of the task a progress report is on."""
    return task_units(db_session=db_session, plan_id=report.plan_id, task_key=report.task_key)


def acting_unit(principal: Principal, allowed: tuple[str, ...], given: str | None) -> str:
    """The unit a write is made for: a unit editor's own unit; for an admin the unit given,
    else the first of ``allowed``."""
    if principal.role == Role.ADMIN:
        unit = given or (allowed[0] if allowed else None)
        if unit is None:
            raise InputError("unit: 请指定单位 / give the unit")
        return unit
    assert principal.unit_name is not None
    return principal.unit_name


def require_task_editor(principal: Principal, task: TaskUnits, *, lead_only: bool = False) -> None:
    """403 unless ``principal`` may edit ``task`` (lead units only when ``lead_only``)."""
    responsible = () if lead_only else task.responsible
    if can_edit_task(principal, task.lead, responsible):
        return
    who = "牵头单位" if lead_only else "牵头/责任单位"
    who_en = "lead units" if lead_only else "lead or responsible units"
    raise PermissionDenied(
        f"无权操作任务 {task.key}：仅其{who}或管理员可以 / only the task's {who_en} or an admin "
        f"may do this (task {task.key}; user {principal.username}, unit {principal.unit_name})"
    )


def indicator_task_keys(*, db_session: Session, indicator: IndicatorRow) -> list[str]:
    keys = [link.target_key for link in indicator.targets]
    if not keys:
        return []
    rows = db_session.scalars(
        select(TargetRow.task_key).where(
            TargetRow.plan_id == indicator.plan_id, TargetRow.key.in_(keys)
        )
    )
    return sorted({k for k in rows if k})


def require_indicator_editor(
    *, db_session: Session, principal: Principal, indicator: IndicatorRow
) -> None:
    """403 unless an admin, or a unit_editor of a unit that leads or shares a task to whose
    targets the indicator is attached."""
    if principal.role == Role.ADMIN:
        return
    for key in indicator_task_keys(db_session=db_session, indicator=indicator):
        task = task_units(db_session=db_session, plan_id=indicator.plan_id, task_key=key)
        if can_edit_task(principal, task.lead, task.responsible):
            return
    raise PermissionDenied(
        f"无权填报指标「{indicator.name}」：仅其目标所属任务的牵头/责任单位或管理员可以 / only the "
        f"lead or responsible units of the tasks whose targets use indicator {indicator.id}, or "
        f"an admin, may enter its values (user {principal.username}, unit {principal.unit_name})"
    )
