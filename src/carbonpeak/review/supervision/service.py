"""Inspection cases (节能监察): open with findings and a rectification deadline, follow up, close,
record penalties; every change audited. The tiered-price surcharge is computed from the
enterprise's monitored unit consumption over a year (monitoring's process months: Σ electricity
÷ Σ output)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, get_args

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak import audit
from carbonpeak.core.errors import InputError, NotFound, Problem
from carbonpeak.monitoring import CST, get_enterprise, process_months
from carbonpeak.review.orm import InspectionRow
from carbonpeak.review.supervision.tiered import applicable, later_unverified, rule, surcharge

#: The states of an inspection case (the API's enum is this type).
CaseState = Literal["open", "rectifying", "closed"]
STATES: tuple[str, ...] = get_args(CaseState)


def tiered_surcharge(
    *,
    db_session: Session,
    enterprise_code: str,
    year: int,
    rule_name: str | None = None,
    category: str | None = None,
) -> dict[str, Any] | None:
    """The surcharge the enterprise owes for ``year`` under the rule of its industry and year
    (the latest rule not UNVERIFIED; ``rule_name`` to choose one), from its metered unit
    consumption (Σ electricity or energy ÷ Σ output of its processes); with ``category``
    (淘汰类, 限制类) the differential price too. None when no rule covers the industry."""
    ent = get_enterprise(db_session=db_session, code=enterprise_code)
    industry = ent.industry_code.lstrip("CDI")
    chosen = [rule(rule_name)] if rule_name else applicable(industry, year)[:1]
    if not chosen:
        return None
    r = chosen[0]
    months = process_months(
        db_session=db_session,
        enterprise_code=ent.code,
        start=datetime(year, 1, 1, tzinfo=CST),
        end=datetime(year + 1, 1, 1, tzinfo=CST),
    )
    per_t = "kgce_per_t" if r.metric == "kgce_per_t" else "kwh_per_t"
    used = [m for m in months if getattr(m, per_t) is not None]
    kwh_all = sum(m.electricity_kwh for m in months)
    kwh = sum(m.electricity_kwh for m in used)
    output = sum(m.output_t for m in used)
    if per_t == "kgce_per_t":
        value = 1000 * sum(m.energy_tce for m in used) / output if output else None
    else:
        value = kwh / output if output else None
    owed = surcharge(r, value, kwh)
    if value is None and r.basis != "category":
        reason = "无计量的单位产品能耗 / no metered unit consumption for this measure"
    elif owed is None:
        reason = f"限额或加价标准未核实 / limit or rates not verified ({r.status}): {r.note}"
    else:
        reason = ""
    later = [u.rule for u in later_unverified(industry, year) if u.rule != r.rule]
    out: dict[str, Any] = {
        "rule": r.rule,
        "measure": r.measure,
        "basis": r.basis,
        "document": r.document,
        "date": r.date,
        "status": r.status,
        "url": r.url,
        "threshold": r.threshold,
        "unit": r.unit,
        "value": None if value is None else round(value, 2),
        "unit_kwh_per_t": None if value is None or per_t != "kwh_per_t" else round(value, 2),
        "over_limit_pct": (
            round(100 * (value - r.limit) / abs(r.limit), 2)
            if value is not None and r.limit
            else None
        ),
        "electricity_kwh": kwh,
        "computed": owed is not None,
        "surcharge_yuan_per_kwh": owed[0] if owed else None,
        # None, not 0.0, when not computed: nothing is known to be owed or not
        "tiered_amount_yuan": owed[1] if owed else None,
        "amount_yuan": owed[1] if owed else None,
        "reason": reason,
        "later_unverified_rules": later,
        "year": year,
    }
    if category:
        diff = applicable(industry, year, category=True)
        if diff:
            d = surcharge(diff[0], None, kwh_all, category=category)
            out["differential"] = {
                "rule": diff[0].rule,
                "category": category,
                "document": diff[0].document,
                "status": diff[0].status,
                "surcharge_yuan_per_kwh": d[0] if d else None,
                "amount_yuan": d[1] if d else None,
                "electricity_kwh": kwh_all,
            }
            out["differential_amount_yuan"] = d[1] if d else None
            # the total only when both parts are computed: a known differential beside an
            # unknown tiered part is not the amount owed
            parts = (out["tiered_amount_yuan"], out["differential_amount_yuan"])
            out["amount_yuan"] = None if None in parts else round(sum(parts), 2)
    return out


def open_case(
    *,
    db_session: Session,
    enterprise_code: str,
    findings: str,
    opened_on: date,
    deadline: date | None,
    penalty_yuan: float,
    actor: str,
    project_id: int | None = None,
) -> InspectionRow:
    problems = []
    if not findings.strip():
        problems.append(Problem(None, "findings", "监察发现必填 / findings required"))
    if deadline is not None and deadline < opened_on:
        problems.append(Problem(None, "deadline", "整改期限早于立案日期 / before the opening date"))
    if penalty_yuan < 0:
        problems.append(Problem(None, "penalty_yuan", "不能为负数 / must not be negative"))
    if problems:
        fields = ", ".join(p.field for p in problems)
        raise InputError(f"监察案件有误 / bad inspection case ({fields})", problems)
    ent = get_enterprise(db_session=db_session, code=enterprise_code)
    owed = tiered_surcharge(
        db_session=db_session, enterprise_code=ent.code, year=opened_on.year - 1
    )
    row = InspectionRow(
        enterprise_code=ent.code,
        project_id=project_id,
        opened_on=opened_on,
        findings=findings,
        deadline=deadline,
        penalty_yuan=penalty_yuan,
        surcharge_yuan=owed["amount_yuan"] if owed else None,
        created_by=actor,
    )
    db_session.add(row)
    db_session.flush()
    audit.record(
        db_session=db_session,
        actor=actor,
        action="review.inspect.open",
        entity="review_inspection",
        entity_id=row.id,
        after={
            "enterprise": ent.code,
            "findings": findings,
            "deadline": deadline,
            "penalty_yuan": penalty_yuan,
            "surcharge": owed,
        },
    )
    return row


def update_case(
    *,
    db_session: Session,
    case_id: int,
    status: str,
    note: str,
    actor: str,
    penalty_yuan: float | None = None,
) -> InspectionRow:
    row = db_session.get(InspectionRow, case_id)
    if row is None:
        raise NotFound(f"监察案件不存在 / no such case: {case_id}")
    if status not in STATES:
        raise InputError(f"status 应为 {', '.join(STATES)}", [Problem(None, "status", status)])
    before = {"status": row.status, "penalty_yuan": row.penalty_yuan}
    row.status = status
    if penalty_yuan is not None:
        row.penalty_yuan = penalty_yuan
    row.findings = f"{row.findings}\n[{date.today()} {actor}] {note}" if note else row.findings
    audit.record(
        db_session=db_session,
        actor=actor,
        action="review.inspect.update",
        entity="review_inspection",
        entity_id=row.id,
        before=before,
        after={"status": status, "penalty_yuan": row.penalty_yuan, "note": note},
    )
    return row


def list_cases(*, db_session: Session, today: date | None = None) -> list[dict[str, Any]]:
    today = today or date.today()
    return [
        {
            "id": c.id,
            "enterprise_code": c.enterprise_code,
            "project_id": c.project_id,
            "opened_on": c.opened_on,
            "findings": c.findings,
            "deadline": c.deadline,
            "overdue": bool(c.deadline and c.deadline < today and c.status != "closed"),
            "status": c.status,
            "penalty_yuan": c.penalty_yuan,
            "surcharge_yuan": c.surcharge_yuan,
            "created_by": c.created_by,
        }
        for c in db_session.scalars(select(InspectionRow).order_by(InspectionRow.id))
    ]
