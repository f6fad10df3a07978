"""Data-quality findings and alerts in the database: run the rules of :mod:`.rules` over
stored readings (and the monthly totals of :mod:`carbonpeak.monitoring.monthly`, and the values
refused at ingestion kept by :mod:`carbonpeak.monitoring.rejected`), raise and close alerts once
per episode (:mod:`.alerts`), and let
people acknowledge or close them. Which rules raise alerts, and their thresholds, come from
``data/quality_rules.csv`` (:func:`.rules.load_config`). Keyword-only functions, session
first; nothing here commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, exists, func, select
from sqlalchemy.orm import Session

from carbonpeak.core.errors import InputError, NotFound
from carbonpeak.monitoring.consumption.service import process_months
from carbonpeak.monitoring.monthly import service as monthly
from carbonpeak.monitoring.orm import (
    AlertRow,
    EnterpriseRow,
    FindingRow,
    PointRow,
    ProcessRow,
    ReadingRow,
)
from carbonpeak.monitoring.quality import rules as quality
from carbonpeak.monitoring.quality.alerts import (
    AlertKind,
    AlertState,
    Condition,
    check_transition,
    reconcile,
)
from carbonpeak.monitoring.registry.service import get_enterprise
from carbonpeak.monitoring.rejected import service as rejections
from carbonpeak.monitoring.rollups.rollup import CST, counter_segments, interval_segments

REALTIME_SOURCES = ("http", "mqtt")
#: What a rule's findings mean, for alert messages (rules without an entry use their name).
RULE_TEXT = {
    "completeness": "完整率不足 completeness below threshold",
    "daily_monthly": "日数据与月数据不一致 daily vs monthly inconsistent",
    "negative": "不可能的数值 impossible values",
    "counter_reset": "累计值非翻转下降 counter decrease without rollover",
    "counter_rollover": "累计值翻转 counter rollover",
    "spike": "突增 spikes",
    "flatline": "数值长时间不变 flat-line",
    "alignment": "时标偏差 misaligned time labels",
    "gap": "缺数 missing uploads",
    "late": "迟到数据 late data",
}


def _config(config: quality.Config | None, rules: quality.Rules | None) -> quality.Config:
    config = config or quality.Config()
    return quality.Config(rules, config.specs) if rules is not None else config


def run_quality(
    *,
    db_session: Session,
    enterprise_code: str,
    start: datetime,
    end: datetime,
    rules: quality.Rules | None = None,
    config: quality.Config | None = None,
) -> list[FindingRow]:
    """Check every point of the enterprise over whole local days in [start, end), and the
    monthly totals of months starting in it, and report the values refused at ingestion
    (:mod:`carbonpeak.monitoring.rejected`, rule ``negative``); store the findings (replacing
    earlier findings of the same range)."""
    rules = _config(config, rules).rules
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
        found += quality.negative(p.code, series)
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
    found += monthly.consistency(
        db_session=db_session, enterprise_code=ent.code, start=start, end=end, rules=rules
    )
    # values refused at ingestion never reach mon_readings: the quarantine speaks for them
    refused: dict[str, list[tuple[datetime, str]]] = {}
    for code, row in rejections.rejected_readings(
        db_session=db_session, enterprise_code=ent.code, start=start, end=end
    ):
        refused.setdefault(code, []).append((rejections.when(row), row.value_text))
    for code, sent in refused.items():
        found += quality.refused(code, sent, start=start, end=end)
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
    config: quality.Config | None = None,
    enterprise: EnterpriseRow | EnterpriseRef | None = None,
    last_by_point: dict[str, datetime | None] | None = None,
    present: Present | None = None,
) -> tuple[list[AlertRow], list[AlertRow]]:
    """Open and close alerts of the enterprise: limits exceeded in the month, stale endpoints
    (the enterprise when all its points are silent, else each silent point), and data-quality
    failures: stored findings in [month_start, month_end) of every rule the rules file marks
    as alerting. One alert per (rule, subject) episode. Returns (opened, closed).
    ``enterprise`` and ``last_by_point`` (point code -> its last reading), where the caller
    has read them already (:func:`check_enterprise`), are not read again; nor is what
    ``present`` says is absent (no processes, no findings in the months, no open alert)."""
    config = _config(config, rules)
    now = now or datetime.now(UTC)
    ent = enterprise or get_enterprise(db_session=db_session, code=enterprise_code)
    present = present or Present()
    active: list[Condition] = []
    months = (
        process_months(
            db_session=db_session, enterprise_code=ent.code, start=month_start, end=month_end
        )
        if present.processes
        else []
    )
    for pm in months:
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
    if config.alerts("stale"):
        by_point = _last_by_point(db_session, ent.id) if last_by_point is None else last_by_point
        active += _stale_conditions(ent, by_point, now=now, rules=config.rules)
    failing = (
        db_session.scalars(_FINDINGS_IN, {"eid": ent.id, "lo": month_start, "hi": month_end}).all()
        if present.findings
        else []
    )
    episodes: dict[tuple[str, str], list[FindingRow]] = {}
    for f in failing:
        if f.rule != "stale" and config.alerts(f.rule):
            episodes.setdefault((f.rule, f.subject), []).append(f)
    for (rule, subject), rows in sorted(episodes.items()):
        first, last = rows[0].start.astimezone(CST), rows[-1].start.astimezone(CST)
        active.append(
            Condition(
                f"quality:{ent.code}:{rule}:{subject}",
                AlertKind.QUALITY,
                ent.code,
                subject,
                f"{subject}: {RULE_TEXT.get(rule, rule)} — {len(rows)} 条 findings "
                f"{first:%Y-%m-%d}…{last:%Y-%m-%d}; {rows[-1].detail}",
            )
        )
    open_rows = (
        {r.key: r for r in db_session.scalars(_NOT_CLOSED, {"eid": ent.id})}
        if present.open_alerts
        else {}
    )
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


def _stale_conditions(
    ent: EnterpriseRow | EnterpriseRef,
    last: dict[str, datetime | None],
    *,
    now: datetime,
    rules: quality.Rules,
) -> list[Condition]:
    """The enterprise's endpoint when every point is silent; otherwise each silent point
    (``last``: point code -> its last reading, :func:`_last_by_point`)."""
    silent = {
        code: finding
        for code, ts in sorted(last.items())
        if (finding := quality.stale(code, ts, now=now, rules=rules)) is not None
    }
    if len(silent) == len(last):
        newest = max((ts for ts in last.values() if ts is not None), default=None)
        whole = quality.stale(ent.code, newest, now=now, rules=rules)
        assert whole is not None  # every point is silent
        return [Condition(f"stale:{ent.code}", AlertKind.STALE, ent.code, ent.code, whole.detail)]
    return [
        Condition(f"stale:{ent.code}:{code}", AlertKind.STALE, ent.code, code, f.detail)
        for code, f in silent.items()
    ]


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


# ---------------------------------------------------------------- checks without a terminal

#: Months of limit checks back from an enterprise's latest reading (a scheduled or after-ingest
#: check raises every exceedance still going on, not only this month's).
LIMIT_MONTHS = 12
#: Months of data-quality rules back from the latest reading (the rules read every reading).
QUALITY_MONTHS = 2


def _months_back(ts: datetime, months: int) -> tuple[datetime, datetime]:
    """[first day of the month ``months - 1`` before ``ts``'s, first day of the next month),
    in local (CST) months."""
    local = ts.astimezone(CST)
    end_y, end_m = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    total = local.year * 12 + local.month - 1 - (months - 1)
    start = datetime(total // 12, total % 12 + 1, 1, tzinfo=CST)
    return start.astimezone(UTC), datetime(end_y, end_m, 1, tzinfo=CST).astimezone(UTC)


#: A point's last reading time: one index probe per point (``max(ts)`` of one point), where a
#: join grouped by point reads every reading of the enterprise (a year of a 15-minute meter:
#: 35,000 rows per point, for every after-ingest check).
_LAST_TS = (
    select(func.max(ReadingRow.ts))
    .where(ReadingRow.point_id == PointRow.id)
    .correlate(PointRow)
    .scalar_subquery()
)


def _last_by_point(db_session: Session, enterprise_id: int) -> dict[str, datetime | None]:
    """Point code -> the point's last reading (None: none yet), for every point of the
    enterprise."""
    return {code: ts for code, ts in db_session.execute(_LAST_BY_POINT, {"eid": enterprise_id})}


# The statements of the check run after every accepted package, built once (building a select
# per call costs more Python than SQLite takes to answer it; a reused one keeps its cache key).
_LAST_BY_POINT = select(PointRow.code, _LAST_TS).where(PointRow.enterprise_id == bindparam("eid"))
_FINDINGS_IN = (
    select(FindingRow)
    .where(
        FindingRow.enterprise_id == bindparam("eid"),
        FindingRow.start >= bindparam("lo"),
        FindingRow.start < bindparam("hi"),
    )
    .order_by(FindingRow.start)
)
_NOT_CLOSED = select(AlertRow).where(
    AlertRow.enterprise_id == bindparam("eid"), AlertRow.state != "closed"
)
#: An enterprise (by credit code) with each of its points and the point's last reading
_ENTERPRISE_LAST = (
    select(EnterpriseRow.id, EnterpriseRow.code, PointRow.code, _LAST_TS)
    .select_from(EnterpriseRow)
    .outerjoin(PointRow, PointRow.enterprise_id == EnterpriseRow.id)
    .where(EnterpriseRow.code == bindparam("code"))
)
#: Whether an enterprise has processes, findings in [lo, hi) and alerts not closed
_PRESENT = select(
    exists().where(ProcessRow.enterprise_id == bindparam("eid")),
    exists().where(
        FindingRow.enterprise_id == bindparam("eid"),
        FindingRow.start >= bindparam("lo"),
        FindingRow.start < bindparam("hi"),
    ),
    exists().where(AlertRow.enterprise_id == bindparam("eid"), AlertRow.state != "closed"),
)


def check_enterprise(
    *,
    db_session: Session,
    enterprise_code: str,
    now: datetime | None = None,
    with_quality: bool = True,
) -> tuple[list[AlertRow], list[AlertRow]]:
    """What ``monitor check`` does, over the months of the enterprise's latest readings: the
    data-quality rules (``with_quality``; the last ``QUALITY_MONTHS``), then alerts for limits
    (the last ``LIMIT_MONTHS``), silent meters and failing rules. (opened, closed)."""
    # This runs after every accepted gateway package (a package every 15 minutes from each
    # enterprise): the enterprise, its points' last readings and whether it has processes,
    # findings and open alerts at all are read in two statements, and the rows behind them
    # only where there are some (most enterprises have no open alert, most checks open none).
    ent, last = _enterprise_and_last(db_session, enterprise_code)
    latest = max((ts for ts in last.values() if ts is not None), default=None)
    if latest is None:
        return [], []
    if with_quality:
        lo, hi = _months_back(latest, QUALITY_MONTHS)
        run_quality(db_session=db_session, enterprise_code=ent.code, start=lo, end=hi)
    lo, hi = _months_back(latest, LIMIT_MONTHS)
    present = Present(*db_session.execute(_PRESENT, {"eid": ent.id, "lo": lo, "hi": hi}).one())
    return evaluate_alerts(
        db_session=db_session,
        enterprise_code=ent.code,
        month_start=lo,
        month_end=hi,
        now=now,
        enterprise=ent,
        last_by_point=last,
        present=present,
    )


@dataclass(frozen=True, slots=True)
class EnterpriseRef:
    """An enterprise as the alerts need it: its id and credit code."""

    id: int
    code: str


@dataclass(frozen=True, slots=True)
class Present:
    """Whether an enterprise has processes, findings in the months checked and alerts not
    closed (:func:`evaluate_alerts` reads the rows only of what is present; unknown: all)."""

    processes: bool = True
    findings: bool = True
    open_alerts: bool = True


def _enterprise_and_last(
    db_session: Session, code: str
) -> tuple[EnterpriseRef, dict[str, datetime | None]]:
    """The enterprise of credit code ``code`` and its points' last readings (point code -> the
    last reading; None: none yet), in one statement."""
    rows = db_session.execute(_ENTERPRISE_LAST, {"code": code.strip().upper()}).all()
    if not rows:  # no such enterprise: get_enterprise raises NotFound with its message
        ent = get_enterprise(db_session=db_session, code=code)
        return EnterpriseRef(ent.id, ent.code), {}
    eid, ent_code = rows[0][0], rows[0][1]
    return EnterpriseRef(eid, ent_code), {p: ts for _, _, p, ts in rows if p is not None}


def check_all(*, db_session: Session, now: datetime | None = None) -> dict[str, tuple[int, int]]:
    """:func:`check_enterprise` for every enterprise: code → (alerts opened, closed)."""
    out = {}
    for code in db_session.scalars(select(EnterpriseRow.code).order_by(EnterpriseRow.code)):
        opened, closed = check_enterprise(db_session=db_session, enterprise_code=code, now=now)
        out[code] = (len(opened), len(closed))
    return out
