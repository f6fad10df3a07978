"""The review pages show this round's figures: the budget page the 等价值 columns, the coal
rate and the alerts (projected overrun); the project page the impact against the plan
scenario's baseline with tracking's headroom."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from carbonpeak.monitoring import load_monitoring_demo
from carbonpeak.review import load_review_demo
from carbonpeak.review.budgets.service import budget_view, set_budget
from tests.conftest import add_user_with_token
from tests.web.conftest import login

YEAR = datetime.now(UTC).year - 1


def test_budget_and_project_pages(db_url: str, db_session: Session, client: TestClient) -> None:
    load_monitoring_demo(db_url, days=8, year=YEAR)
    load_review_demo(db_url, today=date(YEAR, 1, 8))
    set_budget(
        db_session=db_session,
        year=YEAR,
        scope="district",
        code="520201",
        equivalent_tce=1.0,
        equal_value_tce=1e12,
        co2_t=1e12,
        source="示意",
        actor="t",
    )
    db_session.commit()
    (row,) = budget_view(db_session=db_session, year=YEAR)["budgets"]
    assert row["alerts"]  # 1 tce of budget: every threshold crossed
    add_user_with_token(db_url, "review_officer", username="officer-pages")
    login(client, "officer-pages")
    page = client.get(f"/review/budget?year={YEAR}")
    assert page.status_code == 200
    assert "300.7 gce/kWh" in page.text
    assert 'data-testid="budget-alerts"' in page.text and "预计年末超预算" in page.text
    detail = client.get("/review/1")
    assert detail.status_code == 200
    assert 'data-testid="impact-source"' in detail.text
    assert "情景「plan」预测的 GDP" in detail.text  # the baseline note, its Chinese half
