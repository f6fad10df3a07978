"""HTTP API of evidence attachments (佐证材料): upload to a report, download."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Response, UploadFile, status
from pydantic import BaseModel, Field

from carbonpeak.auth import Principal
from carbonpeak.auth.api import current_principal
from carbonpeak.core.api import read_upload
from carbonpeak.core.openapi import download
from carbonpeak.db.api import Db
from carbonpeak.tracking.access.service import acting_unit, report_units, require_task_editor
from carbonpeak.tracking.attachments import service as attachments
from carbonpeak.tracking.reporting import service as reporting
from carbonpeak.tracking.settings import get_tracking_settings

router = APIRouter(tags=["tracking 任务进展与报告"])
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class AttachmentStored(BaseModel):
    """A stored evidence file: its id (``GET /attachments/{id}``), name, size and sha256."""

    id: int
    filename: str
    size: int = Field(description="bytes")
    sha256: str


@router.post(
    "/reports/{report_id}/attachments",
    status_code=status.HTTP_201_CREATED,
    summary="上传佐证材料 / upload evidence",
    response_model=AttachmentStored,
)
async def upload_attachment(
    report_id: int,
    db: Db,
    principal: CurrentPrincipal,
    file: Annotated[UploadFile, File(description="pdf, docx, xlsx, png, jpg, txt, csv …")],
    unit: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    r = reporting.get_report(db_session=db, report_id=report_id)
    task = report_units(db_session=db, report=r)
    require_task_editor(principal, task)
    limit = get_tracking_settings().attachment_max_bytes
    data = await read_upload(file, limit=limit)
    a = attachments.add_attachment(
        db_session=db,
        report=r,
        filename=file.filename or "upload",
        data=data,
        unit_name=acting_unit(principal, task.lead, unit),
        content_type=file.content_type,
        actor=principal.username,
    )
    db.commit()
    return {"id": a.id, "filename": a.filename, "size": a.size_bytes, "sha256": a.sha256}


@router.get(
    "/attachments/{attachment_id}",
    summary="下载佐证材料 / download evidence",
    response_class=Response,
    responses=download("佐证材料 the file (its checked type)", "application/octet-stream"),
)
def download_attachment(attachment_id: int, db: Db, principal: CurrentPrincipal) -> Response:
    """The file, for the task's units and admins; typed by its checked suffix, never shown
    inline (``Content-Disposition: attachment``, ``nosniff``)."""
    a = attachments.readable_attachment(
        db_session=db, attachment_id=attachment_id, principal=principal
    )
    return Response(
        attachments.read_attachment(a),
        media_type=attachments.media_type_of(a.filename),
        headers=attachments.download_headers(a.filename),
    )
