"""Task progress, milestones, reporting periods, progress reports, reviews, contributions and
evidence attachments (database)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from carbonpeak.audit.service import list_entries
from carbonpeak.core.errors import Conflict, InputError, NotFound
from carbonpeak.tracking.attachments import service as attachments
from carbonpeak.tracking.orm import ProgressReportRow
from carbonpeak.tracking.progress import service as progress
from carbonpeak.tracking.reporting import service as reporting
from carbonpeak.tracking.warnings import service as alerts

TASK = "2.1.1-1"  # 牵头单位 市能源局、市生态环境局、市发展改革委

SaveQ1 = Callable[..., ProgressReportRow]


@pytest.fixture
def save_q1(db: Session) -> SaveQ1:
    """``save_q1(**fields)``: 市能源局's report on TASK for 2024Q1 saved by "e" with
    ``fields`` (narrative, percent, numbers); the year's periods are opened on first use."""

    def save(**fields: Any) -> ProgressReportRow:
        q1 = reporting.get_period(db_session=db, plan_id=1, key="2024Q1")
        return reporting.save_report(
            db_session=db,
            plan_id=1,
            period=q1,
            task_key=TASK,
            unit_name="市能源局",
            actor="e",
            **fields,
        )

    return save


def test_completed_needs_a_completion_date(db: Session) -> None:
    with pytest.raises(InputError, match="completed_on"):
        progress.update_progress(
            db_session=db, plan_id=1, task_key=TASK, changes={"state": "completed"}, actor="e"
        )
    db.rollback()
    row = progress.update_progress(
        db_session=db,
        plan_id=1,
        task_key=TASK,
        changes={"state": "completed", "completed_on": date(2024, 5, 1)},
        actor="e",
    )
    assert row.percent == 100
    # reopened: the completion date is cleared
    row = progress.update_progress(
        db_session=db,
        plan_id=1,
        task_key=TASK,
        changes={"state": "in_progress", "percent": 60},
        actor="e",
    )
    assert row.completed_on is None and row.percent == 60
    db.commit()
    # enforced by the database too, not only by the service
    with pytest.raises(IntegrityError):
        db.execute(
            text(
                "UPDATE tracking_task_progress SET state = 'completed', "
                "completed_on = NULL WHERE task_key = :k"
            ),
            {"k": TASK},
        )
    db.rollback()
    with pytest.raises(InputError, match="percent"):
        progress.update_progress(
            db_session=db, plan_id=1, task_key=TASK, changes={"percent": 101}, actor="e"
        )
    with pytest.raises(NotFound, match=r"9\.9\.9"):
        progress.update_progress(db_session=db, plan_id=1, task_key="9.9.9", changes={}, actor="e")
    audit = list_entries(db_session=db, entity="tracking_task_progress")
    assert [e.action for e in audit] == ["update", "create"]


def test_milestones_overdue(db: Session) -> None:
    m1 = progress.add_milestone(
        db_session=db,
        plan_id=1,
        task_key=TASK,
        title="完成方案",
        due_on=date(2024, 6, 30),
        actor="e",
    )
    m2 = progress.add_milestone(
        db_session=db, plan_id=1, task_key=TASK, title="开工", due_on=date(2024, 9, 30), actor="e"
    )
    progress.update_milestone(
        db_session=db, milestone=m2, changes={"completed_on": date(2024, 9, 1)}, actor="e"
    )
    rows = progress.milestones(db_session=db, plan_id=1, task_key=TASK)
    late = progress.overdue_milestones(rows, year=2024, today=date(2024, 12, 1))
    assert [m.id for m in late] == [m1.id]


def test_report_workflow_and_what_is_owed(db: Session, save_q1: SaveQ1) -> None:
    periods = reporting.open_year(db_session=db, plan_id=1, year=2024)
    assert [p.key for p in periods] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2024"]
    owed = reporting.report_ledger(
        db_session=db, plan_id=1, as_of=date(2024, 4, 20), unit="市能源局"
    )
    first = [o for o in owed if o.task == TASK]
    assert [(o.period, o.overdue) for o in first] == [
        ("2024Q1", True),
        ("2024Q2", False),
        ("2024Q3", False),
        ("2024Q4", False),
        ("2024", False),
    ]
    r = save_q1(narrative="")
    with pytest.raises(InputError, match="narrative"):
        reporting.submit_report(db_session=db, report=r, actor="e")
    save_q1(
        narrative="完成可研", percent=30, numbers=[{"label": "投资", "value": 1.5, "unit": "亿元"}]
    )
    with pytest.raises(InputError, match=r"numbers\[1\], value"):
        save_q1(numbers=[{"label": "x", "value": "1"}])
    # a unit written as a number is kept as text (the API's report numbers: unit is a string)
    kept = save_q1(numbers=[{"label": "投资", "value": 1.5, "unit": 100}])
    assert reporting.report_snapshot(kept)["numbers"] == [
        {"label": "投资", "value": 1.5, "unit": "100"}
    ]
    reporting.save_contribution(
        db_session=db, report=r, unit_name="市发展改革委", text="已列入重点项目", actor="fgw"
    )
    reporting.submit_report(db_session=db, report=r, actor="e")
    with pytest.raises(Conflict):
        save_q1(narrative="x")
    with pytest.raises(InputError, match="comment"):
        reporting.review_report(
            db_session=db, report=r, decision="return", comment="", actor="admin"
        )
    reporting.review_report(
        db_session=db, report=r, decision="return", comment="请补充佐证", actor="admin"
    )
    assert r.state == "returned" and r.review_comment == "请补充佐证"
    # a returned report is owed again; edited and resubmitted, then approved
    owed = reporting.report_ledger(db_session=db, plan_id=1, as_of=date(2024, 4, 20))
    assert any(o.task == TASK and o.period == "2024Q1" and o.state == "returned" for o in owed)
    save_q1(narrative="完成可研，附批复")
    reporting.submit_report(db_session=db, report=r, actor="e")
    reporting.review_report(
        db_session=db, report=r, decision="approve", comment=None, actor="admin"
    )
    assert r.state == "approved"
    with pytest.raises(Conflict, match="only submitted"):
        reporting.review_report(
            db_session=db, report=r, decision="approve", comment=None, actor="admin"
        )
    # submitted after the deadline (2024-04-15): listed as late with include_done
    r.submitted_at = datetime(2024, 4, 20, tzinfo=UTC)
    done = reporting.report_ledger(
        db_session=db, plan_id=1, as_of=date(2024, 4, 20), include_done=True, unit="市能源局"
    )
    mine = next(o for o in done if o.task == TASK and o.period == "2024Q1")
    assert mine.late and mine.overdue and mine.state == "approved"
    actions = [e.action for e in list_entries(db_session=db, entity="tracking_progress_report")]
    assert actions.count("submit") == 2 and "return" in actions and "approve" in actions


def test_attachments_limits(db: Session, tmp_path: Path, save_q1: SaveQ1) -> None:
    r = save_q1(narrative="x")
    a = attachments.add_attachment(
        db_session=db,
        report=r,
        filename="../批复.pdf",
        data=b"%PDF-1.4 test",
        unit_name="市能源局",
        actor="e",
        root=tmp_path,
    )
    assert a.filename == "批复.pdf" and a.size_bytes == 13 and a.content_type == "application/pdf"
    assert attachments.read_attachment(a, root=tmp_path) == b"%PDF-1.4 test"
    with pytest.raises(InputError, match=r"\.exe"):
        attachments.add_attachment(
            db_session=db,
            report=r,
            filename="x.exe",
            data=b"MZ",
            unit_name="u",
            actor="e",
            root=tmp_path,
        )
    big = b"0" * (10_000_000 + 1)
    with pytest.raises(InputError, match="too large"):
        attachments.add_attachment(
            db_session=db,
            report=r,
            filename="x.csv",
            data=big,
            unit_name="u",
            actor="e",
            root=tmp_path,
        )


def test_warnings_raised_once_and_resolved(db: Session, save_q1: SaveQ1) -> None:
    reporting.open_year(db_session=db, plan_id=1, year=2024)
    first = alerts.check(db_session=db, plan_id=1, as_of=date(2024, 4, 20), actor="t")
    kinds = {w.kind for w in first.raised}
    assert {"report_overdue", "value_overdue"} <= kinds
    again = alerts.check(db_session=db, plan_id=1, as_of=date(2024, 4, 20), actor="t")
    assert again.raised == [] and again.resolved == []
    key = f"report_overdue:{TASK}:2024Q1"
    assert key in {w.key for w in first.raised}
    r = save_q1(narrative="x")
    reporting.submit_report(db_session=db, report=r, actor="e")
    later = alerts.check(db_session=db, plan_id=1, as_of=date(2024, 4, 21), actor="t")
    assert key in {w.key for w in later.resolved}
    # returned with comments: owed again, so the warning is raised again
    reporting.review_report(db_session=db, report=r, decision="return", comment="补充", actor="a")
    again = alerts.check(db_session=db, plan_id=1, as_of=date(2024, 4, 22), actor="t")
    assert key in {w.key for w in again.raised}
    mine = alerts.open_warnings(db_session=db, plan_id=1, unit="市能源局")
    assert mine and all("市能源局" in w.units for w in mine)
