"""HTTP helpers the domains' APIs share (an ``api`` module: the frameworks are allowed here)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from carbonpeak.core import jobs


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
