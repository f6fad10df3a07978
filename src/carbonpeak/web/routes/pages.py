"""Web pages: every page router of the web application, under one router."""

from __future__ import annotations

from fastapi import APIRouter

from carbonpeak.web.routes import (
    account,
    assets,
    audit_pages,
    modules,
    overview,
    plans,
    tasks,
    workspace,
)

router = APIRouter(include_in_schema=False)
for _module in (account, overview, plans, tasks, workspace, audit_pages, modules, assets):
    router.include_router(_module.router)
