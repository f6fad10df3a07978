"""The review follow-up runs with the scheduled checks (issue 14 audit: "compared every month"
depended on someone running ``carbonpeak review followup``). The sinter line of
``tests/monitoring/conftest.py`` used (40 t × 714.3 + 10,000 kWh × 0.1229) / 600 t = 49.668
kgce/t on 2 January 2026; a project of that plant approved at 44 kgce/t and commissioned on
1 January is over 44 × 1.1 = 48.4 kgce/t in January. The scheduled run compares completed
months only: on 20 January nothing (January is not over), from 1 February the January alert,
once."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from carbonpeak.audit import AuditRow
from carbonpeak.auth import Principal, Role
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.readings import service
from carbonpeak.review import list_review_alerts, submit
from carbonpeak.review.workflow.service import commission, decide
from carbonpeak.web import scheduler
from tests.monitoring.conftest import CODE, seed
from tests.web.test_monitoring_alerts import _rows

OFFICER = Principal(user_id=0, username="officer", role=Role.REVIEW_OFFICER)
PROJECT = {
    "project": "烧结机改造项目（示意）",
    "owner_uscc": CODE,
    "industry": "3110",
    "district": "520201",
    "start_year": 2026,
    "products": [{"product": "sinter", "output": 100, "unit": "万t", "unit_consumption": 44}],
    "annual": [{"fuel": "原煤", "quantity": 10000, "unit": "t"}],  # 7,143 tce: the city's
}


def test_the_schedule_compares_commissioned_projects_monthly(plan_db: str) -> None:
    with session_scope(plan_db) as db:
        seed(db)
        payload = {"enterprise": CODE, "readings": _rows()}
        service.ingest(
            db_session=db, payload=payload, actor="t", source="file", enterprise_scope=None
        )
        row = submit(db_session=db, data=PROJECT, principal=OFFICER)
        decide(
            db_session=db,
            project_id=row.id,
            outcome="approve",
            principal=OFFICER,
            exception_reason="示意",
        )
        commission(db_session=db, project_id=row.id, on=date(2026, 1, 1), principal=OFFICER)

    def alerts() -> list[tuple[str, str, float, float]]:
        with session_scope(plan_db) as db:
            return [
                (a["month"], a["measure"], a["approved"], a["monitored"])
                for a in list_review_alerts(db_session=db)
            ]

    scheduler.run_checks(plan_db, today=date(2026, 1, 20))
    assert alerts() == []  # January is not over: not compared
    scheduler.run_checks(plan_db, today=date(2026, 2, 1))
    assert alerts() == [("2026-01", "unit:sinter", 44.0, 49.668)]
    scheduler.run_checks(plan_db, today=date(2026, 3, 3))
    assert len(alerts()) == 1  # one alert per project, month and measure
    with session_scope(plan_db) as db:
        actors = db.scalars(select(AuditRow.actor).where(AuditRow.action == "review.alert"))
        assert list(actors) == ["scheduler"]
