"""What the plan pages show, read from the database (over the ORM and the plan's task
queries, ``plan/tasks/service.py``).

Every number on a page comes from here, never from a template.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from carbonpeak.db.base import Base
from carbonpeak.plan import TaskView, task_views, unit_counts
from carbonpeak.plan.orm import (
    BenchmarkRow,
    NodeRow,
    PlanRow,
    TargetRow,
    TaskRow,
    WarningRow,
)


@dataclass(frozen=True)
class ActionRow:
    key: str
    marker: str
    title: str
    tasks: int


@dataclass(frozen=True)
class PlanCounts:
    actions: int
    tasks: int
    targets: int
    benchmarks: int
    warnings: int
    units: int


def first_plan(db: Session) -> PlanRow | None:
    """The plan pages open by default: the first imported."""
    return db.scalar(select(PlanRow).order_by(PlanRow.id).limit(1))


def actions(db: Session, plan: PlanRow) -> list[ActionRow]:
    """The plan's actions (行动) in order, each with its number of tasks."""
    rows = db.execute(
        select(TaskRow.action_key, func.count())
        .where(TaskRow.plan_id == plan.id)
        .group_by(TaskRow.action_key)
    )
    counts = {key: n for key, n in rows}
    nodes = db.scalars(
        select(NodeRow)
        .where(NodeRow.plan_id == plan.id, NodeRow.is_action.is_(True))
        .order_by(NodeRow.position)
    )
    return [ActionRow(n.key, n.marker, n.title, counts.get(n.key, 0)) for n in nodes]


def _count(db: Session, table: type[Base], *where: ColumnElement[bool]) -> int:
    return db.scalar(select(func.count()).select_from(table).where(*where)) or 0


def counts(db: Session, plan: PlanRow) -> PlanCounts:
    """How many actions, tasks, targets... the plan has (what the API's summary counts)."""
    return PlanCounts(
        actions=_count(db, NodeRow, NodeRow.plan_id == plan.id, NodeRow.is_action.is_(True)),
        tasks=_count(db, TaskRow, TaskRow.plan_id == plan.id),
        targets=_count(db, TargetRow, TargetRow.plan_id == plan.id),
        benchmarks=_count(db, BenchmarkRow, BenchmarkRow.plan_id == plan.id),
        warnings=_count(db, WarningRow, WarningRow.plan_id == plan.id),
        units=len(unit_counts(db_session=db, plan=plan)),
    )


def targets_per_task(db: Session, plan: PlanRow) -> dict[str, int]:
    rows = db.execute(
        select(TargetRow.task_key, func.count())
        .where(TargetRow.plan_id == plan.id, TargetRow.task_key.is_not(None))
        .group_by(TargetRow.task_key)
    )
    return {key: n for key, n in rows if key is not None}


def targets_per_year(db: Session, plan: PlanRow) -> list[tuple[int | None, int]]:
    """(year, number of targets) in year order; targets without a year last."""
    rows = db.execute(
        select(TargetRow.year, func.count())
        .where(TargetRow.plan_id == plan.id)
        .group_by(TargetRow.year)
    )
    return sorted(((y, n) for y, n in rows), key=lambda r: (r[0] is None, r[0] or 0))


def headline_targets(db: Session, plan: PlanRow) -> list[TargetRow]:
    """The plan-level targets (主要目标): those stated for the plan, not for one task."""
    return list(
        db.scalars(
            select(TargetRow)
            .where(TargetRow.plan_id == plan.id, TargetRow.task_key.is_(None))
            .order_by(TargetRow.position)
        )
    )


def indicators(db: Session, plan: PlanRow) -> list[str]:
    """Distinct indicator names, for the targets filter."""
    return sorted(
        db.scalars(select(TargetRow.indicator).where(TargetRow.plan_id == plan.id).distinct())
    )


def node_titles(db: Session, plan: PlanRow) -> dict[str, str]:
    rows = db.execute(select(NodeRow.key, NodeRow.title).where(NodeRow.plan_id == plan.id))
    return {key: title for key, title in rows}


def find_task(db: Session, plan: PlanRow, task_key: str) -> TaskView | None:
    return next((v for v in task_views(db_session=db, plan=plan) if v.key == task_key), None)
