"""The jobs API 后台任务 (``/api/v1/jobs``): the state of a queued job (``carbonpeak.core.jobs``)
and, once finished, its result: the JSON of a scenario run, or the files of a report.

A job belongs to whoever asked for it: a job asked by a logged-in user is shown only to that
user and to administrators (404 to anyone else, as if it did not exist); a job asked without a
login (a public scenario run) to anyone who has its id, a random UUID.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from pydantic import Field

from carbonpeak.auth import Principal, Role
from carbonpeak.auth.api import optional_principal
from carbonpeak.core import jobs
from carbonpeak.core.errors import InputError, NotFound
from carbonpeak.core.responses import Open

router = APIRouter(prefix="/jobs", tags=["jobs 后台任务"])
MaybePrincipal = Annotated[Principal | None, Depends(optional_principal)]


def _job(job_id: str, principal: Principal | None) -> jobs.JobView:
    view = jobs.status(job_id)
    if view is None or (
        view.owner is not None
        and (
            principal is None or (principal.username != view.owner and principal.role != Role.ADMIN)
        )
    ):
        raise NotFound(f"没有此任务 / no job {job_id!r}")
    return view


class JobStatus(Open):
    """A job's state; ``error`` when failed; when finished, ``result`` (a run's JSON) or
    ``files`` (format → URL of a report's file)."""

    job: str
    kind: str
    status: str = Field(description="queued | started | finished | failed")


@router.get("/{job_id}", response_model=JobStatus)
def job_status(job_id: str, principal: MaybePrincipal) -> dict[str, Any]:
    """The job's state (queued, started, finished, failed); a finished run's JSON as
    ``result``, a finished report's file links as ``files``; a failed job's ``error``."""
    view = _job(job_id, principal)
    out: dict[str, Any] = {"job": view.id, "kind": view.kind, "status": view.status}
    if view.error:
        out["error"] = view.error
    if view.body is not None:  # a refused import: the error body the API would have answered
        out.update(view.body)
        out["http_status"] = view.http_status
    if view.status == "finished":
        result = view.result
        if isinstance(result, dict) and isinstance(result.get("files"), dict):
            out["files"] = {
                fmt: f"/api/v1/jobs/{view.id}/files/{fmt}" for fmt in sorted(result["files"])
            }
        else:
            out["result"] = result
    return out


@router.get("/{job_id}/files/{fmt}", response_class=Response)
def job_file(job_id: str, fmt: str, principal: MaybePrincipal) -> Response:
    """A file a finished job made (a report's ``docx`` or ``xlsx``)."""
    view = _job(job_id, principal)
    result = view.result if view.status == "finished" else None
    files = result.get("files") if isinstance(result, dict) else None
    if not isinstance(files, dict):
        raise InputError(f"任务尚无文件 / job {job_id} has no files (status {view.status})")
    if fmt not in files:
        raise NotFound(f"没有此文件 / no {fmt!r} file (have: {', '.join(sorted(files))})")
    assert isinstance(result, dict)
    name = f"{result.get('filename', 'job')}.{fmt}"
    media = dict(result.get("media") or {}).get(fmt, "application/octet-stream")
    return Response(
        files[fmt],
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
