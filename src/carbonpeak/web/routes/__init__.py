"""Router layout: every domain's ``api.py`` under /api/v1, web pages at the root."""

from __future__ import annotations

from fastapi import APIRouter

from carbonpeak.auth.api import router as auth_router
from carbonpeak.inventory.api import router as inventory_router
from carbonpeak.monitoring.api import router as monitoring_router
from carbonpeak.plan.api import router as plan_router
from carbonpeak.reports.api import router as reports_router
from carbonpeak.review.api import router as review_router
from carbonpeak.scenarios.api import router as scenarios_router
from carbonpeak.statistics.api import router as statistics_router
from carbonpeak.tracking.api import router as tracking_router
from carbonpeak.web.routes.jobs import router as jobs_router
from carbonpeak.web.routes.pages import router as pages_router

api_router = APIRouter()
# Monitoring first: routes are tried in order for every request, and the ingest route (first
# of monitoring's) takes the most requests by far (gateways post every 15 minutes); the
# domains' prefixes differ, so the order decides nothing else.
api_router.include_router(monitoring_router)
api_router.include_router(auth_router)
api_router.include_router(plan_router)
api_router.include_router(inventory_router)
api_router.include_router(tracking_router)
api_router.include_router(scenarios_router)
api_router.include_router(reports_router)
api_router.include_router(statistics_router)
api_router.include_router(review_router)
api_router.include_router(jobs_router)

__all__ = ["api_router", "pages_router"]
