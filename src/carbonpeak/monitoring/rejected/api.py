"""HTTP API of refused readings 拒收的读数 (隔离表 ``mon_rejected_readings``, see
:mod:`.service`), under ``/api/v1/monitoring`` (mounted by :mod:`carbonpeak.monitoring.api`):
a login is needed, an enterprise user sees only its own.

``GET /enterprises/{code}/rejected?start=...&end=...`` lists the enterprise's readings refused
for an impossible value (负值、非有限数、非数字) labelled in [start, end), as sent: ``ts`` is
None when the time label was unreadable (the row then counts when it arrived, ``ts_text`` has
the label as sent); times in CST. The same fields as ``carbonpeak monitor rejected --json``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from carbonpeak.auth import Principal, current_principal
from carbonpeak.core.errors import InputError
from carbonpeak.db.session import Db
from carbonpeak.monitoring.model import parse_when, scope
from carbonpeak.monitoring.readings.api import EndParam, StartParam
from carbonpeak.monitoring.rejected import service as rejections

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


@router.get("/enterprises/{code}/rejected", summary="拒收读数 / readings refused for their value")
def get_rejected(
    code: str, db: Db, principal: CurrentPrincipal, start: StartParam, end: EndParam
) -> list[dict[str, Any]]:
    scope(principal, code)
    lo, hi = parse_when(start, "start"), parse_when(end, "end")
    if lo >= hi:
        raise InputError(f"start {start} 须早于 end {end} / start must be before end")
    return [
        rejections.as_json(point, r)
        for point, r in rejections.rejected_readings(
            db_session=db, enterprise_code=code, start=lo, end=hi
        )
    ]
