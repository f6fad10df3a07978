"""HTTP API of consumption (能耗), unit consumption (单位产品能耗) and district totals, under
``/api/v1/monitoring`` (mounted by :mod:`carbonpeak.monitoring.api`). A login is needed; an
enterprise user sees only its own data and no city totals."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from carbonpeak.auth import Principal, Role
from carbonpeak.auth.api import current_principal
from carbonpeak.core.errors import PermissionDenied
from carbonpeak.db.api import Db
from carbonpeak.monitoring.consumption import service as analysis
from carbonpeak.monitoring.model import parse_when, scope
from carbonpeak.monitoring.readings.api import EndParam, StartParam
from carbonpeak.monitoring.rollups.rollup import CST

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
PeriodParam = Annotated[Literal["hour", "day", "month"], Query(description="hour | day | month")]


class PointAmountOut(BaseModel):
    """One point's amount in one period (its unit) and in tce (null without a factor)."""

    point: str
    energy: str
    purpose: str
    start: str
    amount: float
    unit: str
    tce: float | None
    note: str


class Co2Out(BaseModel):
    combustion: float
    purchased_electricity_heat: float
    total: float


class ConsumptionOut(BaseModel):
    """能耗: each point per period, the comprehensive consumption (tce, by period start) and by
    energy, CO2 (t), and the gaps in the data."""

    enterprise: str
    period: str
    points: list[PointAmountOut]
    comprehensive_tce: dict[str, float]
    by_energy_tce: dict[str, float]
    co2_t: Co2Out
    gaps: list[str]


class LimitCheckOut(BaseModel):
    limit: str
    value: float
    met: bool
    source: str


class ProcessMonthOut(BaseModel):
    """单位产品能耗 of a process in a month, checked against the limits that apply."""

    process: str
    name: str
    benchmark: str
    month: str
    energy_tce: float
    electricity_kwh: float
    output_t: float
    kgce_per_t: float | None
    kwh_per_t: float | None
    status: Literal["no_limit", "exceeded", "within"]
    grade: str | None
    checks: list[LimitCheckOut]
    gaps: list[str]


@router.get(
    "/enterprises/{code}/consumption",
    summary="能耗 / consumption per point and period",
    response_model=ConsumptionOut,
)
def get_consumption(
    code: str,
    db: Db,
    principal: CurrentPrincipal,
    start: StartParam,
    end: EndParam,
    period: PeriodParam = "day",
) -> dict[str, Any]:
    scope(principal, code)
    lo, hi = parse_when(start, "start"), parse_when(end, "end")
    rows = analysis.consumption(
        db_session=db, enterprise_code=code, period=period, start=lo, end=hi
    )
    s = analysis.summary(db_session=db, enterprise_code=code, period=period, start=lo, end=hi)
    return {
        "enterprise": s.enterprise,
        "period": period,
        "points": [
            {
                "point": r.point,
                "energy": r.energy,
                "purpose": r.purpose,
                "start": r.start.astimezone(CST).isoformat(),
                "amount": r.amount,
                "unit": r.unit,
                "tce": r.tce,
                "note": r.note,
            }
            for r in rows
        ],
        "comprehensive_tce": {
            k.astimezone(CST).isoformat(): v for k, v in s.comprehensive_tce.items()
        },
        "by_energy_tce": s.by_energy_tce,
        "co2_t": {
            "combustion": s.co2_combustion_t,
            "purchased_electricity_heat": s.co2_indirect_t,
            "total": s.co2_combustion_t + s.co2_indirect_t,
        },
        "gaps": s.gaps,
    }


@router.get(
    "/enterprises/{code}/processes",
    summary="单位产品能耗 / process unit consumption",
    response_model=list[ProcessMonthOut],
)
def get_processes(
    code: str, db: Db, principal: CurrentPrincipal, start: StartParam, end: EndParam
) -> list[dict[str, Any]]:
    scope(principal, code)
    months = analysis.process_months(
        db_session=db,
        enterprise_code=code,
        start=parse_when(start, "start"),
        end=parse_when(end, "end"),
    )
    return [
        {
            "process": m.process,
            "name": m.name,
            "benchmark": m.benchmark,
            "month": m.month.astimezone(CST).date().isoformat()[:7],
            "energy_tce": m.energy_tce,
            "electricity_kwh": m.electricity_kwh,
            "output_t": m.output_t,
            "kgce_per_t": m.kgce_per_t,
            "kwh_per_t": m.kwh_per_t,
            "status": m.classification.status,
            "grade": m.classification.grade,
            "checks": [
                {
                    "limit": c.limit.describe(),
                    "value": c.value,
                    "met": c.met,
                    "source": c.limit.source,
                }
                for c in m.classification.checks
            ],
            "gaps": list(m.gaps),
        }
        for m in months
    ]


class DistrictTotalOut(BaseModel):
    district: str
    enterprises: int
    comprehensive_tce: float
    co2_t: float
    illustrative: bool


class TotalsOut(BaseModel):
    """District and city totals of the monitored enterprises (not the whole inventory)."""

    scope: str
    districts: list[DistrictTotalOut]
    gaps: list[str] = Field(description="enterprise code and what is missing")


@router.get("/totals", summary="区县与全市合计 / district and city totals of monitored enterprises")
def get_totals(db: Db, principal: CurrentPrincipal, start: StartParam, end: EndParam) -> TotalsOut:
    if principal.role == Role.ENTERPRISE:
        raise PermissionDenied("企业用户不能查看全市合计 / enterprise users cannot see city totals")
    rows, gaps = analysis.district_totals(
        db_session=db, start=parse_when(start, "start"), end=parse_when(end, "end")
    )
    return TotalsOut.model_validate(
        {
            "scope": "monitored key enterprises (1.A.2 part of industry), not the whole inventory",
            "districts": [
                {
                    "district": "city 全市" if r.district == analysis.CITY else r.district,
                    "enterprises": r.enterprises,
                    "comprehensive_tce": r.comprehensive_tce,
                    "co2_t": r.co2_t,
                    "illustrative": r.illustrative,
                }
                for r in rows
            ],
            "gaps": gaps,
        }
    )
