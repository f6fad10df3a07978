"""Early warnings (预警) in the database: :func:`check` evaluates every target, logs status
changes, raises a warning once per key (target moved to at risk / off track, value overdue,
progress report overdue) and resolves warnings that no longer hold. The decisions are the
pure functions of :mod:`carbonpeak.tracking.warnings.rules`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.audit import record
from carbonpeak.db.base import utcnow
from carbonpeak.tracking.indicators.service import list_indicators
from carbonpeak.tracking.model import Status, Warning
from carbonpeak.tracking.orm import EarlyWarningRow, StatusLogRow
from carbonpeak.tracking.reporting.service import report_ledger
from carbonpeak.tracking.statuses.service import TargetStatus, evaluate_plan, latest_value_dates
from carbonpeak.tracking.warnings import rules


@dataclass
class CheckResult:
    raised: list[EarlyWarningRow] = field(default_factory=list)
    resolved: list[EarlyWarningRow] = field(default_factory=list)
    status_changes: int = 0

    def summary(self) -> str:
        return (
            f"新预警 {len(self.raised)} 条，解除 {len(self.resolved)} 条，状态变化 "
            f"{self.status_changes} 个 / {len(self.raised)} warnings raised, "
            f"{len(self.resolved)} resolved, {self.status_changes} status changes"
        )


def _last_status(db_session: Session, link_id: int) -> Status | None:
    row = db_session.scalar(
        select(StatusLogRow)
        .where(StatusLogRow.link_id == link_id)
        .order_by(StatusLogRow.as_of.desc(), StatusLogRow.id.desc())
        .limit(1)
    )
    return Status(row.status) if row else None


def open_warnings(
    *, db_session: Session, plan_id: int, unit: str | None = None, include_resolved: bool = False
) -> list[EarlyWarningRow]:
    stmt = select(EarlyWarningRow).where(EarlyWarningRow.plan_id == plan_id)
    if not include_resolved:
        stmt = stmt.where(EarlyWarningRow.resolved_at.is_(None))
    rows = list(db_session.scalars(stmt.order_by(EarlyWarningRow.id)))
    if unit:
        rows = [r for r in rows if unit in r.units.split("、")]
    return rows


def _warnings_by_key(db_session: Session, plan_id: int) -> dict[str, EarlyWarningRow]:
    rows = db_session.scalars(select(EarlyWarningRow).where(EarlyWarningRow.plan_id == plan_id))
    return {r.key: r for r in rows}


def _status_warnings(
    db_session: Session,
    statuses: list[TargetStatus],
    *,
    as_of: date,
    existing: dict[str, EarlyWarningRow],
    result: CheckResult,
) -> tuple[list[Warning], set[str]]:
    """Log every status change; the warnings of targets that moved to at risk / off track, and
    the keys of earlier warnings that still hold (the target is still in that status)."""
    found: list[Warning] = []
    holding: set[str] = set()
    for s in statuses:
        current = s.result.status
        previous = _last_status(db_session, s.link.id)
        if previous != current:
            db_session.add(
                StatusLogRow(
                    link_id=s.link.id,
                    status=current.value,
                    as_of=as_of,
                    explanation=s.result.explanation,
                )
            )
            result.status_changes += 1
        w = rules.status_warning(
            key=f"status:{s.link.id}:{current.value}:{as_of}",
            target=f"{s.target.key}「{s.indicator.name}」",
            previous=previous,
            current=current,
            explanation_zh=s.result.explanation_zh,
            explanation_en=s.result.explanation_en,
            units=s.units,
        )
        if w is not None:
            found.append(w)
        if current in rules.ALERT_STATUSES:  # an earlier warning of this status still holds
            prefix = f"status:{s.link.id}:{current.value}:"
            holding.update(k for k in existing if k.startswith(prefix))
    return found, holding


def _overdue_values(
    db_session: Session, plan_id: int, statuses: list[TargetStatus], as_of: date
) -> list[Warning]:
    """Indicators with targets whose value for the latest due period is not in."""
    indicators = list_indicators(db_session=db_session, plan_id=plan_id)
    last = latest_value_dates(db_session=db_session, indicator_ids=[i.id for i in indicators])
    units_of = {s.indicator.id: s.units for s in statuses}
    found = []
    for ind in indicators:
        if not ind.targets:
            continue
        w = rules.overdue_value_warning(
            indicator_id=ind.id,
            indicator=ind.name,
            frequency=ind.frequency,
            lag_days=ind.lag_days,
            last_on=last.get(ind.id),
            as_of=as_of,
            units=units_of.get(ind.id, ()),
        )
        if w is not None:
            found.append(w)
    return found


def _overdue_reports(db_session: Session, plan_id: int, as_of: date) -> list[Warning]:
    return [
        rules.overdue_report_warning(
            task_key=owed.task,
            task_title=owed.task_title,
            period_key=owed.period,
            due_on=owed.due_on,
            units=owed.lead_units,
        )
        for owed in report_ledger(db_session=db_session, plan_id=plan_id, as_of=as_of)
        if owed.overdue
    ]


def _raise(
    db_session: Session,
    plan_id: int,
    found: list[Warning],
    existing: dict[str, EarlyWarningRow],
    result: CheckResult,
) -> None:
    """Store each warning found once per key; a resolved one that holds again is reopened."""
    for w in found:
        row = existing.get(w.key)
        if row is not None:
            if row.resolved_at is not None:  # it holds again (e.g. a report returned): reopen
                row.resolved_at = None
                row.raised_at = utcnow()
                result.raised.append(row)
            continue
        row = EarlyWarningRow(
            plan_id=plan_id, key=w.key, kind=w.kind, message=w.message, units="、".join(w.units)
        )
        db_session.add(row)
        existing[w.key] = row
        result.raised.append(row)


def _resolve(existing: dict[str, EarlyWarningRow], holding: set[str], result: CheckResult) -> None:
    """Open warnings that no longer hold are resolved."""
    for key, row in existing.items():
        if row.resolved_at is None and key not in holding and row not in result.raised:
            row.resolved_at = utcnow()
            result.resolved.append(row)


def check(*, db_session: Session, plan_id: int, as_of: date, actor: str) -> CheckResult:
    """Evaluate and warn. Running it twice on the same day raises nothing new."""
    result = CheckResult()
    existing = _warnings_by_key(db_session, plan_id)
    statuses = evaluate_plan(db_session=db_session, plan_id=plan_id, as_of=as_of)
    found, holding = _status_warnings(
        db_session, statuses, as_of=as_of, existing=existing, result=result
    )
    found += _overdue_values(db_session, plan_id, statuses, as_of)
    found += _overdue_reports(db_session, plan_id, as_of)
    holding.update(w.key for w in found)
    _raise(db_session, plan_id, found, existing, result)
    _resolve(existing, holding, result)
    db_session.flush()
    if result.raised or result.resolved:
        record(
            db_session=db_session,
            actor=actor,
            action="check",
            entity="tracking_warnings",
            entity_id=plan_id,
            after={
                "as_of": as_of,
                "raised": [r.key for r in result.raised],
                "resolved": [r.key for r in result.resolved],
            },
        )
    return result
