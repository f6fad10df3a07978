"""The city baseline for the impact assessment: the shipped outlook (plan scenario; 示意数据
until the city's scenario run replaces it) with tracking's current 单位GDP能耗 and
单位GDP二氧化碳排放 (the latest values of the plan's computed indicators) beside it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from carbonpeak.core.errors import NotFound
from carbonpeak.plan import get_plan
from carbonpeak.review.assessment.assess import Assessment, assess, outlook_baseline
from carbonpeak.review.assessment.classify import PlanLimit
from carbonpeak.review.assessment.impact import Baseline
from carbonpeak.review.model import Project
from carbonpeak.tracking import evaluate_plan


def city_baseline(
    *, db_session: Session, plan_ref: str | int, as_of: date | None = None
) -> tuple[Baseline, ...]:
    """The outlook rows with tracking's current intensities (None where tracking has none)."""
    rows = outlook_baseline()
    try:
        plan = get_plan(db_session=db_session, plan_ref=plan_ref)
    except NotFound:
        return rows
    except (OperationalError, ProgrammingError):  # a database not initialised: outlook only
        db_session.rollback()
        return rows
    statuses = evaluate_plan(db_session=db_session, plan_id=plan.id, as_of=as_of or date.today())
    current: dict[str, float] = {}
    for s in statuses:
        kind = s.indicator.computed_kind
        if kind and s.result.latest is not None and kind not in current:
            current[kind] = s.result.latest.value
    return tuple(
        replace(
            b,
            current_energy_intensity=current.get("energy_intensity"),
            current_co2_intensity=current.get("co2_intensity"),
        )
        for b in rows
    )


def plan_limits(*, db_session: Session, plan_ref: str | int) -> dict[str, PlanLimit]:
    """The plan's process limits (工序能耗限额, e.g. 新建焦化工序 ≤ 110 kgce/t) by process."""
    try:
        plan = get_plan(db_session=db_session, plan_ref=plan_ref)
        rows = list(plan.benchmarks)
    except NotFound:  # no plan: no process limits (the session keeps its pending work)
        return {}
    except (OperationalError, ProgrammingError):  # a database not initialised: nothing to keep
        db_session.rollback()
        return {}
    return {
        b.process: PlanLimit(
            b.process,
            b.value,
            b.unit,
            b.comparator,
            f"{b.indicator} {b.comparator} {b.value} {b.unit}",
        )
        for b in rows
        if not b.aspirational and b.indicator.endswith(("能耗", "电耗"))
    }


def assess_project(
    *, db_session: Session, project: Project, plan_ref: str | int = "1"
) -> Assessment:
    """The assessment of ``project`` against the city baseline of the database and the plan's
    process limits."""
    baseline = city_baseline(db_session=db_session, plan_ref=plan_ref)
    limits = plan_limits(db_session=db_session, plan_ref=plan_ref)
    return assess(project, baseline, limits)
