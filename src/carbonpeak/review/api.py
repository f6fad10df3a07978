"""HTTP API of the energy review, under ``/api/v1/review``: the one router the web mounts,
including each sub-package's router."""

from __future__ import annotations

from fastapi import APIRouter

from carbonpeak.review.assessment.api import router as assessment_router

router = APIRouter(prefix="/review", tags=["review 节能审查"])
for sub in (assessment_router,):
    router.include_router(sub)

__all__ = ["router"]
