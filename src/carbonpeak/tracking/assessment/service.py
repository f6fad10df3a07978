"""The annual assessment (碳达峰目标任务年度评估): gather each lead unit's and each district's
target statuses, task states and overdue items for a year, score them with the scheme
(:mod:`carbonpeak.tracking.assessment.payload`, :mod:`carbonpeak.tracking.assessment.scoring`),
and keep the result as a draft until it is published:
publishing freezes everything the report shows into an insert-only snapshot (the database
refuses to change or delete it), so later edits never change a published assessment.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from carbonpeak.audit import record
from carbonpeak.auth import OrgUnitRow
from carbonpeak.core.errors import Conflict, NotFound
from carbonpeak.db.base import utcnow
from carbonpeak.plan import PlanRow, TaskRow, TaskUnitRow
from carbonpeak.tracking.assessment import scoring
from carbonpeak.tracking.assessment.payload import compute
from carbonpeak.tracking.model import TaskState
from carbonpeak.tracking.orm import (
    AssessmentRow,
    AssessmentSnapshotRow,
    MilestoneRow,
    TaskProgressRow,
)
from carbonpeak.tracking.progress.service import milestones, overdue_milestones, progress_map
from carbonpeak.tracking.reporting.service import report_ledger
from carbonpeak.tracking.statuses.service import evaluate_plan

DEPARTMENT = "department"
DISTRICT = "district"


def _is_district(unit: OrgUnitRow) -> bool:
    # 各市(特区、区)人民政府 is the standing clause for all districts, not one district.
    return unit.kind == "government" and not unit.name.startswith("各")


def _task_rows(db_session: Session, plan_id: int) -> list[TaskRow]:
    return list(
        db_session.scalars(
            select(TaskRow)
            .where(TaskRow.plan_id == plan_id, TaskRow.kind == "measure")
            .options(selectinload(TaskRow.units).selectinload(TaskUnitRow.unit))
            .order_by(TaskRow.position)
        )
    )


def _milestones_by_task(
    all_ms: list[MilestoneRow], late: set[int]
) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in all_ms:
        out[m.task_key].append(
            {
                "title": m.title,
                "due_on": m.due_on.isoformat(),
                "completed_on": m.completed_on.isoformat() if m.completed_on else None,
                "overdue": m.id in late,
            }
        )
    return out


def _task_entry(
    t: TaskRow,
    p: TaskProgressRow | None,
    ms: list[dict[str, Any]],
    reports: dict[str, str],
    overdue_reports: int,
) -> dict[str, Any]:
    """One task of the assessment: its units, state, milestones and reports (JSON-ready)."""
    units = sorted(t.units, key=lambda u: u.position)
    return {
        "task": t.key,
        "title": t.title,
        "action": t.action_key,
        "lead_units": [u.unit.name for u in units if u.role == "lead"],
        "responsible_units": [u.unit.name for u in units if u.role == "responsible"],
        "state": p.state if p else TaskState.NOT_STARTED.value,
        "percent": p.percent if p else 0,
        "completed_on": p.completed_on.isoformat() if p and p.completed_on else None,
        "responsible_person": p.responsible_person if p else None,
        "deadline": p.deadline.isoformat() if p and p.deadline else None,
        "milestones": ms,
        "reports": reports,
        "overdue_reports": overdue_reports,
        "overdue_milestones": sum(1 for m in ms if m["overdue"]),
    }


def _tasks(db_session: Session, plan_id: int, year: int, today: date) -> list[dict[str, Any]]:
    """Every measure task with its progress, milestones (overdue as of ``today``) and the
    state of its reports of ``year``."""
    progress = progress_map(db_session=db_session, plan_id=plan_id)
    all_ms = milestones(db_session=db_session, plan_id=plan_id)
    late_ms = {m.id for m in overdue_milestones(all_ms, year=year, today=today)}
    ledger = report_ledger(
        db_session=db_session, plan_id=plan_id, as_of=today, year=year, include_done=True
    )
    ms_by_task = _milestones_by_task(all_ms, late_ms)
    reports_by_task: dict[str, dict[str, str]] = defaultdict(dict)
    overdue_by_task: dict[str, int] = defaultdict(int)
    for item in ledger:
        reports_by_task[item.task][item.period] = item.state or "missing"
        if item.overdue:
            overdue_by_task[item.task] += 1
    return [
        _task_entry(
            t,
            progress.get(t.key),
            ms_by_task.get(t.key, []),
            reports_by_task.get(t.key, {}),
            overdue_by_task.get(t.key, 0),
        )
        for t in _task_rows(db_session, plan_id)
    ]


def _unit_kinds(db_session: Session) -> dict[str, str]:
    """department or district of every unit that can be assessed (not enterprises, not the
    standing clause for all districts)."""
    return {
        u.name: (DISTRICT if _is_district(u) else DEPARTMENT)
        for u in db_session.scalars(select(OrgUnitRow))
        if u.kind != "enterprise" and not u.name.startswith("各")
    }


def gather(
    *, db_session: Session, plan: PlanRow, year: int, today: date | None = None
) -> dict[str, Any]:
    """Everything the assessment of ``year`` rests on, as JSON-ready data (statuses as of
    31 December of ``year``; overdue items as of ``today``, at most that date)."""
    as_of = date(year, 12, 31)
    today = today or date.today()
    statuses = evaluate_plan(db_session=db_session, plan_id=plan.id, as_of=as_of, year=year)
    tasks = _tasks(db_session, plan.id, year, today)
    return {
        "plan": {"id": plan.id, "title": plan.title, "version": plan.version},
        "year": year,
        "as_of": as_of.isoformat(),
        "overdue_as_of": today.isoformat(),
        "targets": [s.as_dict() for s in statuses],
        "tasks": tasks,
        "unit_kinds": _unit_kinds(db_session),
        "illustrative": any(s.illustrative for s in statuses),
    }


def _dump(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True)


def get_assessment(*, db_session: Session, plan_id: int, year: int) -> AssessmentRow | None:
    return db_session.scalar(
        select(AssessmentRow).where(AssessmentRow.plan_id == plan_id, AssessmentRow.year == year)
    )


def run(
    *,
    db_session: Session,
    plan: PlanRow,
    year: int,
    actor: str,
    scheme: scoring.Scheme | None = None,
    today: date | None = None,
) -> AssessmentRow:
    """Compute (or recompute) the draft assessment of ``year``. A published year is frozen:
    recomputing it is a conflict."""
    scheme = scheme or scoring.default_scheme()
    row = get_assessment(db_session=db_session, plan_id=plan.id, year=year)
    if row is not None and row.state == "published":
        raise Conflict(
            f"year: {year} 年度评估已发布，已冻结，不能重新计算 / the {year} assessment is "
            "published and frozen: it cannot be recomputed"
        )
    payload = compute(gather(db_session=db_session, plan=plan, year=year, today=today), scheme)
    payload["computed_by"] = actor
    payload["computed_at"] = utcnow().isoformat()
    if row is None:
        row = AssessmentRow(plan_id=plan.id, year=year, state="draft", draft="")
        db_session.add(row)
    row.scheme_name = scheme.name
    row.scheme_sha256 = scheme.sha256
    row.draft = _dump(payload)
    row.computed_by = actor
    row.computed_at = utcnow()
    db_session.flush()
    record(
        db_session=db_session,
        actor=actor,
        action="compute",
        entity="tracking_assessment",
        entity_id=row.id,
        after={
            "year": year,
            "scheme": scheme.name,
            "commend": payload["commend"],
            "notify": payload["notify"],
        },
    )
    return row


def publish(*, db_session: Session, assessment: AssessmentRow, actor: str) -> AssessmentSnapshotRow:
    """Freeze the draft into the snapshot. Publishing twice is a conflict."""
    if assessment.state == "published":
        raise Conflict(f"year: {assessment.year} 年度评估已发布 / already published")
    payload = json.loads(assessment.draft)
    payload["state"] = "published"
    payload["published_by"] = actor
    payload["published_at"] = utcnow().isoformat()
    text = _dump(payload)
    snap = AssessmentSnapshotRow(
        assessment_id=assessment.id,
        payload=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        created_by=actor,
    )
    db_session.add(snap)
    assessment.state = "published"
    assessment.published_by = actor
    assessment.published_at = utcnow()
    db_session.flush()
    record(
        db_session=db_session,
        actor=actor,
        action="publish",
        entity="tracking_assessment",
        entity_id=assessment.id,
        after={"year": assessment.year, "snapshot_sha256": snap.sha256},
    )
    return snap


def payload_of(*, db_session: Session, plan_id: int, year: int) -> dict[str, Any]:
    """The published snapshot of ``year`` (checked against its digest), else the draft."""
    row = get_assessment(db_session=db_session, plan_id=plan_id, year=year)
    if row is None:
        raise NotFound(
            f"year: {year} 年尚无年度评估，请先运行评估 / no assessment for {year}: run it first"
        )
    if row.state != "published":
        data = json.loads(row.draft)
        data["state"] = "draft"
        return dict(data)
    snap = db_session.scalar(
        select(AssessmentSnapshotRow).where(AssessmentSnapshotRow.assessment_id == row.id)
    )
    if snap is None:
        raise NotFound(f"year: {year} 年度评估快照缺失 / the published snapshot is missing")
    if hashlib.sha256(snap.payload.encode("utf-8")).hexdigest() != snap.sha256:
        raise Conflict(f"snapshot: {year} 年度评估快照校验失败 / snapshot digest mismatch")
    return dict(json.loads(snap.payload))
