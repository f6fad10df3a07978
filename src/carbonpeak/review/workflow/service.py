"""Decisions (审查意见) by a review officer, checked against the office's authority
(:mod:`.rules`) and the quota ledger; the opinion document; commissioning; each in the caller's
transaction with an audit entry."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy.orm import Session

from carbonpeak import audit
from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.core.errors import Conflict, InputError, NotFound, Problem
from carbonpeak.db.base import utcnow
from carbonpeak.monitoring import get_enterprise
from carbonpeak.review.ledger.rules import required_debit
from carbonpeak.review.ledger.service import add_entry, district_balance
from carbonpeak.review.model import Outcome, Status
from carbonpeak.review.orm import DecisionRow, ProjectRow
from carbonpeak.review.projects.service import detail, get_project
from carbonpeak.review.workflow.opinion import write_opinion
from carbonpeak.review.workflow.rules import HigherOpinion, refusal

DECIDERS = (Role.REVIEW_OFFICER, Role.ADMIN)


def decide(
    *,
    db_session: Session,
    project_id: int,
    outcome: Outcome | str,
    principal: Principal,
    reasons: str = "",
    conditions: str = "",
    exception_reason: str = "",
    on_behalf_of: str = "",
    authority_document: str = "",
    authority_document_date: date | None = None,
) -> DecisionRow:
    """审查意见 on a submitted project. Approval debits the district's quota by the dual-control
    energy × the substitution ratio; where the balance would go negative, only an explicit
    ``exception_reason`` (audited) lets it through.

    The office decides within its authority (:mod:`.rules`): a project above it (``authority``
    ``provincial``) takes a decision only as the record of the higher authority's opinion —
    ``on_behalf_of`` (its tier), ``authority_document`` (文号) and ``authority_document_date``;
    a project needing no separate review (``none``) takes none: it was stored ``exempt`` on
    submission (:func:`carbonpeak.review.model.status_on_submission`)."""
    require_role(principal, *DECIDERS)
    try:
        outcome = Outcome(outcome)
    except ValueError:
        raise InputError(
            "outcome 应为 approve/conditional/reject",
            [Problem(None, "outcome", f"unknown outcome {outcome!r}")],
        ) from None
    row = get_project(db_session=db_session, project_id=project_id, principal=principal)
    if row.status == Status.EXEMPT.value:
        none = refusal(row.authority, HigherOpinion())
        raise Conflict(none.message if none else f"项目 {row.id} 不单独进行节能审查 / exempt")
    if row.status != Status.SUBMITTED.value:
        raise Conflict(f"项目状态为 {Status(row.status).label}，不能审查 / not awaiting a decision")
    higher = HigherOpinion(
        on_behalf_of.strip(), authority_document.strip(), authority_document_date
    )
    refused = refusal(row.authority, higher, today=date.today())
    if refused is not None and refused.conflict:
        raise Conflict(refused.message)
    if refused is not None:
        raise InputError(refused.message, [Problem(None, refused.field, refused.message)])
    if outcome == Outcome.REJECT and not reasons.strip():
        raise InputError(
            "reasons: 不予通过须说明理由 / a rejection needs reasons",
            [Problem(None, "reasons", "理由必填 / required")],
        )
    if outcome == Outcome.CONDITIONAL and not conditions.strip():
        raise InputError(
            "有条件通过须列明条件", [Problem(None, "conditions", "条件必填 / required")]
        )
    debit = 0.0
    if outcome != Outcome.REJECT:
        debit = required_debit(row.dual_control_tce or 0.0, two_high=row.two_high)
        left = district_balance(db_session=db_session, district=row.district) - debit
        if left < 0 and not exception_reason.strip():
            raise Conflict(
                f"区县 {row.district} 用能指标不足（批准后余额 {left:,.1f} tce），"
                f"须说明例外理由 / the district quota would be negative ({left:,.1f} tce): "
                "an exception_reason is required"
            )
    assessment = json.loads(row.assessment or "{}")
    unit = {b["product"]: b["value"] for b in assessment.get("benchmarks", []) if b["value"]}
    decision = DecisionRow(
        project_id=row.id,
        outcome=outcome.value,
        reasons=reasons,
        conditions=conditions,
        approved_equivalent_tce=row.equivalent_tce if outcome != Outcome.REJECT else None,
        approved_equal_value_tce=row.equal_value_tce if outcome != Outcome.REJECT else None,
        approved_unit=json.dumps(unit, ensure_ascii=False),
        exception_reason=exception_reason,
        on_behalf_of=higher.on_behalf_of,
        authority_document=higher.document,
        authority_document_date=higher.on,
        decided_by=principal.username,
        decided_at=utcnow(),
    )
    db_session.add(decision)
    before = row.status
    row.status = outcome.status.value
    row.updated_at = utcnow()
    db_session.flush()
    if debit:
        add_entry(
            db_session=db_session,
            district=row.district,
            kind="debit",
            tce=debit,
            reason=f"项目 {row.id} {row.name} 审查通过",
            actor=principal.username,
            project_id=row.id,
        )
    audit.record(
        db_session=db_session,
        actor=principal.username,
        action="review.decide",
        entity="review_project",
        entity_id=row.id,
        before={"status": before},
        after={
            "status": row.status,
            "outcome": outcome.value,
            "reasons": reasons,
            "conditions": conditions,
            "exception_reason": exception_reason,
            "quota_debit_tce": debit,
            "authority": row.authority,
            "on_behalf_of": higher.on_behalf_of,
            "authority_document": higher.document,
            "authority_document_date": higher.on,
        },
    )
    return decision


def owner_name(*, db_session: Session, row: ProjectRow) -> str:
    """Whom the opinion is addressed to: the name the application gave, else the enterprise's
    name in the monitoring register (an enterprise user's application carries only its
    统一社会信用代码), else the code."""
    if row.owner_name.strip():
        return row.owner_name
    try:
        return get_enterprise(db_session=db_session, code=row.owner_uscc).name or row.owner_uscc
    except NotFound:
        return row.owner_uscc


def opinion(*, db_session: Session, project_id: int, principal: Principal) -> bytes:
    """节能审查意见 of the project's latest decision as .docx bytes, addressed by
    :func:`owner_name`; producing it is audited (who took which decision's document)."""
    row = get_project(db_session=db_session, project_id=project_id, principal=principal)
    if not row.decisions:
        raise NotFound("尚无审查意见 / no decision yet")
    addressee = owner_name(db_session=db_session, row=row)
    data = write_opinion({**detail(row), "owner_name": addressee})
    last = row.decisions[-1]
    audit.record(
        db_session=db_session,
        actor=principal.username,
        action="review.opinion",
        entity="review_project",
        entity_id=row.id,
        after={
            "decision_id": last.id,
            "outcome": last.outcome,
            "addressee": addressee,
            "on_behalf_of": last.on_behalf_of,
            "authority_document": last.authority_document,
        },
    )
    return data


def commission(
    *, db_session: Session, project_id: int, on: date, principal: Principal
) -> ProjectRow:
    """投产 An approved project goes into operation: the monthly comparison starts."""
    require_role(principal, *DECIDERS)
    row = get_project(db_session=db_session, project_id=project_id, principal=principal)
    if row.status not in (Status.APPROVED.value, Status.CONDITIONAL.value):
        raise Conflict("只有审查通过的项目可以投产 / only an approved project can be commissioned")
    row.status = Status.COMMISSIONED.value
    row.commissioned_on = on
    row.updated_at = utcnow()
    audit.record(
        db_session=db_session,
        actor=principal.username,
        action="review.commission",
        entity="review_project",
        entity_id=row.id,
        after={"commissioned_on": on},
    )
    return row
