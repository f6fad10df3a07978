"""HTTP API of generated documents: the annual evaluation report (.docx) and its data (.xlsx).

The route keeps its place under ``/tracking/{plan}/assessments/{year}/report``, next to the
assessment it renders; it lives here because the report depends on tracking, not the reverse.

``POST .../report/jobs`` makes both files as a job (``carbonpeak.core.jobs``: queued for
``carbonpeak worker`` with Redis configured, else made in the request): 202 and the job's URL;
the files are then at ``GET /api/v1/jobs/{id}/files/docx`` and ``.../xlsx``."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from carbonpeak.auth import Principal
from carbonpeak.auth.api import current_principal, optional_principal
from carbonpeak.core import jobs
from carbonpeak.core.openapi import DOCX, XLSX, download
from carbonpeak.core.responses import JobAccepted
from carbonpeak.db.api import Db
from carbonpeak.db.session import session_scope
from carbonpeak.plan import get_plan
from carbonpeak.reports.annual import write_annual
from carbonpeak.reports.service import annual_payload

router = APIRouter(prefix="/tracking", tags=["tracking 目标跟踪与考核"])


@router.get(
    "/{plan_ref}/assessments/{year}/report",
    summary="年度评估报告 .docx / .xlsx",
    response_class=Response,
    responses=download("年度评估报告 the annual report", DOCX, XLSX),
)
def get_report(
    plan_ref: str,
    year: int,
    db: Db,
    principal: Annotated[Principal | None, Depends(optional_principal)],
    format: Literal["docx", "xlsx"] = Query("docx"),
) -> Response:
    """The report of the published assessment (public), else of the draft (login needed)."""
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    payload = annual_payload(db_session=db, plan=plan, year=year)
    if payload.get("state") != "published":
        current_principal(principal)  # a draft: 401 for an anonymous caller
    files = _files(payload, year)
    content = files[format]
    media = MEDIA[format]
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="annual-{year}.{format}"'},
    )


MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _files(payload: dict[str, object], year: int) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        doc, data = write_annual(payload, Path(tmp) / f"annual-{year}.docx")
        return {"docx": doc.read_bytes(), "xlsx": data.read_bytes()}


def report_job(*, database_url: str | None, plan_ref: str, year: int) -> dict[str, object]:
    """A queued report (``carbonpeak worker``): both files, and their names and media types."""
    with session_scope(database_url) as db:
        plan = get_plan(db_session=db, plan_ref=plan_ref)
        payload = annual_payload(db_session=db, plan=plan, year=year)
    return {
        "filename": f"annual-{year}",
        "files": _files(payload, year),
        "media": MEDIA,
        "state": payload.get("state"),
    }


@router.post(
    "/{plan_ref}/assessments/{year}/report/jobs",
    status_code=202,
    summary="年度评估报告（后台任务）/ the report as a job",
    response_model=JobAccepted,
)
def report_as_job(
    request: Request,
    plan_ref: str,
    year: int,
    db: Db,
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> JSONResponse:
    """Make the report's .docx and .xlsx as a job: 202 and the job's URL. Who may read the
    report (published: anyone; a draft: a login) may ask; the job is then theirs."""
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    payload = annual_payload(db_session=db, plan=plan, year=year)
    if payload.get("state") != "published":
        current_principal(principal)
    job_id = jobs.submit(
        "carbonpeak.reports.api.report_job",
        kind="annual-report",
        owner=principal.username if principal else None,
        database_url=request.app.state.database_url,
        plan_ref=plan_ref,
        year=year,
    )
    url = f"/api/v1/jobs/{job_id}"
    return JSONResponse(
        {"job": job_id, "status": "queued", "url": url}, status_code=202, headers={"Location": url}
    )
