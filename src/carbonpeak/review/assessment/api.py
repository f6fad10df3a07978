"""``POST /api/v1/review/assess``: the 综合评价 of a project given as JSON (the fields of a
project file). A login is needed; nothing is stored."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query
from pydantic import Field

from carbonpeak.auth import Principal
from carbonpeak.auth.api import current_principal
from carbonpeak.core.responses import Open
from carbonpeak.db.api import Db
from carbonpeak.review.assessment.projectfile import read_mapping
from carbonpeak.review.assessment.service import assess_project

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
Number = int | float


class Industry(Open):
    code: str
    name: str


class ByMeasure(Open):
    """当量值 (calorific equivalent) and 等价值 (electricity at the power-supply coal rate)."""

    equivalent: Number
    equal_value: Number


class EnergyOut(ByMeasure):
    """综合能耗 (tce a year): the total, feedstock, new renewables and the dual-control count."""

    feedstock: ByMeasure
    new_renewable: ByMeasure
    dual_control: ByMeasure
    electricity_kwh: Number
    power_supply_coal_gce_per_kwh: Number
    power_supply_coal_year: int
    notes: list[str]


class TwoHighOut(Open):
    value: bool
    group: str
    reason: str
    source: str


class AuthorityOut(Open):
    level: str
    name: str
    review_needed: bool
    reason: str
    source: str


class BenchmarkOut(Open):
    """A product's unit consumption against 标杆/基准 and the plan's process limit."""

    product: str
    unit: str
    value: Number | None
    level: str
    source: str


class IntensityOut(Open):
    unit: str
    before: Number | None
    after: Number | None
    change: Number | None
    change_pct: Number | None


class ImpactOut(Open):
    """The change in 单位GDP能耗 and 单位GDP二氧化碳排放 in a target year."""

    year: int
    in_operation: bool
    energy_intensity: IntensityOut
    co2_intensity: IntensityOut
    energy_budget_share_pct: Number | None = Field(
        description="share of the smaller of the scenario's and tracking's energy room (%); "
        "None where no room is left or no target applies"
    )
    co2_budget_share_pct: Number | None
    energy_room_tce: Number | None = Field(None, description="the plan scenario's room")
    co2_room_t: Number | None = None
    energy_room_tracking_tce: Number | None = Field(
        None, description="tracking's headroom to the year's target × GDP"
    )
    co2_room_tracking_t: Number | None = None
    energy_room_left: bool | None = Field(
        None, description="False: the target has no room left (tracking or scenario)"
    )
    co2_room_left: bool | None = None
    energy_room_note: str = ""
    co2_room_note: str = ""
    source: str


class AssessmentOut(Open):
    """综合评价: energy (当量值/等价值), CO2, 两高, authority, benchmarks, impact, sources;
    ``trace`` with ``?trace=true``."""

    project: str
    industry: Industry
    district: str
    start_year: int
    energy_tce: EnergyOut
    co2_t: Number
    value_added_10k_yuan: Number
    two_high: TwoHighOut
    authority: AuthorityOut
    benchmarks: list[BenchmarkOut]
    impact: list[ImpactOut]
    sources: list[str]
    illustrative: bool


@router.post(
    "/assess", summary="综合评价 / assess a project (not stored)", response_model=AssessmentOut
)
def post_assess(
    db: Db,
    principal: CurrentPrincipal,
    project: Annotated[dict[str, Any], Body(description="项目 project, as in a project file")],
    plan: Annotated[str, Query(description="方案 plan id or slug")] = "1",
    trace: bool = False,
) -> dict[str, Any]:
    parsed = read_mapping(project)
    return assess_project(db_session=db, project=parsed, plan_ref=plan).as_json(with_trace=trace)
