"""Web pages: every page router of the web application, under one router."""

from __future__ import annotations

from fastapi import APIRouter

from carbonpeak.web.routes import (
    account,
    assessment_pages,
    assets,
    audit_pages,
    cockpit,
    indicator_pages,
    inventory_pages,
    modules,
    monitoring_pages,
    overview,
    plans,
    review_pages,
    scenario_pages,
    stats_pages,
    tasks,
    workspace,
)

router = APIRouter(include_in_schema=False)
for _module in (
    account,
    overview,
    cockpit,
    plans,
    tasks,
    indicator_pages,
    inventory_pages,
    monitoring_pages,
    scenario_pages,
    stats_pages,
    review_pages,
    workspace,
    assessment_pages,
    audit_pages,
    modules,
    assets,
):
    router.include_router(_module.router)
