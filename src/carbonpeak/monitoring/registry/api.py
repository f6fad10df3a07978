"""HTTP API of the registry (企业、计量点与工序), under ``/api/v1/monitoring`` (mounted by
:mod:`carbonpeak.monitoring.api`). A login is needed; an enterprise user sees only its own."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from carbonpeak.auth import Principal
from carbonpeak.auth.api import current_principal
from carbonpeak.db.api import Db
from carbonpeak.monitoring.model import scope
from carbonpeak.monitoring.registry import service as registry

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class EnterpriseOut(BaseModel):
    code: str
    name: str
    industry_code: str
    district: str
    capacity: str
    key_unit: bool
    illustrative: bool


@router.get("/enterprises", summary="重点用能单位 / monitored enterprises")
def list_enterprises(db: Db, principal: CurrentPrincipal) -> list[EnterpriseOut]:
    own = scope(principal)
    rows = registry.list_enterprises(db_session=db)
    return [
        EnterpriseOut.model_validate(registry.to_enterprise(r), from_attributes=True)
        for r in rows
        if own is None or r.code == own
    ]


@router.get("/enterprises/{code}", summary="企业、计量点与工序 / enterprise registry")
def get_enterprise(code: str, db: Db, principal: CurrentPrincipal) -> dict[str, Any]:
    scope(principal, code)
    reg = registry.registry(db_session=db, enterprise_code=code.strip().upper())
    ent = registry.to_enterprise(registry.get_enterprise(db_session=db, code=code))
    return {
        "enterprise": EnterpriseOut.model_validate(ent, from_attributes=True).model_dump(),
        "points": [
            {
                "code": p.code,
                "name": p.name,
                "energy": p.energy,
                "purpose": p.purpose.value,
                "unit": p.unit,
                "multiplier": p.multiplier,
                "kind": p.kind.value,
                "product": p.product,
                "rollover": p.rollover,
                "interval_minutes": p.interval_minutes,
                "commissioned": p.commissioned,
            }
            for p in reg.points.values()
        ],
        "processes": [
            {
                "code": p.code,
                "name": p.name,
                "benchmark": p.benchmark,
                "energy_points": list(p.energy_points),
                "output_point": p.output_point,
            }
            for p in reg.processes.values()
        ],
    }
