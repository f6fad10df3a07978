"""The annual assessment: gathered from the database, scored, published and frozen."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from carbonpeak.core.errors import Conflict, NotFound
from carbonpeak.plan.orm import PlanRow
from carbonpeak.tracking.assessment import service as assessment
from carbonpeak.tracking.indicators import service
from carbonpeak.tracking.progress import service as progress
from carbonpeak.tracking.values import service as values

TODAY = date(2025, 3, 1)


def _plan(db: Session) -> PlanRow:
    plan = db.get(PlanRow, 1)
    assert plan is not None
    return plan


def test_district_scored_from_its_tasks(db: Session) -> None:
    # 钟山区人民政府 leads two tasks of action 2.11 (and no target): complete one, 50 % the other
    progress.update_progress(
        db_session=db,
        plan_id=1,
        task_key="2.11.1-1",
        changes={"state": "completed", "completed_on": date(2024, 6, 1)},
        actor="e",
    )
    progress.update_progress(
        db_session=db,
        plan_id=1,
        task_key="2.11.1-2",
        changes={"state": "in_progress", "percent": 50},
        actor="e",
    )
    row = assessment.run(db_session=db, plan=_plan(db), year=2024, actor="admin", today=TODAY)
    payload = json.loads(row.draft)
    unit = next(u for u in payload["units"] if u["name"] == "钟山区人民政府")
    assert unit["kind"] == "district" and unit["target_score"] is None
    assert unit["task_score"] == pytest.approx((100 + 50) / 2)
    assert unit["score"] == pytest.approx(75.0) and unit["result"] == "none"
    # units of the standing clause (各市(特区、区)人民政府) are not scored as one district
    assert all(not u["name"].startswith("各") for u in payload["units"])


def test_publish_freezes_the_year(db: Session) -> None:
    plan = _plan(db)
    ind = service.find_indicator(db_session=db, plan_id=1, ref="光伏发电装机容量")
    values.add_value(
        db_session=db,
        indicator=ind,
        observed_on=date(2020, 12, 31),
        value=100,
        unit="万千瓦",
        source="统计",
        actor="e",
    )
    v = values.add_value(
        db_session=db,
        indicator=ind,
        observed_on=date(2024, 12, 31),
        value=300,
        unit="万千瓦",
        source="统计",
        actor="e",
    )
    row = assessment.run(db_session=db, plan=plan, year=2024, actor="admin", today=TODAY)
    snap = assessment.publish(db_session=db, assessment=row, actor="admin")
    db.commit()
    before = assessment.payload_of(db_session=db, plan_id=1, year=2024)
    t1 = next(t for t in before["targets"] if t["target"] == "2.1.2-4:t1")
    assert t1["status"] == "achieved" and before["state"] == "published"
    # later edits: a correction and a task change do not change the published assessment
    values.correct_value(
        db_session=db, value_id=v.id, value=150, unit=None, comment="更正", actor="e"
    )
    progress.update_progress(
        db_session=db, plan_id=1, task_key="2.1.1-1", changes={"state": "cancelled"}, actor="e"
    )
    db.commit()
    assert assessment.payload_of(db_session=db, plan_id=1, year=2024) == before
    with pytest.raises(Conflict, match="frozen"):
        assessment.run(db_session=db, plan=plan, year=2024, actor="admin", today=TODAY)
    with pytest.raises(Conflict, match="published"):
        assessment.publish(db_session=db, assessment=row, actor="admin")
    # the database refuses to change or delete the snapshot
    for sql in (
        "UPDATE tracking_assessment_snapshots SET payload = '{}' WHERE id = :i",
        "DELETE FROM tracking_assessment_snapshots WHERE id = :i",
    ):
        with pytest.raises(DBAPIError):
            db.execute(text(sql), {"i": snap.id})
            db.flush()
        db.rollback()
    # the draft of a later year sees the correction
    later = assessment.run(db_session=db, plan=plan, year=2025, actor="admin", today=TODAY)
    t1 = next(t for t in json.loads(later.draft)["targets"] if t["target"] == "2.1.2-4:t1")
    assert t1["latest_value"] == 150 and t1["status"] != "achieved"


def test_no_assessment_yet(db: Session) -> None:
    with pytest.raises(NotFound, match="2030"):
        assessment.payload_of(db_session=db, plan_id=1, year=2030)
