"""HTTP API of the statistics domain: the one router (mounted under ``/api/v1`` as
``/api/v1/stats``), made of each sub-package's endpoints: values (indicators, values,
values.csv, coverage, import)."""

from __future__ import annotations

from fastapi import APIRouter

from carbonpeak.statistics.values.api import router as values_router

router = APIRouter(prefix="/stats", tags=["stats 统计公报数据"])
router.include_router(values_router)
