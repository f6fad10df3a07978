"""What the tracking pages show (指标与目标, 工作台, 考核评估), read through the tracking domain's
public names: target statuses (``evaluate_plan``, as of today like the API), indicator values
and their history (``tracking/values``), reports owed and written (``tracking/reporting``),
task progress and milestones (``tracking/progress``), warnings (``tracking/warnings``) and the
annual assessment (``tracking/assessment``). Nothing is computed here but the points of a
chart (the trajectory, by ``expected_value`` of ``tracking/statuses/status.py``).
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from carbonpeak.auth import Principal
from carbonpeak.core.errors import CarbonpeakError
from carbonpeak.core.shared import figure_cache
from carbonpeak.plan.orm import PlanRow, TargetRow
from carbonpeak.tracking import (
    Owed,
    Status,
    TargetStatus,
    Trajectory,
    current_values,
    evaluate_plan,
    expected_value,
    get_progress,
    indicator_task_keys,
    is_illustrative_value,
    list_milestones,
    list_reports,
    report_ledger,
    require_indicator_editor,
    status_version,
    value_history,
    year_end,
)
from carbonpeak.tracking import open_warnings as tracking_open_warnings
from carbonpeak.tracking.orm import (
    AssessmentRow,
    EarlyWarningRow,
    IndicatorRow,
    IndicatorTargetRow,
    IndicatorValueRow,
    MilestoneRow,
    ProgressReportRow,
    ReportingPeriodRow,
    TaskProgressRow,
)
from carbonpeak.web.i18n import N_

#: Statuses in the order the pages list them, with their labels (msgids).
STATUS_LABELS: dict[str, str] = {
    Status.ACHIEVED.value: N_("achieved"),
    Status.ON_TRACK.value: N_("on track"),
    Status.AT_RISK.value: N_("at risk"),
    Status.OFF_TRACK.value: N_("off track"),
    Status.NO_DATA.value: N_("no data"),
}
TASK_STATE_LABELS: dict[str, str] = {
    "not_started": N_("not started"),
    "in_progress": N_("in progress"),
    "completed": N_("completed"),
    "delayed": N_("delayed"),
    "cancelled": N_("cancelled"),
}
REPORT_STATE_LABELS: dict[str, str] = {
    "draft": N_("draft"),
    "submitted": N_("submitted"),
    "approved": N_("approved"),
    "returned": N_("returned"),
}


def today() -> date:
    return date.today()


def plan_statuses(db: Session, plan: PlanRow) -> list[TargetStatus]:
    """Every attached target's status as of today (what ``GET /tracking/{plan}/statuses``
    answers), from the shared figure cache (``core/shared.py``: Redis when configured, so
    each server process does not evaluate them again). The key is the database, the plan, the
    day and :func:`status_version` (what the statuses are computed from); a web or API write
    drops them too (its generation). The statuses hold copies of their rows, detached from
    any session (the pages read their loaded columns and relationships only)."""
    as_of = today()
    where = db.get_bind().engine.url.render_as_string(hide_password=True)
    key = (where, plan.id, as_of, status_version(db_session=db, plan_id=plan.id))
    return figure_cache().get_or_compute(
        "statuses",
        key,
        lambda: detached(evaluate_plan(db_session=db, plan_id=plan.id, as_of=as_of)),
    )


def detached(statuses: list[TargetStatus]) -> list[TargetStatus]:
    """A copy of ``statuses`` whose rows belong to no session (a pickle round trip: what a
    process reading them from Redis gets too), so they outlive the request's session."""
    return pickle.loads(pickle.dumps(statuses, protocol=pickle.HIGHEST_PROTOCOL))


def status_counts(items: Iterable[TargetStatus]) -> dict[str, int]:
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for s in items:
        counts[s.result.status.value] += 1
    return counts


def open_warnings(db: Session, plan: PlanRow, unit: str | None = None) -> list[EarlyWarningRow]:
    return tracking_open_warnings(db_session=db, plan_id=plan.id, unit=unit)


# ---------------------------------------------------------------- one indicator


@dataclass
class IndicatorPage:
    indicator: IndicatorRow
    current: list[IndicatorValueRow]
    history: list[IndicatorValueRow]
    statuses: list[TargetStatus]
    targets: dict[str, TargetRow]
    task_keys: list[str]
    can_enter: bool
    illustrative: bool
    trajectories: list[tuple[str, list[tuple[str, float]]]] = field(default_factory=list)
    goals: list[tuple[str, str, float]] = field(default_factory=list)


def _goal_level(s: TargetStatus) -> float | None:
    """The level the target asks for (a change target: from its base value)."""
    t = s.target
    if not t.change:
        return t.value
    base = s.result.base_value
    if base is None:
        return None
    return base * (1 - t.value / 100) if t.change == "decrease" else base * (1 + t.value / 100)


def _trajectory(s: TargetStatus) -> list[tuple[str, float]]:
    """Year-end points of the expected path from the base value to the target."""
    r, t = s.result, s.target
    goal = _goal_level(s)
    if r.base_value is None or r.base_on is None or goal is None or t.year is None:
        return []
    end = year_end(t.year)
    if end <= r.base_on:
        return []
    kind = Trajectory(s.link.trajectory)
    points = [(r.base_on.isoformat(), r.base_value)]
    for year in range(r.base_on.year + 1, t.year + 1):
        at = year_end(year)
        points.append(
            (at.isoformat(), expected_value(kind, r.base_value, goal, r.base_on, end, at))
        )
    return points


def indicator_page(
    db: Session, plan: PlanRow, indicator: IndicatorRow, user: Principal
) -> IndicatorPage:
    mine = [s for s in plan_statuses(db, plan) if s.indicator.id == indicator.id]
    current = current_values(db_session=db, indicator_id=indicator.id)
    try:
        require_indicator_editor(db_session=db, principal=user, indicator=indicator)
        can_enter = not indicator.computed_kind
    except CarbonpeakError:
        can_enter = False
    page = IndicatorPage(
        indicator=indicator,
        current=current,
        history=value_history(db_session=db, indicator_id=indicator.id),
        statuses=mine,
        targets={s.target.key: s.target for s in mine},
        task_keys=indicator_task_keys(db_session=db, indicator=indicator),
        can_enter=can_enter,
        illustrative=any(is_illustrative_value(v) for v in current),
    )
    for s in mine:
        path = _trajectory(s)
        if path:
            page.trajectories.append((s.target.key, path))
        goal = _goal_level(s)
        if goal is not None and s.target.year is not None:
            page.goals.append((s.target.key, year_end(s.target.year).isoformat(), goal))
    return page


# ---------------------------------------------------------------- a unit's workspace


@dataclass
class Workspace:
    owed: list[Owed]
    #: The latest reports on the unit's tasks (at most ``REPORTS_SHOWN``), and how many exist.
    reports: list[ProgressReportRow]
    report_count: int
    indicators: list[IndicatorRow]
    warnings: list[EarlyWarningRow]
    #: Reports the climate office returned, for the unit to revise and resubmit (all of them).
    returned: list[ProgressReportRow] = field(default_factory=list)


REPORTS_SHOWN = 15


def workspace(db: Session, plan: PlanRow, unit: str, task_keys: set[str]) -> Workspace:
    """What ``unit`` owes and has written, and the indicators of its tasks' targets."""
    owed = report_ledger(db_session=db, plan_id=plan.id, as_of=today(), unit=unit)
    keys = sorted(task_keys)
    mine = (
        ProgressReportRow.plan_id == plan.id,
        ProgressReportRow.task_key.in_(keys),
    )
    count = db.scalar(select(func.count()).select_from(ProgressReportRow).where(*mine)) or 0
    reports = list(
        db.scalars(
            select(ProgressReportRow)
            .join(ReportingPeriodRow)
            .where(*mine)
            .options(
                selectinload(ProgressReportRow.period),
                selectinload(ProgressReportRow.attachments),
            )
            .order_by(ReportingPeriodRow.due_on.desc(), ProgressReportRow.id.desc())
            .limit(REPORTS_SHOWN)
        )
    )
    task_targets = select(TargetRow.key).where(
        TargetRow.plan_id == plan.id, TargetRow.task_key.in_(keys)
    )
    linked = select(IndicatorTargetRow.indicator_id).where(
        IndicatorTargetRow.plan_id == plan.id, IndicatorTargetRow.target_key.in_(task_targets)
    )
    indicators = list(
        db.scalars(
            select(IndicatorRow)
            .where(
                IndicatorRow.plan_id == plan.id,
                IndicatorRow.computed_kind.is_(None),
                IndicatorRow.id.in_(linked),
            )
            .order_by(IndicatorRow.id)
        )
    )
    returned = list(
        db.scalars(
            select(ProgressReportRow)
            .join(ReportingPeriodRow)
            .where(*mine, ProgressReportRow.state == "returned")
            .options(selectinload(ProgressReportRow.period))
            .order_by(ReportingPeriodRow.due_on, ProgressReportRow.id)
        )
    )
    warnings = open_warnings(db, plan, unit)
    return Workspace(owed, reports, count, indicators, warnings, returned)


# ---------------------------------------------------------------- one task


@dataclass
class TaskTracking:
    progress: TaskProgressRow | None
    milestones: list[MilestoneRow]
    reports: list[ProgressReportRow]
    statuses: dict[str, TargetStatus]


def task_tracking(db: Session, plan: PlanRow, task_key: str) -> TaskTracking:
    return TaskTracking(
        progress=get_progress(db_session=db, plan_id=plan.id, task_key=task_key),
        milestones=list_milestones(db_session=db, plan_id=plan.id, task_key=task_key),
        reports=list_reports(db_session=db, plan_id=plan.id, task_key=task_key),
        statuses={
            s.target.key: s for s in plan_statuses(db, plan) if s.target.task_key == task_key
        },
    )


def assessment_years(db: Session, plan: PlanRow) -> list[tuple[int, str]]:
    """(year, state) of every assessment of the plan, latest first."""
    rows = db.execute(
        select(AssessmentRow.year, AssessmentRow.state)
        .where(AssessmentRow.plan_id == plan.id)
        .order_by(AssessmentRow.year.desc())
    ).all()
    return [(int(y), str(s)) for y, s in rows]
