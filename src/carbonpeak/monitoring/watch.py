"""Data-quality findings and alerts in the database: run the rules of :mod:`.quality` over
stored readings, raise and close alerts once per episode (:mod:`.alerts`), and let people
acknowledge or close them. Keyword-only functions, session first; nothing here commits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carbonpeak.core.errors import InputError, NotFound
from carbonpeak.monitoring import quality
from carbonpeak.monitoring.alerts import (
    AlertKind,
    AlertState,
    Condition,
    check_transition,
    reconcile,
)
from carbonpeak.monitoring.analysis import process_months
from carbonpeak.monitoring.orm import (
    AlertRow,
    EnterpriseRow,
    FindingRow,
    PointRow,
    ReadingRow,
)
from carbonpeak.monitoring.registry import get_enterprise
from carbonpeak.monitoring.rollup import counter_segments, interval_segments

REALTIME_SOURCES = ("http", "mqtt")


def run_quality(
    *,
    db_session: Session,
    enterprise_code: str,
    start: datetime,
    end: datetime,
    rules: quality.Rules | None = None,
) -> list[FindingRow]:
    """Check every point of the enterprise over whole local days in [start, end); store the
    findings (replacing earlier findings of the same range)."""
    rules = rules or quality.Rules()
    ent = get_enterprise(db_session=db_session, code=enterprise_code)
    days = []
    day = start
    while day < end:
        days.append(day)
        day += timedelta(days=1)
    found: list[quality.Finding] = []
    for p in ent.points:
        raw = db_session.execute(
            select(ReadingRow.ts, ReadingRow.value, ReadingRow.received_at, ReadingRow.source)
            .where(ReadingRow.point_id == p.id, ReadingRow.ts >= start, ReadingRow.ts < end)
            .order_by(ReadingRow.ts)
        ).all()
        series = [(ts, v) for ts, v, _, _ in raw]
        stamps = [ts for ts, _ in series]
        # lateness is about real-time uploads; files and the simulator are back-fills by nature
        live = [(ts, got) for ts, _, got, src in raw if src in REALTIME_SOURCES]
        found += quality.late(p.code, live, rules=rules)
        found += quality.completeness(
            p.code, stamps, minutes=p.interval_minutes, days=days, rules=rules
        )[1]
        found += quality.gaps(p.code, stamps, minutes=p.interval_minutes)
        found += quality.misaligned(p.code, stamps, minutes=p.interval_minutes, rules=rules)
        found += quality.flatlines(p.code, series, kind=p.kind, rules=rules)
        if p.kind == "counter":
            segs, events = counter_segments(series, multiplier=p.multiplier, rollover=p.rollover)
            found += quality.counter_events(p.code, events)
        else:
            segs = interval_segments(series, minutes=p.interval_minutes, multiplier=p.multiplier)
        found += quality.spikes(p.code, segs, rules=rules)
    db_session.query(FindingRow).filter(
        FindingRow.enterprise_id == ent.id, FindingRow.start >= start, FindingRow.start < end
    ).delete()
    rows = [
        FindingRow(
            enterprise_id=ent.id,
            rule=f.rule,
            subject=f.subject,
            start=f.start,
            end=f.end,
            detail=f.detail,
        )
        for f in found
    ]
    db_session.add_all(rows)
    db_session.flush()
    return rows


def findings(*, db_session: Session, enterprise_code: str, limit: int = 500) -> list[FindingRow]:
    ent = get_enterprise(db_session=db_session, code=enterprise_code)
    query = select(FindingRow).where(FindingRow.enterprise_id == ent.id)
    return list(db_session.scalars(query.order_by(FindingRow.start.desc()).limit(limit)))


def evaluate_alerts(
    *,
    db_session: Session,
    enterprise_code: str,
    month_start: datetime,
    month_end: datetime,
    now: datetime | None = None,
    rules: quality.Rules | None = None,
) -> tuple[list[AlertRow], list[AlertRow]]:
    """Open and close alerts of the enterprise: limits exceeded in the month, a stale endpoint,
    and data-quality failures (completeness) found in the month. Returns (opened, closed)."""
    rules = rules or quality.Rules()
    now = now or datetime.now(UTC)
    ent = get_enterprise(db_session=db_session, code=enterprise_code)
    active: list[Condition] = []
    for pm in process_months(
        db_session=db_session, enterprise_code=ent.code, start=month_start, end=month_end
    ):
        for check in pm.classification.exceeded:
            active.append(
                Condition(
                    key=f"limit:{ent.code}:{pm.process}:{check.limit.grade}:{check.limit.indicator}",
                    kind=AlertKind.LIMIT,
                    enterprise=ent.code,
                    subject=pm.process,
                    message=f"{pm.name} {check.value:.1f} — {check.limit.describe()}",
                )
            )
    last = db_session.scalar(
        select(func.max(ReadingRow.ts)).join(PointRow).where(PointRow.enterprise_id == ent.id)
    )
    stale = quality.stale(ent.code, last, now=now, rules=rules)
    if stale is not None:
        active.append(
            Condition(f"stale:{ent.code}", AlertKind.STALE, ent.code, ent.code, stale.detail)
        )
    failing = db_session.scalars(
        select(FindingRow).where(
            FindingRow.enterprise_id == ent.id,
            FindingRow.rule == "completeness",
            FindingRow.start >= month_start,
            FindingRow.start < month_end,
        )
    ).all()
    for subject in sorted({f.subject for f in failing}):
        n = sum(1 for f in failing if f.subject == subject)
        active.append(
            Condition(
                f"quality:{ent.code}:completeness:{subject}",
                AlertKind.QUALITY,
                ent.code,
                subject,
                f"{subject}: {n} 天完整率不足 / {n} days below the completeness threshold",
            )
        )
    open_rows = {
        r.key: r
        for r in db_session.scalars(
            select(AlertRow).where(AlertRow.enterprise_id == ent.id, AlertRow.state != "closed")
        )
    }
    changes = reconcile(
        active, open_rows, scope=[f"limit:{ent.code}:", f"stale:{ent.code}", f"quality:{ent.code}:"]
    )
    opened = [
        AlertRow(
            key=c.key,
            kind=c.kind.value,
            enterprise_id=ent.id,
            subject=c.subject,
            message=c.message,
            state="open",
            opened_at=now,
        )
        for c in changes.to_open
    ]
    db_session.add_all(opened)
    closed = []
    for key in changes.to_close:
        row = open_rows[key]
        row.state, row.closed_at, row.closed_by = "closed", now, "system"
        row.note = "条件已消除 / condition cleared"
        closed.append(row)
    db_session.flush()
    return opened, closed


def list_alerts(
    *, db_session: Session, enterprise_code: str | None = None, state: str | None = None
) -> list[AlertRow]:
    query = select(AlertRow).join(EnterpriseRow)
    if enterprise_code:
        query = query.where(EnterpriseRow.code == enterprise_code)
    if state:
        query = query.where(AlertRow.state == state)
    return list(db_session.scalars(query.order_by(AlertRow.opened_at.desc(), AlertRow.id.desc())))


def set_alert_state(
    *, db_session: Session, alert_id: int, state: str, actor: str, note: str | None = None
) -> AlertRow:
    row = db_session.get(AlertRow, alert_id)
    if row is None:
        raise NotFound(f"没有预警 {alert_id} / no alert {alert_id}")
    why = check_transition(row.state, state)
    if why:
        raise InputError(why)
    now = datetime.now(UTC)
    if state == AlertState.ACKNOWLEDGED:
        row.acknowledged_at, row.acknowledged_by = now, actor
    else:
        row.closed_at, row.closed_by = now, actor
    row.state = state
    if note:
        row.note = note
    db_session.flush()
    return row
