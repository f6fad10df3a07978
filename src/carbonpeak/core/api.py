"""HTTP helpers the domains' APIs share (an ``api`` module: the frameworks are allowed here)."""

from __future__ import annotations

from starlette.responses import JSONResponse


def job_accepted(job_id: str) -> JSONResponse:
    """202 with the job's URL (the jobs API: ``GET /api/v1/jobs/{id}``): a queued Monte Carlo
    run, report or big import (``carbonpeak.core.jobs``)."""
    url = f"/api/v1/jobs/{job_id}"
    return JSONResponse(
        {"job": job_id, "status": "queued", "url": url},
        status_code=202,
        headers={"Location": url},
    )
