"""HTTP API of the registry (企业、计量点与工序), under ``/api/v1/monitoring`` (mounted by
:mod:`carbonpeak.monitoring.api`). A login is needed; an enterprise user sees only its own."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from carbonpeak.auth import Principal
from carbonpeak.auth.api import current_principal
from carbonpeak.db.api import Db
from carbonpeak.monitoring.model import Kind, Purpose, scope
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


class PointOut(BaseModel):
    code: str
    name: str
    energy: str
    purpose: Purpose
    unit: str
    multiplier: float
    kind: Kind
    product: str
    rollover: float | None
    interval_minutes: int
    commissioned: date | None = Field(None, description="投运日期 commissioning date")


class ProcessOut(BaseModel):
    code: str
    name: str
    benchmark: str
    energy_points: list[str]
    output_point: str


class EnterpriseRegistryOut(BaseModel):
    """An enterprise with its metering points (计量点) and processes (工序)."""

    enterprise: EnterpriseOut
    points: list[PointOut]
    processes: list[ProcessOut]


@router.get("/enterprises/{code}", summary="企业、计量点与工序 / enterprise registry")
def get_enterprise(code: str, db: Db, principal: CurrentPrincipal) -> EnterpriseRegistryOut:
    scope(principal, code)
    reg = registry.registry(db_session=db, enterprise_code=code.strip().upper())
    ent = registry.to_enterprise(registry.get_enterprise(db_session=db, code=code))
    return EnterpriseRegistryOut.model_validate(
        {
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
    )
