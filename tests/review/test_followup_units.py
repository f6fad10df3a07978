"""The monthly comparison in the approved value's unit (issue 14 audit): the monitoring demo's
aluminium smelter (六盘水丙铝业, 示意) meters its electrolysis line in kWh/t and, through the
electricity's 当量值, in kgce/t too (≈ 12,750 kWh/t × 0.1229 ≈ 1,567 kgce/t). A project approved
at 11,000 kWh/t (the benchmark's unit) is compared in kWh/t: ≈ 12,750 > 11,000 × 1.1 = 12,100,
an alert. The old code took ``kgce_per_t or kwh_per_t`` — ≈ 1,567 "kWh/t" — and saw nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session

from carbonpeak.auth import Principal, Role
from carbonpeak.monitoring import CST, list_enterprises, load_monitoring_demo, process_months
from carbonpeak.review import submit
from carbonpeak.review.followup.service import list_review_alerts, run_check
from carbonpeak.review.workflow.service import commission, decide

OFFICER = Principal(user_id=0, username="officer", role=Role.REVIEW_OFFICER)


def test_a_line_metered_in_both_units_is_compared_in_the_approved_one(
    db_url: str, db_session: Session
) -> None:
    year = datetime.now(UTC).year - 1
    load_monitoring_demo(db_url, days=32, year=year)
    smelter = next(e for e in list_enterprises(db_session=db_session) if e.industry_code == "3216")
    project = {
        "project": "电解铝节能改造项目（示意）",
        "owner_uscc": smelter.code,
        "industry": "3216",
        "district": "520201",
        "start_year": year,
        "products": [
            {"product": "aluminium_ac", "output": 40, "unit": "万t", "unit_consumption": 11000}
        ],
        "annual": [{"fuel": "电力", "quantity": 440000, "unit": "万kWh"}],
    }
    row = submit(db_session=db_session, data=project, principal=OFFICER)
    assert row.authority == "provincial"  # 4.4e9 kWh × 0.1229e-3 = 540,760 tce
    decide(
        db_session=db_session,
        project_id=row.id,
        outcome="approve",
        principal=OFFICER,
        exception_reason="示意",
        on_behalf_of="provincial",
        authority_document="黔发改环资〔示意〕9号",
        authority_document_date=date(year, 1, 1),
    )
    commission(db_session=db_session, project_id=row.id, on=date(year, 1, 1), principal=OFFICER)
    run_check(db_session=db_session, until=date(year, 2, 1), margin=0.1)
    (unit,) = [a for a in list_review_alerts(db_session=db_session) if a["measure"] != "energy_tce"]
    assert (unit["measure"], unit["month"], unit["approved"]) == (
        "unit:aluminium_ac",
        f"{year}-01",
        11000.0,
    )
    (january,) = process_months(
        db_session=db_session,
        enterprise_code=smelter.code,
        start=datetime(year, 1, 1, tzinfo=CST),
        end=datetime(year, 2, 1, tzinfo=CST),
    )
    assert january.kgce_per_t is not None and january.kwh_per_t is not None  # metered in both
    assert unit["monitored"] == pytest.approx(january.kwh_per_t, abs=1e-3)
    assert 12_100 < unit["monitored"] < 13_200  # the line runs at ≈ 12,750 kWh/t (± 3 %)
