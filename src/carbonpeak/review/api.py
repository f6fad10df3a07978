"""HTTP API of the energy review, under ``/api/v1/review``: the one router the web mounts,
including each sub-package's router (assessment, register, workflow, ledger)."""

from __future__ import annotations

from fastapi import APIRouter

from carbonpeak.review.assessment.api import router as assessment_router
from carbonpeak.review.budgets.api import router as budgets_router
from carbonpeak.review.followup.api import router as followup_router
from carbonpeak.review.ledger.api import router as ledger_router
from carbonpeak.review.projects.api import router as projects_router
from carbonpeak.review.supervision.api import router as supervision_router
from carbonpeak.review.twohigh.api import router as twohigh_router
from carbonpeak.review.workflow.api import router as workflow_router

router = APIRouter(prefix="/review", tags=["review 节能审查"])
for sub in (
    assessment_router,
    projects_router,
    workflow_router,
    ledger_router,
    followup_router,
    twohigh_router,
    budgets_router,
    supervision_router,
):
    router.include_router(sub)

__all__ = ["router"]
