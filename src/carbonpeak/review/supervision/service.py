"""Inspection cases (节能监察): open with findings and a rectification deadline, follow up, close,
record penalties; every change audited. The tiered-price surcharge is computed from the
enterprise's monitored unit consumption over a year (monitoring's process months: Σ electricity
÷ Σ output)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak import audit
from carbonpeak.core.errors import InputError, NotFound, Problem
from carbonpeak.monitoring import CST, get_enterprise, process_months
from carbonpeak.review.orm import InspectionRow
from carbonpeak.review.supervision.tiered import rule, rules, surcharge

STATES = ("open", "rectifying", "closed")


def tiered_surcharge(
    *, db_session: Session, enterprise_code: str, year: int, rule_name: str | None = None
) -> dict[str, Any] | None:
    """The surcharge the enterprise owes for ``year`` under the rule of its industry (None when
    no rule applies or it has no metered kWh/t process)."""
    ent = get_enterprise(db_session=db_session, code=enterprise_code)
    industry = ent.industry_code.lstrip("CDI")
    applicable = [r for r in rules().values() if r.industry == industry]
    if rule_name:
        applicable = [rule(rule_name)]
    if not applicable:
        return None
    r = applicable[0]
    months = process_months(
        db_session=db_session,
        enterprise_code=ent.code,
        start=datetime(year, 1, 1, tzinfo=CST),
        end=datetime(year + 1, 1, 1, tzinfo=CST),
    )
    kwh = sum(m.electricity_kwh for m in months if m.kwh_per_t is not None)
    output = sum(m.output_t for m in months if m.kwh_per_t is not None)
    if not output:
        return None
    unit = kwh / output
    rate, amount = surcharge(r, unit, kwh)
    return {
        "rule": r.rule,
        "document": r.document,
        "date": r.date,
        "status": r.status,
        "threshold": r.threshold,
        "unit_kwh_per_t": round(unit, 2),
        "electricity_kwh": kwh,
        "surcharge_yuan_per_kwh": rate,
        "amount_yuan": amount,
        "year": year,
    }


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
        surcharge_yuan=owed["amount_yuan"] if owed else 0.0,
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
