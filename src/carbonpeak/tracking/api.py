"""HTTP API of tracking: the domain's one router. Each sub-package has its routes
(``<sub>/api.py``); this router puts them under ``/tracking`` in the order they were always
matched. Reads are public like the plan's; writes need a token (unit editors only for their
tasks and their tasks' indicators; admins — the climate office — for the rest). The annual
report route is :mod:`carbonpeak.reports.api`.
"""

from __future__ import annotations

from fastapi import APIRouter

from carbonpeak.tracking.assessment import api as assessment_api
from carbonpeak.tracking.attachments import api as attachments_api
from carbonpeak.tracking.computed import api as computed_api
from carbonpeak.tracking.indicators import api as indicators_api
from carbonpeak.tracking.notify import api as notify_api
from carbonpeak.tracking.progress import api as progress_api
from carbonpeak.tracking.reporting import api as reporting_api
from carbonpeak.tracking.statuses import api as statuses_api
from carbonpeak.tracking.values import api as values_api
from carbonpeak.tracking.warnings import api as warnings_api

router = APIRouter(prefix="/tracking")
for sub in (
    indicators_api,
    values_api,
    computed_api,
    statuses_api,
    warnings_api,
    notify_api,
    assessment_api,
    progress_api,
    reporting_api,
    attachments_api,
):
    router.include_router(sub.router)
