"""Progress reports (进展报告): reporting periods with deadlines, reports written by a task's
lead unit, parts added by its co-operating units (配合单位), review by the climate office
(通过 approve / 退回 return with comments), and what each unit still owes.

States: draft → submitted → approved, or → returned (with a comment) → edited → submitted.
Keyword-only functions, session first; none commits. Every change is audited.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from carbonpeak.audit import record
from carbonpeak.auth import OrgUnitRow
from carbonpeak.core.errors import Conflict, InputError, NotFound
from carbonpeak.db.base import utcnow
from carbonpeak.plan import TaskRow, TaskUnitRow
from carbonpeak.tracking.model import Owed, ReportState
from carbonpeak.tracking.orm import ContributionRow, ProgressReportRow, ReportingPeriodRow
from carbonpeak.tracking.progress.periods import Period, periods_for_year, periods_started_by

#: A period key: a year (annual) or a year and quarter (``2024Q1``).
PERIOD_KEY = r"^(\d{4})(?:Q([1-4]))?$"
_KEY = re.compile(PERIOD_KEY)
EDITABLE = (ReportState.DRAFT, ReportState.RETURNED)


def still_illustrative(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Whether a report that was illustrative (示意数据) still is after a real user's edit: its
    invented narrative is kept, or one of its invented numbers (label and value) is.

    >>> old = {"narrative": "【示例】", "numbers": [{"label": "投资", "value": 1, "unit": ""}]}
    >>> still_illustrative(old, {"narrative": "实际进展", "numbers": []})
    False
    >>> still_illustrative(old, {"narrative": "实际进展", "numbers": old["numbers"]})
    True
    >>> still_illustrative(old, {"narrative": "【示例】", "numbers": []})
    True
    """
    if after["narrative"].strip() == before["narrative"].strip():
        return True
    invented = {(n["label"], n["value"]) for n in before["numbers"]}
    return any((n["label"], n["value"]) in invented for n in after["numbers"])


def report_snapshot(row: ProgressReportRow) -> dict[str, Any]:
    return {
        "task": row.task_key,
        "period_id": row.period_id,
        "unit": row.unit_name,
        "state": row.state,
        "narrative": row.narrative,
        "percent": row.percent,
        "numbers": json.loads(row.numbers or "[]"),
        "review_comment": row.review_comment,
    }


def open_year(*, db_session: Session, plan_id: int, year: int) -> list[ReportingPeriodRow]:
    """The year's four quarterly and one annual reporting periods (created if missing)."""
    existing = {
        r.key: r
        for r in db_session.scalars(
            select(ReportingPeriodRow).where(
                ReportingPeriodRow.plan_id == plan_id, ReportingPeriodRow.year == year
            )
        )
    }
    out = []
    for p in periods_for_year(year):
        row = existing.get(p.key)
        if row is None:
            row = ReportingPeriodRow(
                plan_id=plan_id,
                key=p.key,
                kind=p.kind.value,
                year=p.year,
                quarter=p.quarter,
                starts_on=p.starts_on,
                ends_on=p.ends_on,
                due_on=p.due_on,
            )
            db_session.add(row)
        out.append(row)
    db_session.flush()
    return out


def open_through(
    *, db_session: Session, plan_id: int, as_of: date, since_year: int
) -> list[ReportingPeriodRow]:
    """Open every period from ``since_year`` that has started by ``as_of`` (each year's
    quarters and the year, as :func:`periods_started_by` says)."""
    started = {p.key for p in periods_started_by(as_of, since_year=since_year)}
    return [
        row
        for year in range(since_year, as_of.year + 1)
        for row in open_year(db_session=db_session, plan_id=plan_id, year=year)
        if row.key in started
    ]


def list_periods(
    *, db_session: Session, plan_id: int, year: int | None = None
) -> list[ReportingPeriodRow]:
    stmt = select(ReportingPeriodRow).where(ReportingPeriodRow.plan_id == plan_id)
    if year is not None:
        stmt = stmt.where(ReportingPeriodRow.year == year)
    return list(db_session.scalars(stmt.order_by(ReportingPeriodRow.due_on)))


def get_period(*, db_session: Session, plan_id: int, key: str) -> ReportingPeriodRow:
    """A period by key (``2024Q1``, ``2024``); the year's periods are opened on first use."""
    m = _KEY.match(key.strip())
    if not m:
        raise InputError(
            f"period: 应为 2024Q1 或 2024 的形式 / must look like 2024Q1 or 2024: {key}"
        )
    open_year(db_session=db_session, plan_id=plan_id, year=int(m.group(1)))
    row = db_session.scalar(
        select(ReportingPeriodRow).where(
            ReportingPeriodRow.plan_id == plan_id, ReportingPeriodRow.key == key.strip()
        )
    )
    assert row is not None
    return row


def _check_numbers(numbers: Any) -> str:
    if numbers is None:
        return "[]"
    if not isinstance(numbers, list):
        raise InputError("numbers: 应为列表 / must be a list of {label, value, unit}")
    clean = []
    for i, item in enumerate(numbers, start=1):
        if not isinstance(item, dict) or not str(item.get("label") or "").strip():
            raise InputError(f"numbers[{i}], label: 必填 / required")
        value = item.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(f"numbers[{i}], value: 应为数字 / must be a number: {value!r}")
        clean.append(
            {
                "label": str(item["label"]).strip(),
                "value": value,
                "unit": str(item.get("unit") or ""),
            }
        )
    return json.dumps(clean, ensure_ascii=False)


def get_report(*, db_session: Session, report_id: int) -> ProgressReportRow:
    row = db_session.get(ProgressReportRow, report_id)
    if row is None:
        raise NotFound(f"report: 进展报告不存在 / no such progress report: {report_id}")
    return row


def find_report(
    *, db_session: Session, period: ReportingPeriodRow, task_key: str
) -> ProgressReportRow | None:
    return db_session.scalar(
        select(ProgressReportRow).where(
            ProgressReportRow.period_id == period.id, ProgressReportRow.task_key == task_key
        )
    )


def save_report(
    *,
    db_session: Session,
    plan_id: int,
    period: ReportingPeriodRow,
    task_key: str,
    unit_name: str,
    actor: str,
    narrative: str | None = None,
    percent: int | None = None,
    numbers: list[dict[str, Any]] | None = None,
    illustrative: bool = False,
) -> ProgressReportRow:
    """Write (or edit) the report on ``task_key`` for ``period``. Only drafts and returned
    reports can be edited; a submitted or approved one is a conflict."""
    if percent is not None and not 0 <= percent <= 100:
        raise InputError(f"percent: 应在 0–100 之间 / must be within 0-100: {percent}")
    row = find_report(db_session=db_session, period=period, task_key=task_key)
    before = report_snapshot(row) if row else None
    if row is None:
        row = ProgressReportRow(
            plan_id=plan_id,
            period_id=period.id,
            task_key=task_key,
            unit_name=unit_name,
            narrative="",
            numbers="[]",
            state=ReportState.DRAFT.value,
            illustrative=illustrative,
            created_by=actor,
        )
        db_session.add(row)
    elif ReportState(row.state) not in EDITABLE:
        raise Conflict(
            f"report: 报告 {row.id} 状态为「{ReportState(row.state).label}」，不能修改 / report "
            f"{row.id} is {row.state}: only drafts and returned reports can be edited"
        )
    if narrative is not None:
        row.narrative = narrative
    if percent is not None:
        row.percent = percent
    if numbers is not None:
        row.numbers = _check_numbers(numbers)
    if before is not None and row.illustrative and not illustrative:
        # 示意数据 stays only while the report still holds an invented text or number.
        row.illustrative = still_illustrative(before, report_snapshot(row))
    row.unit_name = unit_name
    row.updated_at = utcnow()
    db_session.flush()
    record(
        db_session=db_session,
        actor=actor,
        action="update" if before else "create",
        entity="tracking_progress_report",
        entity_id=row.id,
        before=before,
        after=report_snapshot(row),
    )
    return row


def submit_report(*, db_session: Session, report: ProgressReportRow, actor: str) -> None:
    if ReportState(report.state) not in EDITABLE:
        raise Conflict(f"report: 报告 {report.id} 已是「{report.state}」 / already {report.state}")
    if not report.narrative.strip():
        raise InputError("narrative: 提交前须填写进展情况 / a report needs its narrative")
    before = report_snapshot(report)
    report.state = ReportState.SUBMITTED.value
    report.submitted_by = actor
    report.submitted_at = utcnow()
    # A resubmission answers the last review: its comment stays in the audit trail only.
    report.review_comment = None
    record(
        db_session=db_session,
        actor=actor,
        action="submit",
        entity="tracking_progress_report",
        entity_id=report.id,
        before=before,
        after=report_snapshot(report),
    )


def review_report(
    *,
    db_session: Session,
    report: ProgressReportRow,
    decision: str,
    comment: str | None,
    actor: str,
) -> None:
    """The climate office's review: ``approve``, or ``return`` with a comment (required)."""
    if report.state != ReportState.SUBMITTED:
        raise Conflict(
            f"report: 仅已提交的报告可以审核，报告 {report.id} 为「{report.state}」 / only "
            f"submitted reports can be reviewed; report {report.id} is {report.state}"
        )
    if decision not in ("approve", "return"):
        raise InputError(
            f"decision: 应为 approve 或 return / must be approve or return: {decision}"
        )
    if decision == "return" and not (comment or "").strip():
        raise InputError("comment: 退回须说明意见 / returning a report needs a comment")
    before = report_snapshot(report)
    report.state = (ReportState.APPROVED if decision == "approve" else ReportState.RETURNED).value
    report.review_comment = (comment or "").strip() or None
    report.reviewed_by = actor
    report.reviewed_at = utcnow()
    record(
        db_session=db_session,
        actor=actor,
        action=decision,
        entity="tracking_progress_report",
        entity_id=report.id,
        before=before,
        after=report_snapshot(report),
    )


def save_contribution(
    *,
    db_session: Session,
    report: ProgressReportRow,
    unit_name: str,
    text: str,
    actor: str,
    numbers: list[dict[str, Any]] | None = None,
) -> ContributionRow:
    """A co-operating unit's part of a report (one per unit; a second call replaces it)."""
    if not text.strip():
        raise InputError("text: 必填 / required")
    if ReportState(report.state) not in EDITABLE:
        raise Conflict(f"report: 报告 {report.id} 已提交，不能再补充 / already {report.state}")
    row = next((c for c in report.contributions if c.unit_name == unit_name), None)
    before = {"unit": row.unit_name, "text": row.text} if row else None
    if row is None:
        row = ContributionRow(report_id=report.id, unit_name=unit_name, text="", author=actor)
        report.contributions.append(row)
    row.text = text.strip()
    row.numbers = _check_numbers(numbers)
    row.author = actor
    row.updated_at = utcnow()
    db_session.flush()
    record(
        db_session=db_session,
        actor=actor,
        action="update" if before else "create",
        entity="tracking_report_contribution",
        entity_id=row.id,
        before=before,
        after={"report": report.id, "unit": unit_name, "text": row.text},
    )
    return row


def list_reports(
    *,
    db_session: Session,
    plan_id: int,
    period_key: str | None = None,
    task_key: str | None = None,
    state: str | None = None,
) -> list[ProgressReportRow]:
    stmt = (
        select(ProgressReportRow)
        .join(ReportingPeriodRow)
        .where(ProgressReportRow.plan_id == plan_id)
        .options(
            selectinload(ProgressReportRow.period),
            selectinload(ProgressReportRow.contributions),
            selectinload(ProgressReportRow.attachments),
        )
    )
    if period_key:
        stmt = stmt.where(ReportingPeriodRow.key == period_key)
    if task_key:
        stmt = stmt.where(ProgressReportRow.task_key == task_key)
    if state:
        stmt = stmt.where(ProgressReportRow.state == state)
    return list(db_session.scalars(stmt.order_by(ReportingPeriodRow.due_on, ProgressReportRow.id)))


@dataclass(frozen=True)
class LeadTask:
    """A measure task that has a lead unit (it owes progress reports)."""

    key: str
    title: str
    lead_units: tuple[str, ...]


def lead_tasks(*, db_session: Session, plan_id: int) -> list[LeadTask]:
    """Every measure task that has a lead unit, in plan order."""
    rows = db_session.scalars(
        select(TaskRow)
        .where(TaskRow.plan_id == plan_id, TaskRow.kind == "measure")
        .options(selectinload(TaskRow.units).selectinload(TaskUnitRow.unit))
        .order_by(TaskRow.position)
    )
    out = []
    for t in rows:
        leads = tuple(
            u.unit.name for u in sorted(t.units, key=lambda u: u.position) if u.role == "lead"
        )
        if leads:
            out.append(LeadTask(t.key, t.title, leads))
    return out


def report_ledger(
    *,
    db_session: Session,
    plan_id: int,
    as_of: date,
    unit: str | None = None,
    year: int | None = None,
    include_done: bool = False,
) -> list[Owed]:
    """Every (period, task) report due by the open periods, with its state. Without
    ``include_done`` only what is still owed (not submitted) is listed; ``overdue`` marks those
    past their deadline on ``as_of``; ``late`` marks reports submitted after the deadline."""
    periods: list[ReportingPeriodRow | Period] = list(
        list_periods(db_session=db_session, plan_id=plan_id, year=year)
    )
    first = db_session.scalar(
        select(func.min(ReportingPeriodRow.year)).where(ReportingPeriodRow.plan_id == plan_id)
    )
    periods += _not_yet_opened({p.key for p in periods}, first, as_of=as_of, year=year)
    periods.sort(key=lambda p: p.due_on)
    tasks = lead_tasks(db_session=db_session, plan_id=plan_id)
    if unit is not None:
        tasks = [t for t in tasks if unit in t.lead_units]
    reports = {
        (r.period_id, r.task_key): r
        for r in db_session.scalars(
            select(ProgressReportRow).where(ProgressReportRow.plan_id == plan_id)
        )
    }
    out = []
    for p in periods:
        for t in tasks:
            r = reports.get((p.id, t.key)) if isinstance(p, ReportingPeriodRow) else None
            submitted = r is not None and r.state in (ReportState.SUBMITTED, ReportState.APPROVED)
            if submitted and not include_done:
                continue
            late = bool(submitted and r and r.submitted_at and r.submitted_at.date() > p.due_on)
            overdue = (not submitted and p.due_on < as_of) or late
            out.append(
                Owed(
                    p.key,
                    t.key,
                    t.title,
                    t.lead_units,
                    p.due_on,
                    r.state if r else None,
                    overdue,
                    late,
                )
            )
    return out


def _not_yet_opened(
    keys: set[str], since: int | None, *, as_of: date, year: int | None
) -> list[Period]:
    """Periods a unit owes that nobody has opened yet: once a plan's reporting is opened (its
    first year ``since``), every later quarter and year that has started by ``as_of`` is owed
    too."""
    if since is None:
        return []
    return [
        p
        for p in periods_started_by(as_of, since_year=since)
        if p.key not in keys and (year is None or p.year == year)
    ]


def unit_names(*, db_session: Session) -> set[str]:
    return set(db_session.scalars(select(OrgUnitRow.name)))
