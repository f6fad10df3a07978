"""``/api/v1/review/projects``: the register — list, submit (JSON or .xlsx), show, export.
A login is needed; an enterprise user submits and sees its own projects only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, File, Response, UploadFile

from carbonpeak.auth import Principal
from carbonpeak.auth.api import current_principal
from carbonpeak.core.openapi import XLSX as XLSX_MEDIA
from carbonpeak.core.openapi import download
from carbonpeak.db.api import Db
from carbonpeak.review.model import Status
from carbonpeak.review.projects import service
from carbonpeak.review.projects.sheet import read_sheet, write_sheet

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/projects", summary="项目列表 / the project register")
def get_projects(
    db: Db, principal: CurrentPrincipal, status: Status | None = None
) -> list[dict[str, Any]]:
    rows = service.list_projects(db_session=db, principal=principal, status=status)
    return [service.summary(r) for r in rows]


@router.post("/projects", status_code=201, summary="申报 / submit an application")
def post_project(
    db: Db,
    principal: CurrentPrincipal,
    project: Annotated[dict[str, Any], Body(description="项目 project, as in a project file")],
) -> dict[str, Any]:
    row = service.submit(db_session=db, data=project, principal=principal, source="api")
    db.commit()
    return service.detail(row)


@router.post("/projects/import", status_code=201, summary="导入登记表 / import a register .xlsx")
def post_import(
    db: Db, principal: CurrentPrincipal, file: Annotated[UploadFile, File()]
) -> dict[str, Any]:
    rows = read_sheet(file.file.read())
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


@router.get("/projects/{project_id}", summary="项目详情与评价 / a project with its assessment")
def get_project(project_id: int, db: Db, principal: CurrentPrincipal) -> dict[str, Any]:
    row = service.get_project(db_session=db, project_id=project_id, principal=principal)
    return service.detail(row)
