"""``/api/v1/review/projects``: the register — list, submit (JSON or .xlsx), show, export.
A login is needed; an enterprise user submits and sees its own projects only."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, File, Response, UploadFile
from pydantic import BaseModel, Field

from carbonpeak.auth import Principal
from carbonpeak.auth.api import current_principal
from carbonpeak.core.api import read_upload_sync
from carbonpeak.core.openapi import XLSX as XLSX_MEDIA
from carbonpeak.core.openapi import download
from carbonpeak.db.api import Db
from carbonpeak.review.model import Status
from carbonpeak.review.projects import service
from carbonpeak.review.projects.sheet import read_sheet, write_sheet

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ProjectSummary(BaseModel):
    """A row of the register (项目登记)."""

    id: int
    name: str
    owner_uscc: str = Field(description="统一社会信用代码 of the owner")
    owner_name: str
    district: str
    industry: str
    stage: str
    start_year: int
    status: Status
    status_label: str
    equivalent_tce: float | None = Field(description="当量值 tce")
    equal_value_tce: float | None = Field(description="等价值 tce")
    dual_control_tce: float | None
    co2_t: float | None
    two_high: bool = Field(description="两高项目")
    authority: str
    submitted_by: str
    submitted_at: datetime | None
    source: str


class DecisionOut(BaseModel):
    """A review decision (审查意见) on a project."""

    id: int
    outcome: str
    reasons: str
    conditions: str
    decided_by: str
    decided_at: datetime
    exception_reason: str
    on_behalf_of: str = Field(
        "", description="上级审查机关 whose opinion this records (provincial); empty: this office's"
    )
    authority_document: str = Field("", description="上级审查意见文号")
    authority_document_date: date | None = Field(None, description="上级审查意见日期")


class ProjectDetail(ProjectSummary):
    """A project with its application (``project``), stored assessment and decisions."""

    project: dict[str, Any] = Field(description="项目 as submitted (a project file's fields)")
    assessment: dict[str, Any] | None = Field(description="综合评价 (POST /review/assess)")
    decisions: list[DecisionOut]


class ImportOut(BaseModel):
    """The projects an imported register made."""

    imported: int
    ids: list[int]


@router.get(
    "/projects", summary="项目列表 / the project register", response_model=list[ProjectSummary]
)
def get_projects(
    db: Db, principal: CurrentPrincipal, status: Status | None = None
) -> list[dict[str, Any]]:
    rows = service.list_projects(db_session=db, principal=principal, status=status)
    return [service.summary(r) for r in rows]


@router.post(
    "/projects",
    status_code=201,
    summary="申报 / submit an application",
    response_model=ProjectDetail,
)
def post_project(
    db: Db,
    principal: CurrentPrincipal,
    project: Annotated[dict[str, Any], Body(description="项目 project, as in a project file")],
) -> dict[str, Any]:
    row = service.submit(db_session=db, data=project, principal=principal, source="api")
    db.commit()
    return service.detail(row)


@router.post(
    "/projects/import",
    status_code=201,
    summary="导入登记表 / import a register .xlsx",
    response_model=ImportOut,
)
def post_import(
    db: Db, principal: CurrentPrincipal, file: Annotated[UploadFile, File()]
) -> dict[str, Any]:
    rows = read_sheet(read_upload_sync(file))
    out = service.import_rows(
        db_session=db, rows=rows, principal=principal, source=file.filename or "upload"
    )
    db.commit()
    return {"imported": len(out), "ids": [r.id for r in out]}


@router.get(
    "/projects/export",
    summary="导出登记表 / export the register (.xlsx)",
    response_class=Response,
    responses=download("登记表 the register (.xlsx)", XLSX_MEDIA),
)
def get_export(db: Db, principal: CurrentPrincipal) -> Response:
    data = write_sheet(service.export_rows(db_session=db, principal=principal))
    headers = {"Content-Disposition": 'attachment; filename="review-projects.xlsx"'}
    return Response(data, media_type=XLSX, headers=headers)


@router.get(
    "/projects/{project_id}",
    summary="项目详情与评价 / a project with its assessment",
    response_model=ProjectDetail,
)
def get_project(project_id: int, db: Db, principal: CurrentPrincipal) -> dict[str, Any]:
    row = service.get_project(db_session=db, project_id=project_id, principal=principal)
    return service.detail(row)
