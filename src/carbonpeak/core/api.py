"""HTTP helpers the domains' APIs share (an ``api`` module: the frameworks are allowed here)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse

from carbonpeak.core import jobs
from carbonpeak.core.intake import check_upload
from carbonpeak.core.settings import get_settings


def job_accepted(job_id: str) -> JSONResponse:
    """202 with the job's URL (the jobs API: ``GET /api/v1/jobs/{id}``): a queued Monte Carlo
    run, report or big import (``carbonpeak.core.jobs``)."""
    url = f"/api/v1/jobs/{job_id}"
    return JSONResponse(
        {"job": job_id, "status": "queued", "url": url},
        status_code=202,
        headers={"Location": url},
    )


def queue_import(
    request: Request, *, job: str, kind: str, owner: str, data: bytes, **kwargs: Any
) -> JSONResponse | None:
    """A big import over the API (``CARBONPEAK_JOB_IMPORT_BYTES``, Redis configured): put
    ``job(database_url=…, data=data, **kwargs)`` on the queue and answer 202 with its URL;
    None when the file is to be imported in the request (small, or no Redis)."""
    if not jobs.import_queued(len(data)):
        return None
    job_id = jobs.enqueue(
        job,
        kind=kind,
        owner=owner,
        database_url=request.app.state.database_url,
        data=data,
        **kwargs,
    )
    assert job_id is not None
    return job_accepted(job_id)


def _limit(limit: int | None) -> int:
    return get_settings().max_body_bytes if limit is None else limit


async def read_upload(file: UploadFile, *, limit: int | None = None) -> bytes:
    """The uploaded file's bytes, read up to ``limit`` + 1 (default ``max_body_bytes``);
    refused naming the file (``core.intake.check_upload``): 413 with the limit when it is
    larger, 422 when it is empty."""
    limit = _limit(limit)
    return check_upload(await file.read(limit + 1), label=file.filename or "file", limit=limit)


def read_upload_sync(file: UploadFile, *, limit: int | None = None) -> bytes:
    """:func:`read_upload` for a route run in the thread pool (a ``def`` route)."""
    limit = _limit(limit)
    return check_upload(file.file.read(limit + 1), label=file.filename or "file", limit=limit)
