"""``/api/v1/review/budgets``: the budget view; PUT sets a budget (review officer)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
from carbonpeak.core.responses import Created, Number, Open
from carbonpeak.db.api import Db
from carbonpeak.review.budgets import service

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
#: Budget years the platform plans for (a year outside is a 422, never a date error).
FIRST_YEAR, LAST_YEAR = 2000, 2100


class BudgetIn(BaseModel):
    year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    scope: str
    code: str
    equivalent_tce: float
    equal_value_tce: float
    co2_t: float
    source: str = ""


class UsedOut(BaseModel):
    """Usage to ``until``: the three measures, and the basis of the figures."""

    equivalent_tce: Number
    equal_value_tce: Number
    co2_t: Number
    basis: str


class ByMeasure(BaseModel):
    """One figure per measure: 当量值 energy, 等价值 energy, CO2."""

    energy: Number | None
    equal_value: Number | None
    co2: Number | None


class WarningByMeasure(BaseModel):
    """The year-to-date warning (80/90/100 %) per measure; null: none."""

    energy: str | None
    equal_value: str | None
    co2: str | None


class BudgetCheckOut(BaseModel):
    """One measure of one budget (``rules.BudgetCheck.as_json``)."""

    budget: Number
    used: Number
    ytd_share_pct: Number | None
    annual_share_pct: Number | None
    projected_year_end: Number | None
    ytd_warning: str | None
    annual_warning: str | None
    projected_overrun: bool
    alerts: list[str]


class ProjectRefOut(BaseModel):
    """A project named beside a budget (approved, or not reviewed separately)."""

    id: int
    name: str
    start_year: int


class ProjectsAddOut(BaseModel):
    """What the approved projects inside the budget add."""

    projects: list[int] = Field(description="project ids counted")
    counted: list[ProjectRefOut] = Field(description="those counted")
    not_counted: list[ProjectRefOut] = Field(
        description="approved projects inside the budget that start after its year"
    )
    exempt: list[ProjectRefOut] = Field(
        [],
        description="projects inside the budget not reviewed separately (exempt, starting in its "
        "year or before): not counted",
    )
    rule: str = Field(description="which projects are counted")
    dual_control_tce: Number
    co2_t: Number


class EqualValueBasisOut(BaseModel):
    """How 等价值 is reckoned: the year's 供电标准煤耗 and electricity's 当量值 record."""

    power_supply_coal_gce_per_kwh: Number
    power_supply_coal_year: int
    source: str
    note: str
    electricity_equivalent: str = Field(description="factor record id (or why none)")


class BudgetLine(Open):
    """One budget (city, district or enterprise) against the metered use so far."""

    scope: str = Field(description="city | district | enterprise")
    code: str
    year: int
    budget: dict[str, float] = Field(description="equivalent_tce, equal_value_tce, co2_t")
    used: UsedOut = Field(description="the same three, with the basis of the figures")
    ytd_share_pct: ByMeasure
    warning: WarningByMeasure
    checks: dict[str, BudgetCheckOut] = Field(description="equivalent, equal_value, co2")
    alerts: list[str]
    approved_projects_add: ProjectsAddOut
    source: str


class BudgetView(Open):
    """The budgets of a year with their use to ``until`` (用能预算)."""

    year: int
    until: date
    elapsed_share: float
    equal_value_basis: EqualValueBasisOut
    budgets: list[BudgetLine]


@router.get("/budgets", summary="用能预算 / energy budgets", response_model=BudgetView)
def get_budgets(
    db: Db,
    principal: CurrentPrincipal,
    year: Annotated[int, Query(ge=FIRST_YEAR, le=LAST_YEAR)],
    until: date | None = None,
) -> dict[str, Any]:
    require_role(principal, Role.REVIEW_OFFICER, Role.ADMIN, Role.VIEWER, Role.UNIT_EDITOR)
    return service.budget_view(db_session=db, year=year, until=until)


@router.put("/budgets", summary="设定预算 / set a budget", response_model=Created)
def put_budget(body: BudgetIn, db: Db, principal: CurrentPrincipal) -> dict[str, Any]:
    require_role(principal, Role.REVIEW_OFFICER, Role.ADMIN)
    row = service.set_budget(db_session=db, actor=principal.username, **body.model_dump())
    db.commit()
    return {"id": row.id}
