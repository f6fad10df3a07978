"""The review demo (示意数据) through the whole loop: the approved coking project (approved
at 105 kgce/t and 95,548 tce/yr: 120000 t × 0.7143 + 8e7 kWh × 0.1229e-3) is commissioned on
1 January; the monitoring demo's coking line runs at 120–122 kgce/t and about 2,700 t/day, so
January (≈ 2700 × 31 × 0.121 ≈ 10,100 tce) exceeds 95,548 / 12 × 1.1 = 8,758 tce, and its unit
consumption exceeds 105 × 1.1 = 115.5 kgce/t: alerts. A second run adds none."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session

from carbonpeak.monitoring import load_monitoring_demo
from carbonpeak.review import load_review_demo
from carbonpeak.review.followup.service import list_review_alerts, run_check


def test_demo_loop_raises_alerts(db_url: str, db_session: Session) -> None:
    year = datetime.now(UTC).year - 1
    load_monitoring_demo(db_url, days=32, year=year)
    line = load_review_demo(db_url, today=date(year, 2, 1))
    assert "示意数据" in line and "approved and commissioned" in line
    alerts = list_review_alerts(db_session=db_session)
    jan = {a["measure"]: a for a in alerts if a["month"] == f"{year}-01"}
    assert set(jan) == {"energy_tce", "unit:coke_top"}
    assert jan["energy_tce"]["approved"] == pytest.approx((120000 * 0.7143 + 8e7 * 0.1229e-3) / 12)
    assert jan["energy_tce"]["monitored"] > jan["energy_tce"]["approved"] * 1.1
    assert 115.5 < jan["unit:coke_top"]["monitored"] < 130
    again = run_check(db_session=db_session, until=date(year, 2, 1))
    assert sum(p["new_alerts"] for p in again["projects"]) == 0
    assert "already loaded" in load_review_demo(db_url)
