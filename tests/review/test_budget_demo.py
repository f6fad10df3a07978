"""The review demo's budgets and inspection cases (示意数据): budgets set at chosen shares of the
monitoring demo's metered usage (8 days of the previous year here), so the budget view shows
its 80/90/100 % warnings; three inspection cases with findings, deadlines, a follow-up and one
penalty; the budget page (no year asked: the latest budget year) and the inspections page."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from carbonpeak.db.session import session_scope
from carbonpeak.monitoring import list_enterprises, load_monitoring_demo
from carbonpeak.review import load_review_demo
from carbonpeak.review.budgets.service import budget_view
from carbonpeak.review.supervision.service import list_cases
from tests.conftest import add_user_with_token
from tests.web.conftest import login

YEAR = datetime.now(UTC).year - 1


def test_demo_budgets_cases_and_pages(db_url: str, db_session: Session, client: TestClient) -> None:
    load_monitoring_demo(db_url, days=8, year=YEAR)
    line = load_review_demo(db_url, today=date(YEAR, 1, 8))
    assert "6 budgets" in line and "3 inspection cases" in line
    plants = {e.industry_code: e.code for e in list_enterprises(db_session=db_session)}
    view = budget_view(db_session=db_session, year=YEAR, until=date(YEAR + 1, 1, 1))
    rows = {(b["scope"], b["code"]): b for b in view["budgets"]}
    # the whole year elapsed: usage ÷ budget is the share the demo chose (budgets rounded to
    # 10 tce, so within a few tenths of a percent)
    expected = {
        ("city", "520200"): (85.0, "黄色预警 80 %"),
        ("district", "520201"): (94.0, "橙色预警 90 %"),
        ("district", "520204"): (70.0, None),
        ("enterprise", plants["2521"]): (104.0, "红色预警 100 %"),
        ("enterprise", plants["3216"]): (92.0, "橙色预警 90 %"),
        ("enterprise", plants["3110"]): (82.0, "黄色预警 80 %"),
    }
    assert set(rows) == set(expected)
    for key, (share, label) in expected.items():
        row = rows[key]
        assert row["ytd_share_pct"]["energy"] == pytest.approx(share, abs=0.5), key
        assert row["warning"]["energy"] == label, key
        assert row["budget"]["equal_value_tce"] > 0 and row["budget"]["co2_t"] > 0
        assert row["source"].startswith("示意数据")
    # no published city energy figure in the bundled statistics: said so, monitored used
    city = rows[("city", "520200")]
    assert city["published"]["value_tce"] is None and city["warning_basis"] == "monitored"

    cases = {c["enterprise_code"]: c for c in list_cases(db_session=db_session)}
    assert set(cases) == {plants["2521"], plants["3011"], plants["3216"]}
    coke = cases[plants["2521"]]
    assert coke["penalty_yuan"] == 100_000 and coke["status"] == "rectifying"
    assert "105 kgce/t" in coke["findings"] and "跟踪复查" in coke["findings"]
    assert coke["project_id"] == 1
    # made on a day of the metered year: opened (and due) no earlier than 1 January after it
    assert coke["opened_on"] == coke["deadline"] == date(YEAR + 1, 1, 1)
    cement = cases[plants["3011"]]
    assert "限额 61.0 kWh/t" in cement["findings"] and "未计算加价金额" in cement["findings"]
    alu = cases[plants["3216"]]
    assert (
        alu["status"] == "closed"
        and "未超过 aluminium_2023 限额 13,450 kWh/t，不加价" in alu["findings"]
    )
    assert all("示意数据" in c["findings"] for c in cases.values())

    add_user_with_token(db_url, "review_officer", username="officer-demo")
    login(client, "officer-demo")
    page = client.get("/review/budget")  # no year: the demo's budget year
    assert page.status_code == 200 and f"{YEAR}</h1>" in page.text
    assert "橙色预警 90 %" in page.text and "红色预警 100 %" in page.text
    assert 'data-testid="budget-published"' in page.text
    assert "统计数据中无本地区" in page.text and "预警依据" in page.text
    inspections = client.get("/review/inspections")
    assert inspections.status_code == 200 and "阶梯电价核查" in inspections.text


def test_demo_case_deadlines_count_from_the_day_it_is_made(db_url: str) -> None:
    """Made on a fixed day, the cases' deadlines count from it: the coking plant's six weeks
    ahead, the closed aluminium case not overdue, and only the cement plant's past on purpose,
    its findings saying so (示意)."""
    made = date(YEAR + 1, 5, 20)
    load_monitoring_demo(db_url, days=2, year=YEAR)
    load_review_demo(db_url, today=made)
    with session_scope(db_url) as db:
        plants = {e.code: e.industry_code for e in list_enterprises(db_session=db)}
        cases = {plants[c["enterprise_code"]]: c for c in list_cases(db_session=db, today=made)}
    assert [k for k, c in cases.items() if c["overdue"]] == ["3011"]
    cement, coke, alu = cases["3011"], cases["2521"], cases["3216"]
    assert cement["deadline"] == date(YEAR + 1, 5, 6) < made
    assert "示意数据；整改期限有意设在演示数据生成日之前，以演示逾期提示" in cement["findings"]
    assert coke["opened_on"] == date(YEAR + 1, 3, 25) and coke["deadline"] == date(YEAR + 1, 7, 1)
    assert coke["status"] == "rectifying" and not coke["overdue"]
    assert alu["status"] == "closed" and alu["deadline"] < made and not alu["overdue"]
    assert all("逾期" not in c["findings"] for c in (coke, alu))
    # the tiered-price check of the metered year, as the findings say
    assert f"{YEAR} 年" in alu["findings"]
