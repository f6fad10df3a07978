"""``/api/v1/review/projects/{id}/decision|opinion|commission``: a review officer's decision
(above the office's authority: the record of the province's opinion), the 节能审查意见 .docx
(audited), commissioning."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from carbonpeak.auth import Principal
from carbonpeak.auth.api import current_principal
from carbonpeak.core.openapi import download
from carbonpeak.db.api import Db
from carbonpeak.review.model import Outcome
from carbonpeak.review.projects.api import ProjectDetail
from carbonpeak.review.projects.service import detail, get_project
from carbonpeak.review.workflow import service

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DecisionIn(BaseModel):
    outcome: Outcome
    reasons: str = ""
    conditions: str = ""
    exception_reason: str = ""
    on_behalf_of: str = Field(
        "",
        description="上级审查机关 (provincial): required, with the two fields below, for a "
        "project above this office's authority — the decision records that authority's opinion",
    )
    authority_document: str = Field("", description="上级审查意见文号, e.g. 黔发改环资〔2026〕1号")
    authority_document_date: date | None = Field(None, description="上级审查意见日期")


class CommissionIn(BaseModel):
    on: date


@router.post(
    "/projects/{project_id}/decision",
    status_code=201,
    summary="审查意见 / decide",
    response_model=ProjectDetail,
)
def post_decision(
    project_id: int, body: DecisionIn, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    service.decide(db_session=db, project_id=project_id, principal=principal, **body.model_dump())
    db.commit()
    return detail(get_project(db_session=db, project_id=project_id, principal=principal))


@router.get(
    "/projects/{project_id}/opinion",
    summary="节能审查意见 (.docx)",
    response_class=Response,
    responses=download("节能审查意见 the review opinion (.docx)", DOCX),
)
def get_opinion(project_id: int, db: Db, principal: CurrentPrincipal) -> Response:
    data = service.opinion(db_session=db, project_id=project_id, principal=principal)
    db.commit()  # the audit entry of the document produced
    headers = {"Content-Disposition": f'attachment; filename="opinion-{project_id}.docx"'}
    return Response(data, media_type=DOCX, headers=headers)


@router.post(
    "/projects/{project_id}/commission", summary="投产 / commission", response_model=ProjectDetail
)
def post_commission(
    project_id: int, body: CommissionIn, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    row = service.commission(db_session=db, project_id=project_id, on=body.on, principal=principal)
    db.commit()
    return detail(row)
