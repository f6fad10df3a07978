"""The monitoring pages show the monitoring services' numbers, and an enterprise user sees its
own enterprise only. Registry and readings: ``tests/monitoring/conftest.py`` (a steel works
with a sinter line) and one hand-made day of readings in January 2026:

- 综合能耗 counts the purchased point only: 50,000 kWh × 0.1229 kgce/kWh = 6.145 tce;
- sinter line: (40 t coal × 0.7143 + 10,000 kWh × 0.1229 / 1000) tce / 600 t
  = 29.8010 tce / 600 t = 49.668 kgce/t: above the plan's 45 kgce/t, within national grade 3.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.readings import service
from tests.monitoring.conftest import CODE, OTHER, seed
from tests.web.conftest import login, tree

H10 = datetime(2026, 1, 2, 2, tzinfo=UTC)  # 2 Jan 2026 10:00 CST


def _at(hours: float) -> str:
    return (H10 + timedelta(hours=hours)).isoformat()


@pytest.fixture
def monitored(plan_db: str) -> str:
    with session_scope(plan_db) as db:
        seed(db)
        rows = [
            {"point": "C1", "ts": _at(0), "value": 40.0},
            {"point": "E1", "ts": _at(0), "value": 1000.0},
            {"point": "E1", "ts": _at(1), "value": 2000.0},
            {"point": "S1", "ts": _at(0), "value": 600.0},
            {"point": "G1", "ts": _at(0), "value": 0.0},
            {"point": "G1", "ts": _at(1), "value": 50_000.0},
        ]
        service.ingest(
            db_session=db,
            payload={"enterprise": CODE, "readings": rows},
            actor="t",
            source="http",
            enterprise_scope=CODE,
        )
    return plan_db


def test_no_enterprise_yet(client: TestClient, login_as: Callable[..., str]) -> None:
    login_as("viewer")
    doc = tree(client.get("/monitoring").text)
    assert doc.xpath("//*[@data-testid='no-enterprises']")
    assert not doc.xpath("//*[@data-testid='under-construction']")


def test_list_and_enterprise_numbers(
    client: TestClient, login_as: Callable[..., str], monitored: str
) -> None:
    login_as("viewer")
    doc = tree(client.get("/monitoring").text)
    assert doc.xpath("//*[@data-metric='enterprises']")[0].text_content() == "2"
    assert doc.xpath(f"//tr[@data-enterprise='{CODE}']//a/@href") == [f"/monitoring/{CODE}"]
    page = tree(client.get(f"/monitoring/{CODE}").text)
    tce = float(page.xpath("//*[@data-metric='tce']/@data-value")[0])
    assert tce == pytest.approx(50_000 * 0.1229 / 1000)
    cell = page.xpath("//tr[@data-process='SINTER'][@data-month='2026-01']//*[@data-value]")
    energy = 40 * 0.7143 + 10_000 * 0.1229 / 1000
    assert float(cell[0].get("data-value")) == pytest.approx(energy * 1000 / 600)
    status = page.xpath("//tr[@data-process='SINTER']//*[@data-status]/@data-status")
    # The plan's own limit (烧结工序能耗 ≤ 45 kgce/t) is exceeded; national grade 3 is met
    # (46 < 49.67 ≤ 52 kgce/t).
    assert status == ["exceeded"]
    grade = page.xpath("//tr[@data-process='SINTER']//*[@data-status]/following-sibling::span")
    assert "3" in grade[0].text_content()
    assert page.xpath("//*[@data-metric='points']")[0].text_content() == "4"


def test_enterprise_user_sees_its_own_only(client: TestClient, monitored: str) -> None:
    from tests.conftest import add_user_with_token

    add_user_with_token(monitored, "enterprise", None, username="steel", enterprise_code=CODE)
    login(client, "steel")
    response = client.get("/monitoring", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/monitoring/{CODE}"
    assert client.get(f"/monitoring/{CODE}").status_code == 200
    assert client.get(f"/monitoring/{OTHER}").status_code == 403


def test_unknown_enterprise_is_404(client: TestClient, login_as: Callable[..., str]) -> None:
    login_as("viewer")
    assert client.get("/monitoring/91520200MA6D00009X").status_code == 404
