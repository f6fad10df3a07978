"""``POST /api/v1/review/assess``: the 综合评价 of a project given as JSON (the fields of a
project file). A login is needed; nothing is stored."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query

from carbonpeak.auth import Principal
from carbonpeak.auth.api import current_principal
from carbonpeak.db.api import Db
from carbonpeak.review.assessment.projectfile import read_mapping
from carbonpeak.review.assessment.service import assess_project

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


@router.post("/assess", summary="综合评价 / assess a project (not stored)")
def post_assess(
    db: Db,
    principal: CurrentPrincipal,
    project: Annotated[dict[str, Any], Body(description="项目 project, as in a project file")],
    plan: Annotated[str, Query(description="方案 plan id or slug")] = "1",
    trace: bool = False,
) -> dict[str, Any]:
    parsed = read_mapping(project)
    return assess_project(db_session=db, project=parsed, plan_ref=plan).as_json(with_trace=trace)
