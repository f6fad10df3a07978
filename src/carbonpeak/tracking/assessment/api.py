"""HTTP API of the annual assessment: the payload (published snapshot, else the draft), compute
the draft (optionally with an uploaded scheme), publish (freeze)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, UploadFile
from pydantic import BaseModel, Field

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal, optional_principal
from carbonpeak.core.api import read_upload
from carbonpeak.core.errors import InputError, NotFound
from carbonpeak.core.responses import Number, Open, as_saved
from carbonpeak.db.api import Db
from carbonpeak.plan import get_plan
from carbonpeak.tracking.assessment import scoring
from carbonpeak.tracking.assessment import service as assessment
from carbonpeak.tracking.statuses.api import StatusOut

router = APIRouter(tags=["tracking 目标跟踪与考核"])
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class SchemeOut(Open):
    """The assessment scheme (考核办法) the scores were computed with."""

    name: str
    title: str
    version: int
    sha256: str
    text: str = Field(description="the scheme file (YAML)")


class UnitScoreOut(Open):
    """One unit's score and result (``scoring.UnitScore``)."""

    name: str
    kind: str = Field(description="department | district")
    target_score: Number | None
    task_score: Number | None
    deductions: Number
    score: Number | None
    result: str
    reasons_zh: list[str]
    reasons_en: list[str]
    targets: int
    tasks: int
    off_track: list[str]


class MilestoneOut(Open):
    title: str
    due_on: str
    completed_on: str | None
    overdue: bool


class AssessedTaskOut(Open):
    """One measure task of the assessment: its units, state, milestones and reports."""

    task: str
    title: str
    action: str | None
    lead_units: list[str]
    responsible_units: list[str]
    state: str
    percent: int
    completed_on: str | None
    responsible_person: str | None
    deadline: str | None
    milestones: list[MilestoneOut]
    reports: dict[str, str] = Field(description="period -> report state (missing: none)")
    overdue_reports: int
    overdue_milestones: int


class AssessmentOut(Open):
    """The annual assessment (年度评估): the year's targets and tasks with their statuses, each
    unit's score and result, the units to commend and to notify, and the scheme used.
    ``state`` is ``draft`` or ``published`` (a frozen snapshot)."""

    year: int
    state: str = Field(description="draft | published")
    scheme: SchemeOut
    units: list[UnitScoreOut]
    commend: list[str]
    notify: list[str]
    status_counts: dict[str, int]
    task_counts: dict[str, int]
    targets: list[StatusOut] = Field(description="each target's status as of 31 December")
    tasks: list[AssessedTaskOut]


class Published(BaseModel):
    """A published (frozen) assessment and its snapshot's digest."""

    year: int
    state: str
    sha256: str


@router.get(
    "/{plan_ref}/assessments/{year}",
    summary="年度评估 / annual assessment",
    # the stored snapshot or draft as saved: one written by an older version may lack a field
    response_model=as_saved(AssessmentOut),
)
def get_assessment(
    plan_ref: str,
    year: int,
    db: Db,
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> dict[str, Any]:
    """The published assessment (public), else the draft (login needed)."""
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    payload = assessment.payload_of(db_session=db, plan_id=plan.id, year=year)
    if payload.get("state") != "published":
        current_principal(principal)  # a draft: 401 for an anonymous caller
    return payload


@router.post(
    "/{plan_ref}/assessments/{year}",
    summary="计算年度评估（草稿） / compute draft",
    response_model=AssessmentOut,
)
async def run_assessment(
    plan_ref: str,
    year: int,
    db: Db,
    principal: CurrentPrincipal,
    scheme: Annotated[
        UploadFile | None, File(description="考核办法 YAML (default: the bundled scheme)")
    ] = None,
) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    chosen = None
    if scheme is not None:
        raw = await read_upload(scheme)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("scheme: 应为 UTF-8 YAML / must be UTF-8 YAML") from None
        chosen = scoring.scheme_from_text(text, source=scheme.filename or "scheme")
    assessment.run(db_session=db, plan=plan, year=year, actor=principal.username, scheme=chosen)
    db.commit()
    return assessment.payload_of(db_session=db, plan_id=plan.id, year=year)


@router.post(
    "/{plan_ref}/assessments/{year}/publish",
    summary="发布并冻结 / publish (freeze)",
    response_model=Published,
)
def publish_assessment(
    plan_ref: str, year: int, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    row = assessment.get_assessment(db_session=db, plan_id=plan.id, year=year)
    if row is None:
        raise NotFound(f"year: {year} 年尚无年度评估 / no assessment for {year}: run it first")
    snap = assessment.publish(db_session=db, assessment=row, actor=principal.username)
    db.commit()
    return {"year": year, "state": "published", "sha256": snap.sha256}
