"""The city baseline for the impact assessment, from the platform's own figures: the plan
scenario's projection (scenarios' public :func:`run_scenario`; on a stored dataset once per
dataset version in the shared figure cache) and tracking's
latest values and targets of 单位GDP能耗 and 单位GDP二氧化碳排放 (the plan's computed
indicators). The illustrative outlook (``data/city_outlook.csv``) is the labelled fallback when
the scenario cannot be run."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from carbonpeak.core.errors import CarbonpeakError, NotFound
from carbonpeak.core.shared import figure_cache
from carbonpeak.inventory import Inventory, compute_inventory, data_key, resolve_dataset
from carbonpeak.plan import get_plan
from carbonpeak.review.assessment.assess import Assessment, assess
from carbonpeak.review.assessment.classify import PlanLimit
from carbonpeak.review.assessment.impact import Baseline
from carbonpeak.review.assessment.outlook import (
    CO2,
    ENERGY,
    TrackedIntensity,
    fallback_baseline,
    scenario_baseline,
)
from carbonpeak.review.model import Project
from carbonpeak.scenarios import ScenarioRun, run_scenario, scenario_names
from carbonpeak.tracking import evaluate_plan

#: the scenario whose projection is the city baseline (the plan's own measures)
PLAN_SCENARIO = "plan"


@lru_cache(maxsize=2)
def plan_scenario_run(name: str = PLAN_SCENARIO) -> ScenarioRun:
    """The plan scenario's run (pure and deterministic: computed once per process)."""
    return run_scenario(name)


def _dataset_run(
    name: str, key: tuple[object, ...], inventory: Inventory, label: str
) -> ScenarioRun:
    """The scenario on a stored dataset's inventory from the shared figure cache (one run per
    dataset version, ``key``, shared by every server process when Redis is configured)."""

    def compute() -> ScenarioRun:
        return run_scenario(name, inventory=inventory, inventory_label=label)

    return figure_cache().get_or_compute("review-plan-run", (name, label, *key), compute)


def city_scenario_run(db_session: Session, name: str = PLAN_SCENARIO) -> ScenarioRun:
    """The plan scenario on the city's own dataset — the default one the pages and the command
    line use (``carbonpeak inventory default``) — else on the bundled illustrative inventory (the
    demo dataset is that inventory). A dataset the scenario cannot start from (e.g. one without
    the base year) raises, and the caller falls back with the reason."""
    try:
        choice = resolve_dataset(db_session=db_session)
    except (OperationalError, ProgrammingError):  # a database not initialised
        db_session.rollback()
        choice = None
    if choice is None or choice.reason == "demo":
        return plan_scenario_run(name)
    stored = compute_inventory(
        db_session=db_session, dataset=choice.dataset, version=choice.version
    )
    label = f"{choice.dataset} v{stored.version.version}"
    return _dataset_run(name, data_key(stored), stored.inventory, label)


def tracked_intensities(
    *, db_session: Session, plan_ref: str | int, as_of: date | None = None
) -> tuple[TrackedIntensity, ...]:
    """Tracking's latest value and target (as an absolute intensity) of each intensity target
    of the plan; empty without a plan or an initialised database."""
    try:
        plan = get_plan(db_session=db_session, plan_ref=plan_ref)
    except NotFound:
        return ()
    except (OperationalError, ProgrammingError):  # a database not initialised
        db_session.rollback()
        return ()
    out = []
    for s in evaluate_plan(db_session=db_session, plan_id=plan.id, as_of=as_of or date.today()):
        kind = s.indicator.computed_kind
        latest, t = s.result.latest, s.target
        if kind not in (ENERGY, CO2) or latest is None or t.year is None or t.value is None:
            continue
        if t.unit == "%" and t.change == "decrease" and s.result.base_value:
            target = s.result.base_value * (1 - t.value / 100)
            how = f"base {s.result.base_value:.4g} × (1 − {t.value:g}%)"
        elif t.unit == s.indicator.unit and not t.change:
            target, how = t.value, f"{t.comparator} {t.value:g} {t.unit}"
        else:
            continue
        illustrative = " (示意数据 illustrative value)" if s.illustrative else ""
        out.append(
            TrackedIntensity(
                kind=kind,
                indicator=s.indicator.name,
                latest_year=latest.on.year,
                latest=latest.value,
                target_year=t.year,
                target=target,
                unit=s.indicator.unit or "",
                source=f"tracking target {t.key}: {how}{illustrative}",
            )
        )
    return tuple(out)


def city_baseline(
    *, db_session: Session, plan_ref: str | int, as_of: date | None = None
) -> tuple[Baseline, ...]:
    """The plan scenario's baseline with tracking's targets and headroom; the illustrative
    outlook (labelled, with the reason) when the scenario cannot be run."""
    tracked = tracked_intensities(db_session=db_session, plan_ref=plan_ref, as_of=as_of)
    name = PLAN_SCENARIO if PLAN_SCENARIO in scenario_names() else ""
    if not name:
        return fallback_baseline(f"no {PLAN_SCENARIO!r} scenario")
    try:
        rows = scenario_baseline(city_scenario_run(db_session, name), tracked)
    except (CarbonpeakError, ValueError) as exc:
        return fallback_baseline(f"plan scenario failed: {exc}")
    return rows or fallback_baseline("the plan scenario covers no target year")


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
