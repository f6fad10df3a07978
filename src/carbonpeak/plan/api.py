"""HTTP API of the plan domain (实施方案) under ``/plans``: the registry's routes and the tasks'
routes, mounted as one router."""

from __future__ import annotations

from fastapi import APIRouter

from carbonpeak.plan.registry.api import router as registry_router
from carbonpeak.plan.tasks.api import router as tasks_router

router = APIRouter()
router.include_router(registry_router)
router.include_router(tasks_router)
