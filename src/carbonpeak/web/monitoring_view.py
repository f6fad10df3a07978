"""What the monitoring pages show (重点用能单位在线监测), read through the monitoring domain's
public names (the registry; consumption and unit consumption against the limits; alerts and
data-quality findings). Nothing is computed here.

The window shown is the twelve months (China Standard Time) up to the enterprise's latest
reading; an enterprise with no readings shows its registry only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carbonpeak.auth import Principal, Role
from carbonpeak.core.errors import PermissionDenied
from carbonpeak.monitoring import (
    CST,
    EnterpriseSummary,
    ProcessMonth,
    enterprise_summary,
    get_enterprise,
    list_alerts,
    list_enterprises,
    list_findings,
    list_points,
    process_months,
    rejected_readings,
)
from carbonpeak.monitoring.orm import (
    AlertRow,
    EnterpriseRow,
    FindingRow,
    PointRow,
    ReadingRow,
    RejectedReadingRow,
)
from carbonpeak.web.i18n import N_

MONTHS = 12
FINDINGS_SHOWN = 50


@dataclass(frozen=True)
class EnterpriseLine:
    enterprise: EnterpriseRow
    open_alerts: int
    last_reading: datetime | None


@dataclass
class EnterpriseDetail:
    enterprise: EnterpriseRow
    points: list[PointRow]
    start: datetime | None = None
    end: datetime | None = None
    summary: EnterpriseSummary | None = None
    processes: list[ProcessMonth] = field(default_factory=list)
    alerts: list[AlertRow] = field(default_factory=list)
    findings: list[FindingRow] = field(default_factory=list)
    #: Readings refused at ingestion (point code, row), newest last, in the page's window.
    refused: list[tuple[str, RejectedReadingRow]] = field(default_factory=list)


#: Alert kinds and states as the pages say them (msgids).
ALERT_KINDS = {"limit": N_("limit exceeded"), "quality": N_("data quality"), "stale": N_("no data")}
ALERT_STATES = {"open": N_("open"), "acknowledged": N_("acknowledged"), "closed": N_("closed")}
REFUSED_SHOWN = 50
#: Every refused reading is listed, whenever it was labelled (the newest REFUSED_SHOWN).
EVER = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))


def shown_against(value: float, limits: list[float]) -> float:
    """``value`` rounded to one decimal, or to as many more as it takes not to land on a limit
    it differs from (45.04 next to "≤ 45" must not read "45")."""
    for digits in range(1, 6):
        shown = round(value, digits)
        if not any(shown == limit != value for limit in limits):
            return shown
    return value


def scope_of(user: Principal) -> str | None:
    """The one enterprise an enterprise user may see (None: all)."""
    return user.enterprise_code if user.role == Role.ENTERPRISE else None


def check_scope(user: Principal, code: str) -> None:
    own = scope_of(user)
    if own is not None and code.strip().upper() != own:
        raise PermissionDenied(
            f"只能查看本企业 {own} 的数据 / an enterprise user may only see enterprise {own}"
        )


def enterprises(db: Session, user: Principal) -> list[EnterpriseLine]:
    """The enterprises the user may see, with open alerts and the latest reading."""
    own = scope_of(user)
    alerts = dict(
        db.execute(
            select(AlertRow.enterprise_id, func.count())
            .where(AlertRow.state != "closed")
            .group_by(AlertRow.enterprise_id)
        ).all()
    )
    # The latest reading of each point (one primary-key lookup per point, whatever the
    # number of readings), then the latest per enterprise.
    last_ts = (
        select(func.max(ReadingRow.ts))
        .where(ReadingRow.point_id == PointRow.id)
        .correlate(PointRow)
        .scalar_subquery()
    )
    latest: dict[int, datetime] = {}
    for enterprise_id, ts in db.execute(select(PointRow.enterprise_id, last_ts)).all():
        if ts is not None and (enterprise_id not in latest or ts > latest[enterprise_id]):
            latest[enterprise_id] = ts
    return [
        EnterpriseLine(row, int(alerts.get(row.id, 0)), latest.get(row.id))
        for row in list_enterprises(db_session=db)
        if own is None or row.code == own
    ]


def _month_start(when: datetime) -> datetime:
    local = when.astimezone(CST)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _add_months(when: datetime, months: int) -> datetime:
    index = when.year * 12 + when.month - 1 + months
    return when.replace(year=index // 12, month=index % 12 + 1)


def window(db: Session, enterprise: EnterpriseRow) -> tuple[datetime, datetime] | None:
    """[start, end): the twelve months up to the latest reading (CST), or None."""
    points = [p.id for p in enterprise.points]
    last = max(
        (
            ts
            for ts in (
                db.scalar(select(func.max(ReadingRow.ts)).where(ReadingRow.point_id == point))
                for point in points
            )
            if ts is not None
        ),
        default=None,
    )
    if last is None:
        return None
    end = _add_months(_month_start(last), 1)
    return _add_months(end, -MONTHS), end


def detail(db: Session, code: str) -> EnterpriseDetail:
    ent = get_enterprise(db_session=db, code=code.strip().upper())
    page = EnterpriseDetail(ent, list_points(db_session=db, enterprise_code=ent.code))
    page.alerts = list_alerts(db_session=db, enterprise_code=ent.code)
    page.findings = list_findings(db_session=db, enterprise_code=ent.code, limit=FINDINGS_SHOWN)
    refused = rejected_readings(db_session=db, enterprise_code=ent.code, start=EVER[0], end=EVER[1])
    page.refused = refused[-REFUSED_SHOWN:]
    span = window(db, ent)
    if span is None:
        return page
    page.start, page.end = span
    page.summary = enterprise_summary(
        db_session=db, enterprise_code=ent.code, period="month", start=span[0], end=span[1]
    )
    page.processes = process_months(
        db_session=db, enterprise_code=ent.code, start=span[0], end=span[1]
    )
    return page
