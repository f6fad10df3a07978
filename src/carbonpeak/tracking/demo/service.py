"""Illustrative tracking data for the demo (示例数据，虚构): indicator values 2020–2024, task
states, milestones and progress reports, and the published 2024 assessment.

EVERY NUMBER HERE IS INVENTED. How it is made: for each indicator, the value of 2020 is put
at a fixed share of its earliest dated target (60 % below a ``>=`` target, 140 % above a
``<=`` target), and later years move towards the target at one of four paces (ahead, on
pace, a little behind, far behind) chosen by the indicator's position, so that the demo shows
every status. An indicator that a published statistic of the city measures (see
:mod:`carbonpeak.tracking.demo.published`) gets the published values only, and no invented
value in any year. Values carry origin ``demo`` and a source that says they are illustrative;
progress reports are flagged illustrative and their text starts with 【示例】. Indicators the
accounting engine computes get values only from the engine (see :func:`_engine_values`).
The invented series are :mod:`carbonpeak.tracking.demo.series`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.inventory import CITY, calculate, demo_activity, with_published_economy
from carbonpeak.plan import PlanRow, TargetRow
from carbonpeak.regions import find_region
from carbonpeak.statistics import current_values
from carbonpeak.tracking.assessment import service as assessment
from carbonpeak.tracking.computed.engine import computed_values_from_inventory
from carbonpeak.tracking.computed.service import store_computed
from carbonpeak.tracking.demo.published import published_points
from carbonpeak.tracking.demo.series import PACES, YEARS, counted, series
from carbonpeak.tracking.indicators import service
from carbonpeak.tracking.indicators.catalog import plan_region
from carbonpeak.tracking.model import Origin
from carbonpeak.tracking.orm import IndicatorRow, IndicatorValueRow, ReportingPeriodRow
from carbonpeak.tracking.progress import service as progress
from carbonpeak.tracking.reporting import service as reporting
from carbonpeak.tracking.values.service import add_value
from carbonpeak.tracking.warnings import service as alerts

ACTOR = "demo"
SOURCE = (
    "示例数据（虚构，由 carbonpeak.tracking.demo 按固定规则生成，非统计数据） / illustrative: "
    "invented by carbonpeak.tracking.demo from a fixed rule, not a statistic"
)
ASSESSED_YEAR = 2024


def _indicator_values(db: Session, plan: PlanRow) -> int:
    targets = {t.key: t for t in db.scalars(select(TargetRow).where(TargetRow.plan_id == plan.id))}
    region = find_region(plan_region(plan.title) or "")
    published = current_values(db_session=db, region=region.code) if region else []
    added = 0
    for i, ind in enumerate(service.list_indicators(db_session=db, plan_id=plan.id)):
        if ind.computed_kind or not ind.targets:
            continue
        dated = [targets[x.target_key] for x in ind.targets if x.target_key in targets]
        if not dated:
            continue
        first = min(dated, key=lambda t: (t.year or 9999, t.aspirational))
        unit = ind.unit or "指数(2020=100)"
        # a published statistic of the same thing stands instead of an invented value
        real = (
            {p.year: p for p in published_points(ind.name, unit, region.code, published)}
            if region
            else {}
        )
        for p in real.values():
            add_value(
                db_session=db,
                indicator=ind,
                observed_on=date(p.year, 12, 31),
                value=p.value,
                unit=unit,
                source=p.source,
                origin=Origin.IMPORT,
                actor=ACTOR,
                comment="公报数据 published statistic",
            )
            added += 1
        if real:
            # an indicator with a published value gets no invented one: its status and the
            # cockpit's published share rest on the published values alone
            continue
        for y, v in series(first, PACES[i % len(PACES)], whole=counted(unit)):
            add_value(
                db_session=db,
                indicator=ind,
                observed_on=date(y, 12, 31),
                value=v,
                unit=unit,
                source=SOURCE,
                origin=Origin.DEMO,
                actor=ACTOR,
                comment="示例 illustrative",
            )
            added += 1
    return added


def _engine_values(db: Session, plan: PlanRow) -> str:
    """Computed indicators from the accounting engine run over the inventory domain's
    ILLUSTRATIVE demo activity data (2005, 2020-2024); never invented here."""
    records, _ = with_published_economy(demo_activity(), current_values(db_session=db))
    inventory = calculate(tuple(records))
    values = computed_values_from_inventory(
        inventory,
        CITY,
        [2005, *YEARS],
        region_name=plan_region(plan.title),
        source="inventory, ILLUSTRATIVE demo activity (示意数据，虚构)",
    )
    result = store_computed(db_session=db, plan_id=plan.id, values=values, actor=ACTOR)
    return (
        f"核算引擎指标（示意活动数据） engine values from illustrative activity: "
        f"{result.added} added, skipped {len(result.skipped)}"
    )


def _task_progress(db: Session, plan: PlanRow) -> int:
    tasks = reporting.lead_tasks(db_session=db, plan_id=plan.id)
    for n, task in enumerate(tasks):
        pick = n % 10
        changes: dict[str, Any]
        # the fourth year of a plan whose tasks mostly run to 2025: three in ten done, most
        # well under way, one in ten behind, one in twenty not started
        if pick < 3:
            changes = {"state": "completed", "completed_on": date(2024, 3 + pick * 3, 28)}
        elif pick < 8:
            changes = {"state": "in_progress", "percent": 40 + 10 * (pick - 3)}
        elif pick == 8:
            changes = {"state": "delayed", "percent": 30}
        elif n % 20 == 19:
            changes = {"state": "not_started"}
        else:
            changes = {"state": "in_progress", "percent": 25}
        changes["responsible_person"] = "（示例）科室负责人"
        progress.update_progress(
            db_session=db, plan_id=plan.id, task_key=task.key, changes=changes, actor=ACTOR
        )
        if n % 4 == 0:
            m = progress.add_milestone(
                db_session=db,
                plan_id=plan.id,
                task_key=task.key,
                title="（示例）完成年度工作方案",
                due_on=date(2024, 6, 30),
                actor=ACTOR,
            )
            if n % 8 == 0:
                progress.update_milestone(
                    db_session=db,
                    milestone=m,
                    changes={"completed_on": date(2024, 6, 20)},
                    actor=ACTOR,
                )
    return len(tasks)


def _owes(n: int, period: ReportingPeriodRow, latest_due: date | None, today: date) -> bool:
    """Whether the demo leaves task ``n``'s report on ``period`` unwritten (owed): a few
    annual reports every year; a sixth of the last period that fell due (overdue); of the
    periods not yet due, all but a quarter written early."""
    if period.due_on >= today:
        return n % 4 != 0
    if period.due_on == latest_due and n % 6 == 0:
        return True
    return n % 17 == 16 and period.kind == "annual"


def _reports(db: Session, plan: PlanRow, today: date) -> int:
    """Reports on every period a city has open on ``today``, since reporting began with
    the assessed year (quarterly and annual, as ``tracking/progress/periods`` says)."""
    tasks = reporting.lead_tasks(db_session=db, plan_id=plan.id)
    periods = reporting.open_through(
        db_session=db, plan_id=plan.id, as_of=today, since_year=ASSESSED_YEAR
    )
    latest_due = max((p.due_on for p in periods if p.due_on < today), default=None)
    count = 0
    for period in periods:
        for n, task in enumerate(tasks):
            if _owes(n, period, latest_due, today):
                continue
            report = reporting.save_report(
                db_session=db,
                plan_id=plan.id,
                period=period,
                task_key=task.key,
                unit_name=task.lead_units[0],
                actor=ACTOR,
                # What a unit writes: in Chinese (虚构示例文本 says it is invented).
                narrative=f"【示例】{period.key} 「{task.title}」工作进展（虚构示例文本）",
                percent=min(100, 30 + n % 8 * 10),
                numbers=[{"label": "（示例）完成投资", "value": 100 + n, "unit": "万元"}],
                illustrative=True,
            )
            reporting.submit_report(db_session=db, report=report, actor=ACTOR)
            assert report.submitted_at is not None
            on = min(period.due_on, today)
            report.submitted_at = report.submitted_at.replace(
                year=on.year, month=on.month, day=on.day
            )
            if period.due_on >= today:
                count += 1
                continue  # written early: not reviewed yet
            # returned for more evidence: only in the last period due (older returns were
            # resubmitted and approved in time)
            if n % 11 == 5 and period.due_on == latest_due:
                reporting.review_report(
                    db_session=db,
                    report=report,
                    decision="return",
                    comment="（示例）请补充佐证材料",
                    actor=ACTOR,
                )
            elif n % 3 != 2:
                reporting.review_report(
                    db_session=db, report=report, decision="approve", comment=None, actor=ACTOR
                )
            count += 1
    return count


def load(*, db_session: Session, plan: PlanRow, today: date | None = None) -> list[str]:
    """Load the illustrative tracking data once (a second call does nothing)."""
    db = db_session
    sync = service.sync_indicators(db_session=db, plan=plan, actor=ACTOR)
    done = db.scalar(
        select(IndicatorValueRow.id)
        .join(IndicatorRow, IndicatorRow.id == IndicatorValueRow.indicator_id)
        .where(IndicatorRow.plan_id == plan.id, IndicatorValueRow.origin == Origin.DEMO.value)
        .limit(1)
    )
    if done is not None:
        return ["跟踪示例数据已加载 / illustrative tracking data already loaded"]
    lines = [sync.summary()]
    lines.append(f"示例指标数值 illustrative values: {_indicator_values(db, plan)}")
    lines.append(_engine_values(db, plan))
    lines.append(f"示例任务进展 illustrative task states: {_task_progress(db, plan)}")
    today = today or date.today()
    lines.append(f"示例进展报告 illustrative progress reports: {_reports(db, plan, today)}")
    row = assessment.run(db_session=db, plan=plan, year=ASSESSED_YEAR, actor=ACTOR, today=today)
    assessment.publish(db_session=db, assessment=row, actor=ACTOR)
    lines.append(f"{ASSESSED_YEAR} 年度评估（示例）已发布 / illustrative assessment published")
    check = alerts.check(db_session=db, plan_id=plan.id, as_of=today, actor=ACTOR)
    lines.append(check.summary())
    return lines
