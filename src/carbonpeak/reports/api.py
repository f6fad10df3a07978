"""HTTP API of generated documents: the annual evaluation report (.docx) and its data (.xlsx).

The route keeps its place under ``/tracking/{plan}/assessments/{year}/report``, next to the
assessment it renders; it lives here because the report depends on tracking, not the reverse."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response

from carbonpeak.auth import Principal
from carbonpeak.auth.api import current_principal, optional_principal
from carbonpeak.core.openapi import DOCX, XLSX, download
from carbonpeak.db.api import Db
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
    with tempfile.TemporaryDirectory() as tmp:
        doc, data = write_annual(payload, Path(tmp) / f"annual-{year}.docx")
        content = (doc if format == "docx" else data).read_bytes()
    media = {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[format]
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="annual-{year}.{format}"'},
    )
