"""The project register (项目登记): an application is read, assessed and stored with its
assessment in one transaction, with an audit entry; an enterprise user registers and sees only
projects of its own 统一社会信用代码. The caller commits."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak import audit
from carbonpeak.auth import Principal, Role, normalize_uscc, uscc_problem
from carbonpeak.core.errors import InputError, NotFound, PermissionDenied, Problem
from carbonpeak.db.base import utcnow
from carbonpeak.review.assessment.projectfile import read_mapping
from carbonpeak.review.assessment.service import assess_project
from carbonpeak.review.model import Project, Status, status_on_submission
from carbonpeak.review.orm import ProjectRow

REGISTRARS = (Role.ADMIN, Role.REVIEW_OFFICER, Role.ENTERPRISE)


def _owner(project: Project, principal: Principal) -> str:
    """The USCC the project is registered under: an enterprise user's own, nobody else's."""
    code = normalize_uscc(project.owner_uscc) if project.owner_uscc else ""
    if principal.role == Role.ENTERPRISE:
        own = principal.enterprise_code or ""
        if code and code != own:
            raise PermissionDenied(
                f"只能申报本单位项目 / an enterprise submits its own projects only ({code} ≠ {own})"
            )
        return own
    if principal.role not in REGISTRARS:
        raise PermissionDenied(f"角色 {principal.role} 不能登记项目 / may not register projects")
    problem = uscc_problem(code) if code else "缺少统一社会信用代码 / owner_uscc missing"
    if problem:
        raise InputError(f"owner_uscc: {problem}", [Problem(None, "owner_uscc", str(problem))])
    return code


def submit(
    *,
    db_session: Session,
    data: Mapping[str, Any],
    principal: Principal,
    plan_ref: str | int = "1",
    source: str = "",
) -> ProjectRow:
    """申报 Register and submit an application: read, assess (the snapshot is kept), store.

    A project whose review authority is ``none`` (不单独进行节能审查) does not wait for a
    decision it cannot get: it is stored ``exempt`` (:func:`~carbonpeak.review.model.
    status_on_submission`), and the step from submitted to exempt is audited
    (``review.exempt``) beside the submission."""
    project = read_mapping(data)
    owner = _owner(project, principal)
    result = assess_project(db_session=db_session, project=project, plan_ref=plan_ref)
    payload = {**project.as_json(), "owner_uscc": owner}
    energy = result.energy
    row = ProjectRow(
        name=project.name,
        owner_uscc=owner,
        owner_name=project.owner_name,
        district=project.district,
        industry=project.industry,
        stage=project.stage.value,
        start_year=project.start_year,
        status=Status.SUBMITTED.value,
        payload=json.dumps(payload, ensure_ascii=False),
        assessment=json.dumps(result.as_json(with_trace=True), ensure_ascii=False),
        equivalent_tce=energy.total["equivalent"],
        equal_value_tce=energy.total["equal_value"],
        dual_control_tce=energy.dual_control["equal_value"],
        co2_t=energy.co2_t,
        two_high=result.two_high.two_high,
        authority=result.authority.level,
        source=source[:200],
        submitted_by=principal.username,
        submitted_at=utcnow(),
    )
    db_session.add(row)
    db_session.flush()
    audit.record(
        db_session=db_session,
        actor=principal.username,
        action="review.submit",
        entity="review_project",
        entity_id=row.id,
        after={
            "name": row.name,
            "owner_uscc": owner,
            "equivalent_tce": row.equivalent_tce,
            "equal_value_tce": row.equal_value_tce,
            "co2_t": row.co2_t,
            "status": row.status,
        },
    )
    status = status_on_submission(row.authority)
    if status != Status.SUBMITTED:
        row.status = status.value
        audit.record(
            db_session=db_session,
            actor=principal.username,
            action="review.exempt",
            entity="review_project",
            entity_id=row.id,
            before={"status": Status.SUBMITTED.value},
            after={
                "status": row.status,
                "authority": row.authority,
                "reason": result.authority.reason,
                "source": result.authority.source,
            },
        )
    return row


def import_rows(
    *,
    db_session: Session,
    rows: list[tuple[int, dict[str, Any]]],
    principal: Principal,
    source: str = "",
) -> list[ProjectRow]:
    """Submit every row of a register sheet, or none: problems of all rows are reported at once
    with their row numbers (the caller rolls back)."""
    problems: list[Problem] = []
    out: list[ProjectRow] = []
    for n, data in rows:
        try:
            out.append(submit(db_session=db_session, data=data, principal=principal, source=source))
        except InputError as exc:
            problems += [Problem(n, p.field, p.reason) for p in exc.problems] or [
                Problem(n, "row", str(exc))
            ]
    if problems:
        raise InputError(f"登记表有 {len(problems)} 处错误 / {len(problems)} problems", problems)
    return out


def visible(principal: Principal, row: ProjectRow) -> bool:
    return principal.role != Role.ENTERPRISE or row.owner_uscc == principal.enterprise_code


def list_projects(
    *, db_session: Session, principal: Principal, status: str | None = None
) -> list[ProjectRow]:
    """Projects the principal may see (an enterprise: its own), newest first."""
    stmt = select(ProjectRow).order_by(ProjectRow.id.desc())
    if principal.role == Role.ENTERPRISE:
        stmt = stmt.where(ProjectRow.owner_uscc == (principal.enterprise_code or ""))
    if status:
        stmt = stmt.where(ProjectRow.status == status)
    return list(db_session.scalars(stmt))


def get_project(*, db_session: Session, project_id: int, principal: Principal) -> ProjectRow:
    row = db_session.get(ProjectRow, project_id)
    if row is None or not visible(principal, row):
        raise NotFound(f"项目不存在 / no such project: {project_id}")
    return row


def summary(row: ProjectRow) -> dict[str, Any]:
    """The register row as JSON (the stored assessment under ``assessment``)."""
    return {
        "id": row.id,
        "name": row.name,
        "owner_uscc": row.owner_uscc,
        "owner_name": row.owner_name,
        "district": row.district,
        "industry": row.industry,
        "stage": row.stage,
        "start_year": row.start_year,
        "status": row.status,
        "status_label": Status(row.status).label,
        "equivalent_tce": row.equivalent_tce,
        "equal_value_tce": row.equal_value_tce,
        "dual_control_tce": row.dual_control_tce,
        "co2_t": row.co2_t,
        "two_high": row.two_high,
        "authority": row.authority,
        "submitted_by": row.submitted_by,
        "submitted_at": row.submitted_at,
        "source": row.source,
    }


def detail(row: ProjectRow) -> dict[str, Any]:
    return {
        **summary(row),
        "project": json.loads(row.payload),
        "assessment": json.loads(row.assessment) if row.assessment else None,
        "decisions": [
            {
                "id": d.id,
                "outcome": d.outcome,
                "reasons": d.reasons,
                "conditions": d.conditions,
                "decided_by": d.decided_by,
                "decided_at": d.decided_at,
                "exception_reason": d.exception_reason,
                "on_behalf_of": d.on_behalf_of,
                "authority_document": d.authority_document,
                "authority_document_date": d.authority_document_date,
            }
            for d in row.decisions
        ],
    }


def export_rows(*, db_session: Session, principal: Principal) -> list[dict[str, Any]]:
    """Register rows as the sheet writer takes them."""
    out = []
    for row in list_projects(db_session=db_session, principal=principal):
        out.append(
            {
                **json.loads(row.payload),
                "status": Status(row.status).label,
                "equivalent_tce": row.equivalent_tce,
                "equal_value_tce": row.equal_value_tce,
                "co2_t": row.co2_t,
            }
        )
    return out
