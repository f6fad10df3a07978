"""``/api/v1/review/projects/{id}/decision|opinion|commission``: a review officer's decision,
the 节能审查意见 .docx, commissioning."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel

from carbonpeak.auth import Principal
from carbonpeak.auth.api import current_principal
from carbonpeak.core.errors import NotFound
from carbonpeak.core.openapi import download
from carbonpeak.db.api import Db
from carbonpeak.review.model import Outcome
from carbonpeak.review.projects.api import ProjectDetail
from carbonpeak.review.projects.service import detail, get_project
from carbonpeak.review.workflow import service
from carbonpeak.review.workflow.opinion import write_opinion

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DecisionIn(BaseModel):
    outcome: Outcome
    reasons: str = ""
    conditions: str = ""
    exception_reason: str = ""


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
    data = detail(get_project(db_session=db, project_id=project_id, principal=principal))
    if not data["decisions"]:
        raise NotFound("尚无审查意见 / no decision yet")
    headers = {"Content-Disposition": f'attachment; filename="opinion-{project_id}.docx"'}
    return Response(write_opinion(data), media_type=DOCX, headers=headers)


@router.post(
    "/projects/{project_id}/commission", summary="投产 / commission", response_model=ProjectDetail
)
def post_commission(
    project_id: int, body: CommissionIn, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    row = service.commission(db_session=db, project_id=project_id, on=body.on, principal=principal)
    db.commit()
    return detail(row)
