"""Questions asked of a stored plan: who leads what, which targets for which year, and a
unit's 任务清单 (task sheet)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from carbonpeak.auth import OrgUnitRow
from carbonpeak.plan.orm import NodeRow, PlanRow, TargetRow, TaskRow, TaskUnitRow
from carbonpeak.plan.reading.aliases import load_aliases
from carbonpeak.plan.tasks.sheet import SheetRow, target_text
from carbonpeak.plan.tasks.views import TaskView, TreeNode, UnitCount


def canonical_unit(name: str) -> str:
    """The canonical name for what a user typed (市市场监督管理局 -> 市市场监管局)."""
    return load_aliases().resolve(name).name


def task_views(
    *,
    db_session: Session,
    plan: PlanRow,
    unit: str | None = None,
    role: str | None = None,
    action: str | None = None,
    kind: str | None = None,
) -> list[TaskView]:
    """Tasks, filtered by unit (and its role: lead/responsible/default), action, kind."""
    stmt = (
        select(TaskRow)
        .where(TaskRow.plan_id == plan.id)
        .options(selectinload(TaskRow.units).selectinload(TaskUnitRow.unit))
        .order_by(TaskRow.position)
    )
    if action:
        stmt = stmt.where(TaskRow.action_key == action)
    if kind:
        stmt = stmt.where(TaskRow.kind == kind)
    wanted = canonical_unit(unit) if unit else None
    views = []
    for task in db_session.scalars(stmt):
        view = _view(task)
        if wanted:
            roles = [
                r
                for r in ("lead", "responsible", "default")
                if wanted in getattr(view, f"{r}_units")
            ]
            if not roles or (role and role not in roles):
                continue
        views.append(view)
    return views


def _view(task: TaskRow) -> TaskView:
    view = TaskView(task.key, task.node_key, task.action_key, task.kind, task.title, task.text)
    for link in sorted(task.units, key=lambda u: u.position):
        getattr(view, f"{link.role}_units").append(link.unit.name)
    return view


def targets(
    *,
    db_session: Session,
    plan: PlanRow,
    year: int | None = None,
    indicator: str | None = None,
    unit: str | None = None,
    task: str | None = None,
) -> list[TargetRow]:
    stmt = select(TargetRow).where(TargetRow.plan_id == plan.id).order_by(TargetRow.position)
    if year is not None:
        stmt = stmt.where(TargetRow.year == year)
    if indicator:
        stmt = stmt.where(TargetRow.indicator.contains(indicator))
    if task:
        stmt = stmt.where(TargetRow.task_key == task)
    rows = list(db_session.scalars(stmt))
    if unit:
        wanted = canonical_unit(unit)
        rows = [r for r in rows if wanted in r.lead_units.split("、")]
    return rows


def unit_counts(*, db_session: Session, plan: PlanRow) -> list[UnitCount]:
    stmt = (
        select(OrgUnitRow.name, OrgUnitRow.kind, TaskUnitRow.role)
        .join(TaskUnitRow, TaskUnitRow.unit_id == OrgUnitRow.id)
        .join(TaskRow, TaskRow.id == TaskUnitRow.task_id)
        .where(TaskRow.plan_id == plan.id)
    )
    counts: dict[str, UnitCount] = {}
    for name, kind, role in db_session.execute(stmt):
        c = counts.setdefault(name, UnitCount(name=name, kind=kind))
        setattr(c, role, getattr(c, role) + 1)
    return sorted(counts.values(), key=lambda c: (-c.lead, -c.responsible, c.name))


def tree(*, db_session: Session, plan: PlanRow) -> list[TreeNode]:
    """The heading tree with each node's tasks (the action/task tree)."""
    nodes = db_session.scalars(
        select(NodeRow).where(NodeRow.plan_id == plan.id).order_by(NodeRow.position)
    )
    by_key: dict[str, TreeNode] = {}
    roots: list[TreeNode] = []
    for n in nodes:
        tn = TreeNode(n.key, n.level, n.marker, n.title, n.is_action)
        by_key[n.key] = tn
        parent = by_key.get(n.parent_key or "")
        (parent.children if parent else roots).append(tn)
    for view in task_views(db_session=db_session, plan=plan):
        if view.node_key in by_key:
            by_key[view.node_key].tasks.append(view)
    return roots


def task_sheet(*, db_session: Session, plan: PlanRow, unit: str) -> tuple[str, list[SheetRow]]:
    """The canonical unit name and its rows, in plan order."""
    name = canonical_unit(unit)
    titles = {n.key: n.title for n in plan.nodes}
    rows = []
    for view in task_views(db_session=db_session, plan=plan, unit=name):
        role = next(
            r for r in ("lead", "responsible", "default") if name in getattr(view, f"{r}_units")
        )
        rows.append(
            SheetRow(
                task=view,
                role=role,
                action_title=titles.get(view.action_key or "", ""),
                targets=tuple(
                    target_text(t) for t in targets(db_session=db_session, plan=plan, task=view.key)
                ),
            )
        )
    return name, rows
