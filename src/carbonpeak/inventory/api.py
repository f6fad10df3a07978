"""HTTP API of the emission inventory domain: the one router ``router`` (mounted under
``/api/v1``), made of each sub-package's endpoints: activity data (import, datasets, factor
sets), accounting (calc, totals, uncertainty, rows, explain, indicators, district sum), output
(export.xlsx) and reference inventories (references, series, compare)."""

from __future__ import annotations

from fastapi import APIRouter

from carbonpeak.inventory.accounting.api import router as accounting_router
from carbonpeak.inventory.activity.api import router as activity_router
from carbonpeak.inventory.output.api import router as output_router
from carbonpeak.inventory.reference.api import router as reference_router

router = APIRouter(prefix="/inventory", tags=["inventory 碳排放核算"])
# in this order the endpoints have always been listed (OpenAPI)
for sub in (activity_router, accounting_router, output_router, reference_router):
    router.include_router(sub)
