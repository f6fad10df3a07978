"""HTTP API of the emission inventory domain: the one router ``router`` (mounted under
``/api/v1``), made of each sub-package's endpoints: activity data (import, datasets, factor
sets), results (calc, totals, uncertainty, rows, explain, indicators, district sum,
export.xlsx), reference inventories (references, series, compare) and published product
outputs against the activity data (reconcile-outputs)."""

from __future__ import annotations

from fastapi import APIRouter

from carbonpeak.inventory.activity.api import router as activity_router
from carbonpeak.inventory.outputs.api import router as outputs_router
from carbonpeak.inventory.reference.api import router as reference_router
from carbonpeak.inventory.results.api import router as results_router

router = APIRouter(prefix="/inventory", tags=["inventory 碳排放核算"])
# in this order the endpoints have always been listed (OpenAPI)
for sub in (activity_router, results_router, reference_router, outputs_router):
    router.include_router(sub)
