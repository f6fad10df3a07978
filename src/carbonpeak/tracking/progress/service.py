"""Task progress (任务进展) and milestones (时间表) in the database.

Each task of the plan has at most one progress row: its state, completion percentage and the
任务清单 fields section 四 asks for (负责人 responsible person, 具体措施 measures, 完成期限
deadline). "completed" needs a completion date: checked here and enforced by the database.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.audit import record
from carbonpeak.core.errors import InputError, NotFound
from carbonpeak.db.base import utcnow
from carbonpeak.tracking.access.service import task_units
from carbonpeak.tracking.model import TaskState
from carbonpeak.tracking.orm import MilestoneRow, TaskProgressRow

PROGRESS_FIELDS = (
    "state",
    "percent",
    "completed_on",
    "responsible_person",
    "measures",
    "deadline",
)


def progress_snapshot(row: TaskProgressRow) -> dict[str, Any]:
    return {"task": row.task_key, **{f: getattr(row, f) for f in PROGRESS_FIELDS}}


def milestone_snapshot(row: MilestoneRow) -> dict[str, Any]:
    return {
        "task": row.task_key,
        "title": row.title,
        "due_on": row.due_on,
        "completed_on": row.completed_on,
    }


def progress_map(*, db_session: Session, plan_id: int) -> dict[str, TaskProgressRow]:
    rows = db_session.scalars(select(TaskProgressRow).where(TaskProgressRow.plan_id == plan_id))
    return {r.task_key: r for r in rows}


def get_progress(*, db_session: Session, plan_id: int, task_key: str) -> TaskProgressRow | None:
    return db_session.scalar(
        select(TaskProgressRow).where(
            TaskProgressRow.plan_id == plan_id, TaskProgressRow.task_key == task_key
        )
    )


def _validate(changes: dict[str, Any]) -> None:
    unknown = sorted(set(changes) - set(PROGRESS_FIELDS))
    if unknown:
        raise InputError(f"{unknown[0]}: 未知字段 / unknown field; allowed {list(PROGRESS_FIELDS)}")
    if "state" in changes:
        allowed = [s.value for s in TaskState]
        if changes["state"] not in allowed:
            raise InputError(f"state: 无效状态 {changes['state']!r}，可选 {allowed} / one of")
    if changes.get("percent") is not None and not 0 <= int(changes["percent"]) <= 100:
        raise InputError(f"percent: 应在 0–100 之间 / must be within 0-100: {changes['percent']}")
    for name in ("responsible_person",):
        if changes.get(name) is not None and len(changes[name]) > 120:
            raise InputError(f"{name}: 过长（最多 120 字） / too long (at most 120 chars)")


def update_progress(
    *, db_session: Session, plan_id: int, task_key: str, changes: dict[str, Any], actor: str
) -> TaskProgressRow:
    """Set a task's state, percentage and 任务清单 fields (only the fields given change)."""
    task_units(db_session=db_session, plan_id=plan_id, task_key=task_key)  # exists?
    _validate(changes)
    row = get_progress(db_session=db_session, plan_id=plan_id, task_key=task_key)
    before = progress_snapshot(row) if row else None
    if row is None:
        row = TaskProgressRow(
            plan_id=plan_id, task_key=task_key, state="not_started", percent=0, updated_by=actor
        )
        db_session.add(row)
    for key, value in changes.items():
        setattr(row, key, int(value) if key == "percent" and value is not None else value)
    if row.percent is None:
        row.percent = 0
    if row.state == TaskState.COMPLETED:
        if row.completed_on is None:
            raise InputError(
                "completed_on: 任务标记为已完成时必须填写完成日期 / a completed task needs its "
                "completion date"
            )
        if "percent" not in changes:
            row.percent = 100
    elif before and before["state"] == TaskState.COMPLETED and "completed_on" not in changes:
        row.completed_on = None  # reopened: the old completion date no longer holds
    row.updated_by = actor
    row.updated_at = utcnow()
    db_session.flush()
    after = progress_snapshot(row)
    if after != before:
        record(
            db_session=db_session,
            actor=actor,
            action="update" if before else "create",
            entity="tracking_task_progress",
            entity_id=f"{plan_id}:{task_key}",
            before=before,
            after=after,
        )
    return row


def milestones(
    *, db_session: Session, plan_id: int, task_key: str | None = None
) -> list[MilestoneRow]:
    stmt = select(MilestoneRow).where(MilestoneRow.plan_id == plan_id)
    if task_key is not None:
        stmt = stmt.where(MilestoneRow.task_key == task_key)
    return list(db_session.scalars(stmt.order_by(MilestoneRow.due_on, MilestoneRow.id)))


def get_milestone(*, db_session: Session, milestone_id: int) -> MilestoneRow:
    row = db_session.get(MilestoneRow, milestone_id)
    if row is None:
        raise NotFound(f"milestone: 节点不存在 / no such milestone: {milestone_id}")
    return row


def add_milestone(
    *, db_session: Session, plan_id: int, task_key: str, title: str, due_on: date, actor: str
) -> MilestoneRow:
    task_units(db_session=db_session, plan_id=plan_id, task_key=task_key)
    if not title.strip() or len(title) > 300:
        raise InputError("title: 节点名称必填，最多 300 字 / required, at most 300 characters")
    row = MilestoneRow(
        plan_id=plan_id, task_key=task_key, title=title.strip(), due_on=due_on, created_by=actor
    )
    db_session.add(row)
    db_session.flush()
    record(
        db_session=db_session,
        actor=actor,
        action="create",
        entity="tracking_milestone",
        entity_id=row.id,
        after=milestone_snapshot(row),
    )
    return row


def update_milestone(
    *, db_session: Session, milestone: MilestoneRow, changes: dict[str, Any], actor: str
) -> MilestoneRow:
    unknown = sorted(set(changes) - {"title", "due_on", "completed_on"})
    if unknown:
        raise InputError(f"{unknown[0]}: 未知字段 / unknown field")
    if "title" in changes and not (changes["title"] or "").strip():
        raise InputError("title: 节点名称必填 / required")
    before = milestone_snapshot(milestone)
    for key, value in changes.items():
        setattr(milestone, key, value)
    record(
        db_session=db_session,
        actor=actor,
        action="update",
        entity="tracking_milestone",
        entity_id=milestone.id,
        before=before,
        after=milestone_snapshot(milestone),
    )
    return milestone


def overdue_milestones(
    rows: list[MilestoneRow], *, year: int | None = None, today: date
) -> list[MilestoneRow]:
    """Milestones past their due date and not completed by it (due in ``year`` if given)."""
    out = []
    for m in rows:
        if year is not None and m.due_on.year != year:
            continue
        late = m.completed_on > m.due_on if m.completed_on else m.due_on < today
        if late:
            out.append(m)
    return out
