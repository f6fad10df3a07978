"""What a unit owes covers every period open on the day, not only the first year opened
(issue 19, point 3)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy.orm import Session

from carbonpeak.tracking.progress.periods import periods_started_by
from carbonpeak.tracking.reporting import service as reporting

TASK = "2.1.1-1"  # 牵头单位 市能源局


def test_periods_started_by_a_day() -> None:
    keys = [p.key for p in periods_started_by(date(2026, 12, 6), since_year=2024)]
    assert keys[:5] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2024"]
    assert keys[-5:] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4", "2026"]
    assert len(keys) == 15
    assert periods_started_by(date(2026, 12, 6), since_year=2027) == []


def test_owed_covers_every_open_period_since_reporting_began(db: Session) -> None:
    reporting.open_year(db_session=db, plan_id=1, year=2024)
    owed = reporting.report_ledger(
        db_session=db, plan_id=1, as_of=date(2026, 5, 1), unit="市能源局"
    )
    mine = [(o.period, o.due_on, o.overdue) for o in owed if o.task == TASK]
    assert [p for p, _, _ in mine] == [
        "2024Q1", "2024Q2", "2024Q3", "2024Q4", "2024",
        "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2025",
        "2026Q1", "2026Q2", "2026",
    ]  # fmt: skip
    # quarterly reports due 15 days after the quarter, the annual one 31 days after the year
    assert ("2025", date(2026, 1, 31), True) in mine
    assert ("2026Q1", date(2026, 4, 15), True) in mine
    assert ("2026Q2", date(2026, 7, 15), False) in mine
    # a year asked for alone
    only = reporting.report_ledger(
        db_session=db, plan_id=1, as_of=date(2026, 5, 1), unit="市能源局", year=2025
    )
    assert {o.period for o in only if o.task == TASK} == {
        "2025Q1",
        "2025Q2",
        "2025Q3",
        "2025Q4",
        "2025",
    }
    # nothing opened: nothing owed yet
    assert reporting.report_ledger(db_session=db, plan_id=2, as_of=date(2026, 5, 1)) == []


def test_the_demo_opens_the_periods_a_city_has_open(db: Session) -> None:
    from carbonpeak.plan import PlanRow
    from carbonpeak.tracking.demo import service as demo

    plan = db.get(PlanRow, 1)
    assert plan is not None
    today = date(2026, 12, 6)
    demo._reports(db, plan, today)
    periods = [p.key for p in reporting.list_periods(db_session=db, plan_id=1)]
    assert periods[0] == "2024Q1" and "2025" in periods and "2026Q4" in periods
    owed = reporting.report_ledger(db_session=db, plan_id=1, as_of=today)
    by_period = Counter(o.period for o in owed)
    assert set(by_period) >= {"2025", "2026Q3", "2026Q4"}
    # most past reports were written; the last one due has the most gaps; none is due yet
    # for 2026Q4, so none of it is overdue
    assert by_period["2026Q3"] > by_period["2026Q2"]
    assert not any(o.overdue for o in owed if o.period in ("2026Q4", "2026"))
    assert all(o.overdue for o in owed if o.period == "2026Q3")
