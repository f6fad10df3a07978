"""Alerts without a terminal: the sinter line of ``tests/monitoring/conftest.py`` uses
49.668 kgce/t in January 2026 (see tests/web/test_monitoring_pages.py), above the plan's
45 kgce/t. Stored without an alert, it is raised by the service's scheduled run
(``web/scheduler.run_checks``) and, for readings sent over the API, right after the batch;
the page then shows the exceedance. Also: the display rules of the monitoring pages (district
names of former codes, industry names, a value never rounded onto its limit)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.readings import api as readings_api
from carbonpeak.monitoring.readings import service
from carbonpeak.web import scheduler
from carbonpeak.web.monitoring_view import shown_against
from tests.conftest import add_user_with_token
from tests.monitoring.conftest import CODE, seed
from tests.web.conftest import metric

H10 = datetime(2026, 1, 2, 2, tzinfo=UTC)  # 2 Jan 2026 10:00 CST
ROWS = [
    ("C1", 0, 40.0),
    ("E1", 0, 1000.0),
    ("E1", 1, 2000.0),
    ("S1", 0, 600.0),
    ("G1", 0, 0.0),
    ("G1", 1, 50_000.0),
]


def _rows() -> list[dict[str, object]]:
    return [
        {"point": p, "ts": (H10 + timedelta(hours=h)).isoformat(), "value": v} for p, h, v in ROWS
    ]


def _limit_alerts(page: str) -> int:
    return page.count('data-kind="limit"')


def test_the_schedule_raises_the_exceedance(
    client: TestClient, login_as: Callable[..., str], plan_db: str
) -> None:
    with session_scope(plan_db) as db:
        seed(db)
        payload = {"enterprise": CODE, "readings": _rows()}
        service.ingest(
            db_session=db, payload=payload, actor="t", source="file", enterprise_scope=None
        )
    login_as("admin")
    assert metric(client.get(f"/monitoring/{CODE}").text, "alerts") == 0  # nobody ran a check
    done = scheduler.run_checks(plan_db)
    assert done[CODE][0] >= 1
    page = client.get(f"/monitoring/{CODE}").text
    assert _limit_alerts(page) == 1 and "烧结" in page
    assert scheduler.run_checks(plan_db)[CODE] == (0, 0)  # one alert per episode


def test_an_api_batch_raises_the_exceedance_at_once(
    client: TestClient, login_as: Callable[..., str], plan_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with session_scope(plan_db) as db:
        seed(db)
    monkeypatch.setattr(readings_api, "_last_check", {})
    token = add_user_with_token(plan_db, "enterprise", enterprise_code=CODE, username="steel")
    sent = client.post(
        "/api/v1/monitoring/readings",
        json={"enterprise": CODE, "readings": _rows()},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert sent.status_code == 200 and sent.json()["accepted"] == len(ROWS)
    login_as("admin")
    assert _limit_alerts(client.get(f"/monitoring/{CODE}").text) == 1


def test_a_value_is_never_rounded_onto_its_limit() -> None:
    assert shown_against(45.04, [45.0]) == 45.04  # not "45" next to "≤ 45"
    assert shown_against(45.0, [45.0]) == 45.0
    assert shown_against(49.668, [45.0, 46.0]) == 49.7
    assert shown_against(44.96, [45.0]) == 44.96


def test_names_refusals_and_the_enterprise_workspace(
    client: TestClient, login_as: Callable[..., str], plan_db: str
) -> None:
    from carbonpeak.monitoring.model import Enterprise
    from carbonpeak.monitoring.registry import service as registry
    from tests.web.conftest import login, tree

    with session_scope(plan_db) as db:
        seed(db)
        registry.upsert_enterprise(  # the former county code of 水城区
            db_session=db,
            enterprise=Enterprise(CODE, "测试焦化", district="520221", industry_code="2521"),
            actor="t",
        )
        rows = [
            *_rows(),
            {"point": "C1", "ts": (H10 + timedelta(hours=3)).isoformat(), "value": -5},
        ]
        service.ingest(
            db_session=db,
            payload={"enterprise": CODE, "readings": rows},
            actor="t",
            source="http",
            enterprise_scope=CODE,
        )
    login_as("admin")
    listing = tree(client.get("/monitoring").text)
    row = listing.xpath(f"//tr[.//code[text()='{CODE}']]")[0].text_content()
    assert "水城区" in row and "2521 炼焦" in row and "520221" not in row
    page = client.get(f"/monitoring/{CODE}").text
    refused = tree(page).xpath("//*[@data-testid='refused']//tbody/tr")
    assert metric(page, "refused") == 1 and "-5" in refused[0].text_content()
    assert "北京时间" in refused[0].text_content()
    add_user_with_token(plan_db, "enterprise", enterprise_code=CODE, username="coke")
    login(client, "coke")
    home = client.get("/workspace", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == f"/monitoring/{CODE}"


def test_the_served_app_runs_the_schedule(plan_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from carbonpeak.web.app import create_app

    with session_scope(plan_db) as db:
        seed(db)
        payload = {"enterprise": CODE, "readings": _rows()}
        service.ingest(
            db_session=db, payload=payload, actor="t", source="file", enterprise_scope=None
        )
    monkeypatch.setenv("CARBONPEAK_MONITOR_CHECK_MINUTES", "60")
    monkeypatch.setattr(scheduler, "FIRST_RUN_AFTER", 0.0)
    from carbonpeak.monitoring import list_alerts

    def limit_alerts() -> int:
        with session_scope(plan_db) as db:
            return sum(a.kind == "limit" for a in list_alerts(db_session=db, enterprise_code=CODE))

    assert limit_alerts() == 0
    with TestClient(create_app(database_url=plan_db)):  # startup starts the schedule
        deadline = time.monotonic() + 20
        while limit_alerts() == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
    assert limit_alerts() == 1
