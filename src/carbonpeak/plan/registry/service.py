"""Plan registry in the database: import (new or as a new version), export, edit.

Module-level, keyword-only functions with the session first; no commits here: the caller
(CLI command, API request) commits once, so an import is all-or-nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.audit import record
from carbonpeak.core.errors import InputError, NotFound
from carbonpeak.core.units import Q_, short_text
from carbonpeak.db.base import utcnow
from carbonpeak.plan.model import (
    Benchmark,
    Node,
    ParseWarning,
    Plan,
    QuantityOut,
    Target,
    Task,
    Unit,
)
from carbonpeak.plan.orm import (
    BenchmarkRow,
    NodeRow,
    OrgUnitRow,
    PlanRow,
    SourceRow,
    TargetRow,
    TaskRow,
    TaskUnitRow,
    WarningRow,
)
from carbonpeak.plan.reading.reader import Document

ROLES = ("lead", "responsible", "default")


@dataclass(frozen=True)
class Imported:
    """What an import did: the plan row, and whether the document was the stored plan
    unchanged (then nothing was written and the version was kept)."""

    row: PlanRow
    unchanged: bool


def import_plan(
    *,
    db_session: Session,
    plan: Plan,
    document: Document,
    slug: str | None = None,
    actor: str = "cli",
) -> PlanRow:
    """Store a parsed plan (see :func:`import_plan_checked`); the plan row."""
    return import_plan_checked(
        db_session=db_session, plan=plan, document=document, slug=slug, actor=actor
    ).row


def import_plan_checked(
    *,
    db_session: Session,
    plan: Plan,
    document: Document,
    slug: str | None = None,
    actor: str = "cli",
) -> Imported:
    """Store a parsed plan. Without a slug, the plan is the one this same document was
    imported into before, else the one with the same title, else a new one keyed by its
    title. An existing plan gets a new version, matched by ids: changed rows are updated,
    new ones added, removed ones deleted, each change in the audit log with its before and
    after. A document whose content is the stored plan's (the same text, or its own YAML
    export) changes nothing: the version is kept."""
    row = (
        db_session.scalar(select(PlanRow).where(PlanRow.slug == slug))
        if slug
        else _recognised(db_session, plan, document)
    )
    slug = slug or (row.slug if row is not None else plan.title)
    if row is not None and content_digest(to_model(row)) == content_digest(plan):
        return Imported(row=row, unchanged=True)
    if row is None:
        row = PlanRow(slug=slug, title=plan.title, version=1)
        db_session.add(row)
        db_session.flush()
        record(
            db_session=db_session,
            actor=actor,
            action="create",
            entity="plan",
            entity_id=str(row.id),
            after={"slug": slug, "title": plan.title},
        )
    else:
        row.version += 1
        row.title = plan.title
        row.updated_at = utcnow()
        record(
            db_session=db_session,
            actor=actor,
            action="import",
            entity="plan",
            entity_id=str(row.id),
            after={"version": row.version, "file": document.filename},
        )
    row.sources.append(
        SourceRow(
            version=row.version,
            filename=document.filename,
            kind=document.kind,
            sha256=document.sha256,
            content=document.text,
            imported_by=actor,
        )
    )
    units = _unit_rows(db_session, plan)
    _sync_nodes(db_session, row, plan, actor)
    _sync_tasks(db_session, row, plan, units, actor)
    _sync_values(db_session, row, plan, actor)
    row.warnings.clear()
    row.warnings.extend(
        WarningRow(code=w.code, message=w.message, location=w.location) for w in plan.warnings
    )
    db_session.flush()
    return Imported(row=row, unchanged=False)


def _recognised(db_session: Session, plan: Plan, document: Document) -> PlanRow | None:
    """The plan this document was imported into before, else the first with its title."""
    source = db_session.scalar(
        select(SourceRow).where(SourceRow.sha256 == document.sha256).order_by(SourceRow.id)
    )
    if source is not None:
        return db_session.get(PlanRow, source.plan_id)
    return db_session.scalar(
        select(PlanRow).where(PlanRow.title == plan.title).order_by(PlanRow.id)
    )


def content_digest(plan: Plan) -> str:
    """A hash of what a plan stores (outline, tasks with units, targets, limits): equal for
    a text and its YAML export; parse warnings, unit counts and quantity texts are derived
    and left out."""
    doc = plan.model_dump(
        mode="json",
        exclude={"warnings": True, "units": True, "nodes": {"__all__": {"lead_units"}}},
    )
    for value in doc["targets"] + doc["benchmarks"]:
        if value.get("quantity"):
            value["quantity"].pop("text", None)
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _unit_rows(db_session: Session, plan: Plan) -> dict[str, OrgUnitRow]:
    kinds = {u.name: u.kind for u in plan.units}
    names = {n for t in plan.tasks for n in (*t.lead_units, *t.responsible_units, *t.default_units)}
    names |= {n for node in plan.nodes for n in node.lead_units}
    existing = {u.name: u for u in db_session.scalars(select(OrgUnitRow))}
    for name in sorted(names - set(existing)):
        unit = OrgUnitRow(name=name, kind=kinds.get(name, "other"))
        db_session.add(unit)
        existing[name] = unit
    db_session.flush()
    return existing


def _sync_nodes(db_session: Session, row: PlanRow, plan: Plan, actor: str) -> None:
    old = {n.key: n for n in row.nodes}
    actions = set(plan.actions)
    for pos, node in enumerate(plan.nodes):
        values = {
            "parent_key": node.parent,
            "level": node.level,
            "marker": node.marker,
            "title": node.title,
            "is_action": node.id in actions,
            "position": pos,
        }
        _upsert(
            db_session,
            row.nodes,
            old.pop(node.id, None),
            NodeRow,
            node.id,
            values,
            "plan_node",
            row.id,
            actor,
        )
    _remove(db_session, row.nodes, old.values(), "plan_node", row.id, actor)


def _sync_tasks(
    db_session: Session, row: PlanRow, plan: Plan, units: dict[str, OrgUnitRow], actor: str
) -> None:
    old = {t.key: t for t in row.tasks}
    for pos, task in enumerate(plan.tasks):
        values = {
            "node_key": task.node,
            "action_key": plan.action_of(task.node),
            "kind": task.kind,
            "title": task.title,
            "text": task.text,
            "position": pos,
        }
        wanted = _task_units(task)
        existing = old.pop(task.id, None)
        before_units = _units_of(existing) if existing else None
        target = _upsert(
            db_session, row.tasks, existing, TaskRow, task.id, values, "plan_task", row.id, actor
        )
        if before_units != wanted:
            target.units.clear()
            db_session.flush()
            for role, names in wanted.items():
                for i, name in enumerate(names):
                    target.units.append(TaskUnitRow(unit=units[name], role=role, position=i))
            if existing is not None:
                record(
                    db_session=db_session,
                    actor=actor,
                    action="update",
                    entity="plan_task",
                    entity_id=f"{row.id}:{task.id}",
                    before={"units": before_units},
                    after={"units": wanted},
                )
    _remove(db_session, row.tasks, old.values(), "plan_task", row.id, actor)


def _task_units(task: Task) -> dict[str, list[str]]:
    return {
        "lead": list(task.lead_units),
        "responsible": list(task.responsible_units),
        "default": list(task.default_units),
    }


def _units_of(task: TaskRow) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {role: [] for role in ROLES}
    for link in sorted(task.units, key=lambda u: (u.role, u.position)):
        out[link.role].append(link.unit.name)
    return out


def _sync_values(db_session: Session, row: PlanRow, plan: Plan, actor: str) -> None:
    old_t = {t.key: t for t in row.targets}
    for pos, t in enumerate(plan.targets):
        values = {
            "task_key": t.task,
            "node_key": t.node,
            "year": t.year,
            "indicator": t.indicator,
            "value": t.value,
            "value_max": t.value_max,
            "unit": t.unit,
            "comparator": t.comparator,
            "aspirational": t.aspirational,
            "base_year": t.base_year,
            "change": t.change,
            "lead_units": "、".join(t.lead_units),
            "source_text": t.source_text,
            "position": pos,
            **_quantity_cols(t.quantity),
        }
        _upsert(
            db_session,
            row.targets,
            old_t.pop(t.id, None),
            TargetRow,
            t.id,
            values,
            "plan_target",
            row.id,
            actor,
        )
    _remove(db_session, row.targets, old_t.values(), "plan_target", row.id, actor)
    old_b = {b.key: b for b in row.benchmarks}
    for pos, b in enumerate(plan.benchmarks):
        values = {
            "task_key": b.task,
            "node_key": b.node,
            "process": b.process,
            "indicator": b.indicator,
            "value": b.value,
            "unit": b.unit,
            "comparator": b.comparator,
            "aspirational": b.aspirational,
            "source_text": b.source_text,
            "position": pos,
            **_quantity_cols(b.quantity),
        }
        _upsert(
            db_session,
            row.benchmarks,
            old_b.pop(b.id, None),
            BenchmarkRow,
            b.id,
            values,
            "plan_benchmark",
            row.id,
            actor,
        )
    _remove(db_session, row.benchmarks, old_b.values(), "plan_benchmark", row.id, actor)


def _quantity_cols(q: QuantityOut | None) -> dict[str, Any]:
    return {
        "quantity_magnitude": q.magnitude if q else None,
        "quantity_unit": q.unit if q else None,
    }


def _upsert(
    db_session: Session,
    collection: list[Any],
    existing: Any,
    cls: type,
    key: str,
    values: dict[str, Any],
    entity: str,
    plan_id: int,
    actor: str,
) -> Any:
    if existing is None:
        obj = cls(key=key, **values)
        collection.append(obj)
        return obj
    before = {k: getattr(existing, k) for k in values if getattr(existing, k) != values[k]}
    if before:
        after = {k: values[k] for k in before}
        for k, v in values.items():
            setattr(existing, k, v)
        if set(before) - {"position"}:
            record(
                db_session=db_session,
                actor=actor,
                action="update",
                entity=entity,
                entity_id=f"{plan_id}:{key}",
                before=before,
                after=after,
            )
    return existing


def _remove(
    db_session: Session,
    collection: list[Any],
    rows: Any,
    entity: str,
    plan_id: int,
    actor: str,
) -> None:
    for obj in list(rows):
        snapshot = {
            c.name: getattr(obj, c.name)
            for c in obj.__table__.columns
            if c.name not in ("id", "plan_id")
        }
        record(
            db_session=db_session,
            actor=actor,
            action="delete",
            entity=entity,
            entity_id=f"{plan_id}:{obj.key}",
            before=snapshot,
        )
        collection.remove(obj)


def get_plan(*, db_session: Session, plan_ref: str | int) -> PlanRow:
    """A plan by numeric id or by slug."""
    row: PlanRow | None = None
    if isinstance(plan_ref, int) or str(plan_ref).isdigit():
        row = db_session.get(PlanRow, int(plan_ref))
    if row is None:
        row = db_session.scalar(select(PlanRow).where(PlanRow.slug == str(plan_ref)))
    if row is None:
        raise NotFound(f"方案不存在 / no such plan: {plan_ref}")
    return row


def list_plans(*, db_session: Session) -> list[PlanRow]:
    return list(db_session.scalars(select(PlanRow).order_by(PlanRow.id)))


def to_model(row: PlanRow) -> Plan:
    """The stored plan as the parser's model (for export and for pure functions)."""
    tasks = []
    for t in row.tasks:
        units = _units_of(t)
        tasks.append(
            Task.model_validate(
                {
                    "id": t.key,
                    "node": t.node_key,
                    "kind": t.kind,
                    "title": t.title,
                    "text": t.text,
                    "lead_units": units["lead"],
                    "responsible_units": units["responsible"],
                    "default_units": units["default"],
                }
            )
        )
    plan = Plan(
        title=row.title,
        nodes=[
            Node(id=n.key, level=n.level, marker=n.marker, title=n.title, parent=n.parent_key)
            for n in row.nodes
        ],
        actions=[n.key for n in row.nodes if n.is_action],
        tasks=tasks,
        targets=[target_model(t) for t in row.targets],
        benchmarks=[benchmark_model(b) for b in row.benchmarks],
        warnings=[
            ParseWarning(code=w.code, message=w.message, location=w.location) for w in row.warnings
        ],
    )
    counts: dict[str, Unit] = {}
    for task in tasks:
        for name in task.lead_units:
            counts.setdefault(name, Unit(name=name)).lead_tasks += 1
        for name in task.responsible_units:
            counts.setdefault(name, Unit(name=name)).responsible_tasks += 1
    plan.units = sorted(counts.values(), key=lambda u: (-u.lead_tasks, u.name))
    return plan


def _qty(magnitude: float | None, unit: str | None) -> QuantityOut | None:
    if magnitude is None or unit is None:
        return None
    return QuantityOut(magnitude=magnitude, unit=unit, text=short_text(Q_(magnitude, unit)))


def target_model(t: TargetRow) -> Target:
    return Target.model_validate(
        {
            "id": t.key,
            "year": t.year,
            "indicator": t.indicator,
            "value": t.value,
            "value_max": t.value_max,
            "unit": t.unit,
            "quantity": _qty(t.quantity_magnitude, t.quantity_unit),
            "comparator": t.comparator,
            "aspirational": t.aspirational,
            "base_year": t.base_year,
            "change": t.change,
            "task": t.task_key,
            "node": t.node_key,
            "lead_units": [u for u in t.lead_units.split("、") if u],
            "source_text": t.source_text,
        }
    )


def benchmark_model(b: BenchmarkRow) -> Benchmark:
    return Benchmark.model_validate(
        {
            "id": b.key,
            "process": b.process,
            "indicator": b.indicator,
            "value": b.value,
            "unit": b.unit,
            "quantity": _qty(b.quantity_magnitude, b.quantity_unit),
            "comparator": b.comparator,
            "aspirational": b.aspirational,
            "task": b.task_key,
            "node": b.node_key,
            "source_text": b.source_text,
        }
    )


def check_importable(plan: Plan) -> None:
    if not plan.nodes:
        raise InputError("方案没有标题结构 / the plan has no headings")


def update_task(*, db_session: Session, plan: PlanRow, task: Task, actor: str) -> TaskRow:
    """Apply a corrected task (title, text, units); the caller audits and commits."""
    row = next((t for t in plan.tasks if t.key == task.id), None)
    if row is None:
        raise NotFound(f"任务不存在 / no such task: {task.id}")
    single = Plan(title=plan.title, tasks=[task])
    units = _unit_rows(db_session, single)
    row.title, row.text = task.title, task.text
    row.units.clear()
    db_session.flush()
    for role, names in _task_units(task).items():
        for i, name in enumerate(names):
            row.units.append(TaskUnitRow(unit=units[name], role=role, position=i))
    plan.updated_at = utcnow()
    db_session.flush()
    return row
