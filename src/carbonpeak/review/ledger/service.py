"""The quota ledger by district: credits, debits (approved projects); every entry audited. The
caller commits.

Credits are derived where the platform knows the figures (:func:`record_event`): a closure of a
register project (its assessed dual-control energy) or of a metered plant (its last 12 months
of metered energy, 等价值, annualised over the days metered), a retrofit of a metered plant (12
months before against the days metered since), new renewable supply (kWh × the year's
供电标准煤耗). Each event keeps its figures, how the credit was derived and the evidence.
Everything else is a manual credit, which needs its evidence too."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak import audit
from carbonpeak.core.errors import InputError, NotFound, Problem
from carbonpeak.monitoring import CST, enterprise_summary, get_enterprise
from carbonpeak.regions import find_region
from carbonpeak.review.assessment.reference import coal_rate
from carbonpeak.review.budgets.rules import equal_value
from carbonpeak.review.budgets.service import electricity_equivalent_tce_per_kwh
from carbonpeak.review.ledger.rules import (
    annualised,
    balance,
    closure_credit,
    ratios,
    renewable_credit,
    retrofit_credit,
)
from carbonpeak.review.orm import CreditEventRow, DecisionRow, ProjectRow, QuotaEntryRow

ORIGINS = ("manual", "closure", "retrofit", "renewable")
#: events before this year are refused (the platform's years; no date arithmetic overflows)
FIRST_YEAR = 2000
EVENT_KINDS = ORIGINS[1:]


def add_entry(
    *,
    db_session: Session,
    district: str,
    kind: str,
    tce: float,
    reason: str,
    actor: str,
    project_id: int | None = None,
    source: str = "",
    evidence: str = "",
    origin: str = "manual",
    event_id: int | None = None,
) -> QuotaEntryRow:
    region = find_region(district)
    problems = []
    if kind == "credit" and origin == "manual" and not evidence.strip():
        problems.append(
            Problem(None, "evidence", "手工录入的指标须附依据 / a manual credit needs its evidence")
        )
    if region is None:
        problems.append(Problem(None, "district", f"未知区县 / unknown district {district!r}"))
    if kind not in ("credit", "debit"):
        problems.append(Problem(None, "kind", "应为 credit 或 debit"))
    if not tce > 0:
        problems.append(Problem(None, "tce", "应为正数 / must be positive"))
    if problems:
        fields = ", ".join(p.field for p in problems)
        raise InputError(f"指标台账条目有误 / bad ledger entry ({fields})", problems)
    assert region is not None
    row = QuotaEntryRow(
        district=region.code,
        kind=kind,
        tce=tce,
        reason=reason,
        project_id=project_id,
        source=source[:200],
        created_by=actor,
        origin=origin,
        event_id=event_id,
        evidence=evidence,
    )
    db_session.add(row)
    db_session.flush()
    audit.record(
        db_session=db_session,
        actor=actor,
        action=f"review.quota.{kind}",
        entity="review_quota_entry",
        entity_id=row.id,
        after={
            "district": row.district,
            "tce": tce,
            "reason": reason,
            "project_id": project_id,
            "origin": origin,
            "event_id": event_id,
            "evidence": evidence,
        },
    )
    return row


def _metered(
    db_session: Session, enterprise_code: str, start: date, end: date
) -> tuple[float, int, str]:
    """Annual dual-control energy (tce, 等价值) of a metered plant from the days metered in
    [start, end), the number of days and how it was derived."""
    s = enterprise_summary(
        db_session=db_session,
        enterprise_code=enterprise_code,
        period="day",
        start=datetime(start.year, start.month, start.day, tzinfo=CST),
        end=datetime(end.year, end.month, end.day, tzinfo=CST),
    )
    days = list(s.comprehensive_tce.values())
    if not days:
        return 0.0, 0, ""
    per_kwh, per_kwh_id = electricity_equivalent_tce_per_kwh()
    rate, _ = coal_rate(start.year)
    eq = sum(days)
    ev = equal_value(eq, s.by_energy_tce.get("electricity", 0.0), per_kwh, rate.gce_per_kwh * 1e-6)
    annual = annualised(ev, len(days))
    how = (
        f"在线监测 {enterprise_code} {start}–{end}: {len(days)} 天 days metered, 当量值 {eq:,.1f} "
        f"tce, 等价值 {ev:,.1f} tce (电力 {per_kwh_id} → {rate.gce_per_kwh} gce/kWh {rate.year}), "
        f"× 365 ÷ days = {annual:,.1f} tce/yr"
    )
    return annual, len(days), how


def record_event(
    *,
    db_session: Session,
    kind: str,
    occurred_on: date,
    evidence: str,
    actor: str,
    project_id: int | None = None,
    enterprise_code: str | None = None,
    district: str | None = None,
    renewable_kwh: float | None = None,
    description: str = "",
    today: date | None = None,
) -> CreditEventRow:
    """Record a closure, retrofit or new renewable supply and credit the district's quota by
    what the platform derives from it. Refused (nothing stored) when the figures are missing."""
    problems: list[Problem] = []
    if kind not in EVENT_KINDS:
        raise InputError(
            f"未知类型 / unknown kind {kind!r}",
            [Problem(None, "kind", f"应为 {', '.join(EVENT_KINDS)}")],
        )
    if not evidence.strip():
        why = "须附依据 / evidence required (文件、验收、绿证)"
        problems.append(Problem(None, "evidence", why))
    today = today or date.today()
    if occurred_on > today or occurred_on.year < FIRST_YEAR:
        why = f"应在 {FIRST_YEAR} 年至今天之间 / must be between {FIRST_YEAR} and today"
        problems.append(Problem(None, "occurred_on", why))
        raise InputError(f"指标来源有误 / bad credit event (occurred_on): {why}", problems)
    before = after = None
    how = ""
    where = district or ""
    if kind == "closure" and project_id is not None:
        project = db_session.get(ProjectRow, project_id)
        if project is None:
            raise NotFound(f"项目 / project {project_id} not found")
        if project.dual_control_tce is None:
            problems.append(Problem(None, "project_id", "项目无评价结果 / not assessed"))
        elif db_session.scalar(
            select(CreditEventRow.id).where(
                CreditEventRow.project_id == project_id, CreditEventRow.kind == "closure"
            )
        ):
            problems.append(Problem(None, "project_id", "该项目已关停入账 / already credited"))
        else:
            before, after = project.dual_control_tce, 0.0
            how = (
                f"登记项目 register project #{project.id} {project.name}: 双控能耗 "
                f"{before:,.3f} tce/yr (等价值, assessment at submission)"
            )
        where = project.district
    elif kind in ("closure", "retrofit"):
        if not enterprise_code:
            field = "project_id/enterprise_code" if kind == "closure" else "enterprise_code"
            problems.append(Problem(None, field, "须指明项目或监测企业 / name the plant"))
        else:
            ent = get_enterprise(db_session=db_session, code=enterprise_code)
            region = find_region(ent.district) if ent.district else None
            where = region.code if region else ent.district
            year_before = occurred_on - timedelta(days=365)
            before, n, how_before = _metered(db_session, ent.code, year_before, occurred_on)
            if not n:
                why = "此前12个月无监测数据 / no metered days before"
                problems.append(Problem(None, "enterprise_code", why))
            elif kind == "closure":
                after, how = 0.0, how_before
            else:
                end = min(today, occurred_on + timedelta(days=365))
                after, m, how_after = _metered(db_session, ent.code, occurred_on, end)
                if not m:
                    problems.append(
                        Problem(None, "occurred_on", "改造后尚无监测数据 / no metered days since")
                    )
                how = f"改造前 before: {how_before}; 改造后 after: {how_after}"
    else:  # renewable
        if not renewable_kwh or not 0 < renewable_kwh < 1e13:
            problems.append(
                Problem(None, "renewable_kwh", "应为正数且小于 1e13 / positive, < 1e13")
            )
        if find_region(where) is None:
            problems.append(Problem(None, "district", f"未知区县 / unknown district {where!r}"))
    if problems:
        fields = ", ".join(p.field for p in problems)
        raise InputError(f"指标来源有误 / bad credit event ({fields})", problems)
    if kind == "renewable":
        assert renewable_kwh is not None
        rate, note = coal_rate(occurred_on.year)
        credit = renewable_credit(renewable_kwh, rate.gce_per_kwh)
        how = (
            f"新增可再生能源 {renewable_kwh:,.0f} kWh/yr × 供电标准煤耗 {rate.gce_per_kwh} gce/kWh "
            f"({rate.year}, {rate.status}) {note}".strip()
        )
    elif kind == "closure":
        assert before is not None
        credit = closure_credit(before)
    else:
        assert before is not None and after is not None
        credit = retrofit_credit(before, after)
        how += f"; credit = before − after = {credit:,.3f} tce/yr"
    if not credit > 0:
        raise InputError(
            "未形成可用指标 / no credit derived",
            [Problem(None, "credit_tce", f"derived {credit:,.3f} tce: {how}")],
        )
    event = CreditEventRow(
        kind=kind,
        district=find_region(where).code if find_region(where) else where,  # type: ignore[union-attr]
        project_id=project_id if kind == "closure" else None,
        enterprise_code=enterprise_code or "",
        occurred_on=occurred_on,
        description=description,
        before_tce=before,
        after_tce=after,
        renewable_kwh=renewable_kwh,
        credit_tce=credit,
        derivation=how,
        evidence=evidence,
        recorded_by=actor,
    )
    db_session.add(event)
    db_session.flush()
    audit.record(
        db_session=db_session,
        actor=actor,
        action=f"review.credit_event.{kind}",
        entity="review_credit_event",
        entity_id=event.id,
        after={"credit_tce": credit, "derivation": how, "evidence": evidence},
    )
    label = {"closure": "关停/淘汰落后产能", "retrofit": "节能改造", "renewable": "新增可再生能源"}
    add_entry(
        db_session=db_session,
        district=event.district,
        kind="credit",
        tce=credit,
        reason=f"{label[kind]} {description}".strip(),
        actor=actor,
        source=how,
        evidence=evidence,
        origin=kind,
        event_id=event.id,
    )
    return event


def district_balance(*, db_session: Session, district: str) -> float:
    rows = db_session.execute(
        select(QuotaEntryRow.kind, QuotaEntryRow.tce).where(QuotaEntryRow.district == district)
    )
    return balance((k, t) for k, t in rows)


def ledger(*, db_session: Session) -> dict[str, Any]:
    """Entries and balances by district: credits by origin, debits, the running balance after
    each entry, the substitution ratio each debit applied, and the audited exceptions (projects
    approved against a negative balance, with who approved them and why)."""
    rows = list(db_session.scalars(select(QuotaEntryRow).order_by(QuotaEntryRow.id)))
    project_ids = {r.project_id for r in rows if r.project_id is not None}
    projects = (
        {
            p.id: p
            for p in db_session.scalars(select(ProjectRow).where(ProjectRow.id.in_(project_ids)))
        }
        if project_ids
        else {}
    )
    exceptions: dict[int, DecisionRow] = {
        d.project_id: d
        for d in db_session.scalars(
            select(DecisionRow).where(DecisionRow.exception_reason != "").order_by(DecisionRow.id)
        )
    }
    districts: dict[str, list[QuotaEntryRow]] = {}
    for r in rows:
        districts.setdefault(r.district, []).append(r)
    out = []
    for d, entries in sorted(districts.items()):
        running = 0.0
        items = []
        by_origin = dict.fromkeys(ORIGINS, 0.0)
        credits = debits = 0.0
        district_exceptions = []
        for e in entries:
            running += e.tce if e.kind == "credit" else -e.tce
            project = projects.get(e.project_id) if e.project_id is not None else None
            ratio = None
            if e.kind == "credit":
                credits += e.tce
                by_origin[e.origin] = by_origin.get(e.origin, 0.0) + e.tce
            else:
                debits += e.tce
                if project is not None and project.dual_control_tce:
                    ratio = round(e.tce / project.dual_control_tce, 4)
            item = {
                "id": e.id,
                "kind": e.kind,
                "tce": e.tce,
                "reason": e.reason,
                "project_id": e.project_id,
                "project_name": project.name if project is not None else None,
                "ratio": ratio,
                "balance_after_tce": round(running, 3),
                "source": e.source,
                "origin": e.origin,
                "event_id": e.event_id,
                "evidence": e.evidence,
                "created_by": e.created_by,
                "created_at": e.created_at,
            }
            items.append(item)
            decision = exceptions.get(e.project_id) if e.project_id is not None else None
            if e.kind == "debit" and decision is not None:
                district_exceptions.append(
                    {
                        "project_id": e.project_id,
                        "project_name": item["project_name"],
                        "outcome": decision.outcome,
                        "debit_tce": e.tce,
                        "balance_after_tce": item["balance_after_tce"],
                        "exception_reason": decision.exception_reason,
                        "approved_by": decision.decided_by,
                        "approved_at": decision.decided_at,
                    }
                )
        region = find_region(d)
        out.append(
            {
                "district": d,
                "name": region.name_zh if region else d,
                "name_en": region.name_en if region else d,
                "credits_tce": round(credits, 3),
                "credits_by_origin_tce": {k: round(v, 3) for k, v in by_origin.items()},
                "debits_tce": round(debits, 3),
                "balance_tce": round(balance((e.kind, e.tce) for e in entries), 3),
                "entries": items,
                "exceptions": district_exceptions,
            }
        )
    return {
        "ratios": {
            ("two_high" if k else "other"): {"ratio": v[0], "rule": v[1], "source": v[2]}
            for k, v in ratios().items()
        },
        "districts": out,
    }
