"""``GET /api/v1/review/twohigh``: the two-high list (a login is needed)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
from carbonpeak.core.responses import Number, Open
from carbonpeak.db.api import Db
from carbonpeak.review.twohigh.service import two_high_list

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class TwoHighRow(BaseModel):
    """What a line of the two-high list says of a project or a metered plant (its kind and
    id: the subclasses')."""

    kind: str
    id: int | str
    name: str
    owner_uscc: str
    district: str
    industry: str
    stage: str
    status: str
    capacity: list[str]


class TwoHighProjectOut(TwoHighRow):
    """A two-high project (one line per benchmarked product) and its disposal."""

    kind: str = Field(description="project")
    id: int
    energy_equivalent_tce: float | None
    energy_equal_value_tce: float | None
    product: str | None
    unit_consumption: Number | None = Field(
        description="the value classified: metered (live) for a commissioned project whose "
        "process is metered, else the approved (or declared) one"
    )
    approved_unit_consumption: Number | None = Field(description="审批值 (else declared)")
    basis: str = Field(description="metered 在线监测 | approved 审批值")
    process: str | None = Field(description="the owner's metered process that is the project")
    month: str | None = Field(description="the metered month, YYYY-MM")
    unit: str | None
    benchmark: Number | None = Field(description="标杆水平")
    baseline: Number | None = Field(description="基准水平")
    disposal: str
    deadline: str
    source: str


class TwoHighPlantOut(TwoHighRow):
    """A metered two-high process of an enterprise (its latest month) and its disposal."""

    kind: str = Field(description="plant")
    id: str = Field(description="enterprise code")
    process: str
    month: str = Field(description="YYYY-MM")
    unit_consumption: Number | None
    unit: str
    product: str | None = Field(description="the benchmark row's product, none if none fits")
    benchmark: Number | None = Field(description="标杆水平")
    baseline: Number | None = Field(description="基准水平")
    benchmark_source: str
    plan_limit_exceeded: bool
    disposal: str
    deadline: str
    source: str
    illustrative: bool


class TwoHighList(Open):
    """The two-high list (两高项目清单): projects, metered plants, the scope's source and the
    two-high industries (code → name)."""

    projects: list[TwoHighProjectOut]
    plants: list[TwoHighPlantOut]
    scope_source: str
    industries: dict[str, str]


@router.get("/twohigh", summary="两高项目清单 / the two-high list", response_model=TwoHighList)
def get_twohigh(db: Db, principal: CurrentPrincipal, until: date | None = None) -> dict[str, Any]:
    require_role(principal, Role.REVIEW_OFFICER, Role.ADMIN, Role.VIEWER, Role.UNIT_EDITOR)
    return two_high_list(db_session=db, until=until)
