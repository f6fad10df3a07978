"""HTTP API of the registry (企业、计量点与工序), under ``/api/v1/monitoring`` (mounted by
:mod:`carbonpeak.monitoring.api`). A login is needed; an enterprise user sees only its own.

Writes (JSON, the fields of the registry workbook's sheets, checked by the same model and so
refused with the same messages as ``carbonpeak monitor registry-import``):

- ``POST /enterprises`` (201) registers an enterprise: admin only;
- ``PUT /enterprises/{code}`` changes one: admin, or its own enterprise user (who may not
  change the 重点用能单位 and 示意 flags);
- ``POST /enterprises/{code}/points`` (201) registers a metering point and
  ``PUT /points/{code}`` changes one (it stays with its enterprise): admin, or the enterprise's
  own user.

Every write is audited and drops the in-process registry caches
(:func:`.service.registry_changed`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
from carbonpeak.core.errors import PermissionDenied
from carbonpeak.db.api import Db
from carbonpeak.monitoring.model import (
    Enterprise,
    Kind,
    Point,
    Purpose,
    parse_kind,
    parse_purpose,
    registered,
    scope,
)
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


def point_out(p: Point) -> PointOut:
    return PointOut(
        code=p.code,
        name=p.name,
        energy=p.energy,
        purpose=p.purpose,
        unit=p.unit,
        multiplier=p.multiplier,
        kind=p.kind,
        product=p.product,
        rollover=p.rollover,
        interval_minutes=p.interval_minutes,
        commissioned=p.commissioned,
    )


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
            "points": [point_out(p) for p in reg.points.values()],
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


# ---- writes -------------------------------------------------------------------------------


class EnterpriseFields(BaseModel):
    """An enterprise's registry fields (the ``enterprises`` sheet of the registry workbook)."""

    name: str = Field(description="企业名称")
    industry_code: str = Field("", description="国民经济行业分类 GB/T 4754 小类, e.g. 3110")
    district: str = Field("", description="区县 GB/T 2260 code, e.g. 520201")
    capacity: str = Field("", description="产能, as written")
    key_unit: bool = Field(True, description="重点用能单位")
    illustrative: bool = Field(False, description="示意数据 (an invented demo enterprise)")


class EnterpriseIn(EnterpriseFields):
    code: str = Field(description="统一社会信用代码 unified social credit code")


class PointFields(BaseModel):
    """A metering point's registry fields (the ``points`` sheet of the registry workbook)."""

    name: str = ""
    energy: str = Field("", description="fuel id or name (empty for an output point)")
    purpose: str = Field(
        description="purchased 外购, self_generated 自产, consumed 消耗, transferred_out 外供, "
        "output 产量"
    )
    unit: str = Field(description="unit of the raw value (pint: t, kWh, m**3 ...)")
    multiplier: float = Field(1.0, description="倍率")
    kind: str = Field("interval", description="interval 时段值 or counter 累计值")
    product: str = Field("", description="the product of an output point")
    rollover: float | None = Field(None, description="翻转值: a wrapping counter's modulus")
    interval_minutes: int = Field(15, description="采集周期 minutes")
    commissioned: date | None = Field(None, description="投运日期 commissioning date")


class PointIn(PointFields):
    code: str = Field(description="计量点编码")


def _enterprise(code: str, body: EnterpriseFields) -> Enterprise:
    return registered(
        Enterprise(
            code=code,
            name=body.name,
            industry_code=body.industry_code,
            district=body.district,
            capacity=body.capacity,
            key_unit=body.key_unit,
            illustrative=body.illustrative,
        )
    )


def _point(code: str, enterprise: str, body: PointFields) -> Point:
    return Point(
        code=code.strip(),
        enterprise_code=enterprise,
        energy=body.energy.strip(),
        purpose=parse_purpose(body.purpose),
        unit=body.unit.strip(),
        multiplier=body.multiplier,
        kind=parse_kind(body.kind or "interval"),
        product=body.product.strip(),
        rollover=body.rollover,
        interval_minutes=body.interval_minutes,
        name=body.name.strip(),
        commissioned=body.commissioned,
    )


def _writer(principal: Principal, code: str) -> None:
    """Admin, or the enterprise's own user (403 for everyone else)."""
    require_role(principal, Role.ADMIN, Role.ENTERPRISE)
    scope(principal, code)


def _enterprise_out(ent: Enterprise) -> EnterpriseOut:
    return EnterpriseOut.model_validate(ent, from_attributes=True)


@router.post(
    "/enterprises",
    status_code=201,
    summary="登记企业 / register an enterprise",
)
def post_enterprise(body: EnterpriseIn, db: Db, principal: CurrentPrincipal) -> EnterpriseOut:
    require_role(principal, Role.ADMIN)
    ent = _enterprise(body.code, body)
    registry.create_enterprise(db_session=db, enterprise=ent, actor=principal.username)
    db.commit()
    return _enterprise_out(ent)


@router.put("/enterprises/{code}", summary="修改企业登记 / update an enterprise")
def put_enterprise(
    code: str, body: EnterpriseFields, db: Db, principal: CurrentPrincipal
) -> EnterpriseOut:
    _writer(principal, code)
    row = registry.get_enterprise(db_session=db, code=code)
    ent = _enterprise(row.code, body)
    if principal.role == Role.ENTERPRISE:
        for flag in ("key_unit", "illustrative"):
            if getattr(ent, flag) != getattr(row, flag):
                raise PermissionDenied(
                    f"{flag}: 企业用户不能修改此标记 / an enterprise user may not change {flag}"
                )
    registry.update_enterprise(db_session=db, enterprise=ent, actor=principal.username)
    db.commit()
    return _enterprise_out(ent)


@router.post(
    "/enterprises/{code}/points",
    status_code=201,
    summary="登记计量点 / register a metering point",
)
def post_point(code: str, body: PointIn, db: Db, principal: CurrentPrincipal) -> PointOut:
    _writer(principal, code)
    ent = registry.get_enterprise(db_session=db, code=code)
    point = _point(body.code, ent.code, body)
    registry.create_point(db_session=db, point=point, actor=principal.username)
    db.commit()
    return point_out(point)


@router.put("/points/{code}", summary="修改计量点登记 / update a metering point")
def put_point(code: str, body: PointFields, db: Db, principal: CurrentPrincipal) -> PointOut:
    require_role(principal, Role.ADMIN, Role.ENTERPRISE)
    row = registry.get_point(db_session=db, code=code)
    scope(principal, row.enterprise.code)
    point = _point(row.code, row.enterprise.code, body)
    registry.update_point(db_session=db, point=point, actor=principal.username)
    db.commit()
    return point_out(point)
