"""Budget usage from the statistics domain (issue 14 point 6): a published energy consumption
of the budget's region and year is shown with its source beside the monitored sum, never
averaged with it, and the energy warning uses it; without one the view says so and the warning
uses the monitored sum. Literal published values (invented for the test, 示意): the bundled
statistics hold no energy figure of the city yet."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from carbonpeak.review.budgets.service import budget_view, set_budget
from carbonpeak.statistics import import_values

HEADER = (
    "region,year,indicator,name_as_published,value,unit,status,publisher,title,published,url,"
    "section,note\n"
)
ROW = (
    "520200,2024,industry_energy,规模以上工业综合能源消费量,123.4,万吨标准煤,preliminary,"
    "测试统计局,测试统计公报（示意）,2025-04-01,https://example.org/test,三、工业,示意\n"
)


def _budget(db: Session, scope: str, code: str, tce: float) -> None:
    set_budget(
        db_session=db,
        year=2024,
        scope=scope,
        code=code,
        equivalent_tce=tce,
        equal_value_tce=tce,
        co2_t=1e9,
        source="示意",
        actor="t",
    )


def test_published_usage_beside_monitored(db_session: Session) -> None:
    import_values(db_session=db_session, data=(HEADER + ROW).encode(), filename="t.csv")
    _budget(db_session, "city", "520200", 1_500_000.0)
    _budget(db_session, "district", "520201", 1_000.0)
    view = budget_view(db_session=db_session, year=2024, until=date(2025, 6, 30))
    rows = {(b["scope"], b["code"]): b for b in view["budgets"]}
    city = rows[("city", "520200")]
    pub = city["published"]
    # 123.4 万吨标准煤 = 1,234,000 tce; ÷ 1,500,000 = 82.27 % of the whole year → 80 % warning
    assert pub["value_tce"] == pytest.approx(1_234_000.0)
    assert pub["value_as_published"] == 123.4 and pub["unit_as_published"] == "万吨标准煤"
    assert "测试统计公报（示意）" in pub["source"] and "三、工业" in pub["source"]
    assert city["warning_basis"] == "published"
    assert city["checks"]["published"]["annual_share_pct"] == pytest.approx(82.27, abs=0.01)
    assert city["warning"]["energy"] == "黄色预警 80 %"
    # the alerts are the published check's; the monitored 当量值 check is not shown beside it
    energy_alerts = [a for a in city["alerts"] if a.startswith(("公布数", "当量值"))]
    assert energy_alerts and all(a.startswith("公布数 ") for a in energy_alerts)
    # the monitored sum is kept as it is (no metered enterprise here: 0), not averaged
    assert city["used"]["equivalent_tce"] == 0.0
    assert city["checks"]["equivalent"]["used"] == 0.0
    # the district has no published figure: said so, and the warning uses the monitored sum
    district = rows[("district", "520201")]
    assert district["published"]["value_tce"] is None
    assert "no published energy consumption" in district["published"]["note"]
    assert district["warning_basis"] == "monitored" and "published" not in district["checks"]


def test_enterprise_budget_has_no_published_figure(db_session: Session) -> None:
    _budget(db_session, "enterprise", "91520200MA6DXY0017", 10.0)
    (row,) = budget_view(db_session=db_session, year=2024, until=date(2025, 1, 1))["budgets"]
    assert row["published"] is None and row["warning_basis"] == "monitored"
