"""HTTP API of online energy monitoring, under ``/api/v1/monitoring``: the one router the web
mounts, including each sub-package's router (registry, readings, consumption, quality alerts and
findings, monthly totals, refused readings); conventions in :mod:`.readings.api`."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session

from carbonpeak.monitoring.consumption.api import router as consumption_router
from carbonpeak.monitoring.findings import service as watch
from carbonpeak.monitoring.findings.api import router as quality_router
from carbonpeak.monitoring.monthly.api import router as monthly_router
from carbonpeak.monitoring.readings.api import (
    AFTER_INGEST,
    raw_body,
    readings_reply,
    rejected_router,
)
from carbonpeak.monitoring.readings.api import router as readings_router
from carbonpeak.monitoring.registry.api import router as registry_router

router = APIRouter(prefix="/monitoring", tags=["monitoring 能耗在线监测"])
for sub in (
    readings_router,
    registry_router,
    consumption_router,
    quality_router,
    monthly_router,
    rejected_router,
):
    router.include_router(sub)


def _limit_alerts(db: Session, enterprise: str) -> None:
    watch.check_enterprise(db_session=db, enterprise_code=enterprise, with_quality=False)


AFTER_INGEST.append(_limit_alerts)  # alerts as readings arrive, not only on `monitor check`

#: ``raw_body`` and ``readings_reply``: the steps of ``POST /readings`` for the web's ingest lane
#: (``web/ingest_lane.py``)
__all__ = ["raw_body", "readings_reply", "router"]
