"""``/api/v1/review/alerts`` (exceedances of approved values) and ``POST .../followup`` (run
the monthly comparison; review officer)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
from carbonpeak.core.responses import Open
from carbonpeak.db.api import Db
from carbonpeak.review.followup import service

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class ReviewAlertOut(BaseModel):
    """A month in which a project's metered use exceeded its approved value (超核定值)."""

    id: int
    project_id: int
    project: str
    month: str
    measure: str
    approved: float
    monitored: float
    excess_pct: float | None
    margin: float
    state: str


@router.get(
    "/alerts",
    summary="超审查核定值预警 / exceedances of approved values",
    response_model=list[ReviewAlertOut],
)
def get_alerts(
    db: Db, principal: CurrentPrincipal, project_id: int | None = None
) -> list[dict[str, Any]]:
    require_role(principal, Role.REVIEW_OFFICER, Role.ADMIN, Role.VIEWER, Role.UNIT_EDITOR)
    return service.list_review_alerts(db_session=db, project_id=project_id)


class FollowedProjectOut(BaseModel):
    """One approved project compared: the alerts the run raised, or why none could be."""

    project_id: int
    name: str
    new_alerts: int
    note: str


class FollowUpRun(Open):
    """The monthly comparison (月度比对) of approved projects' metered use with their approved
    values: the margin used, the last day compared and each project's months."""

    margin: int | float
    until: date
    projects: list[FollowedProjectOut]


@router.post(
    "/followup", summary="月度比对 / run the monthly comparison", response_model=FollowUpRun
)
def post_followup(
    db: Db, principal: CurrentPrincipal, until: date | None = None, margin: float | None = None
) -> dict[str, Any]:
    require_role(principal, Role.REVIEW_OFFICER, Role.ADMIN)
    out = service.run_check(db_session=db, until=until, margin=margin, actor=principal.username)
    db.commit()
    return out
