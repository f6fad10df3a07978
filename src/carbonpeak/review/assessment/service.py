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


def assess_project(
    *, db_session: Session, project: Project, plan_ref: str | int = "1"
) -> Assessment:
    """The assessment of ``project`` against the city baseline of the database."""
    return assess(project, city_baseline(db_session=db_session, plan_ref=plan_ref))
