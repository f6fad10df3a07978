"""The monitoring pages in Chromium over the demo's illustrative enterprises: the numbers equal
the monitoring services' on the same database (the monitoring API needs a token), and the
enterprise login (gangtie) sees its own enterprise only."""

from __future__ import annotations

import pytest

from carbonpeak.bootstrap import DEMO_STEEL_WORKS
from carbonpeak.db.session import session_scope
from tests.e2e.browser import UiSession


def test_monitoring_numbers_equal_the_services(ui: UiSession, demo_url: str) -> None:
    from carbonpeak.monitoring.consumption import service as analysis
    from carbonpeak.monitoring.registry import service as registry
    from carbonpeak.web.monitoring_view import window

    ui.login("admin")
    ui.goto("/monitoring", shot="monitoring")
    with session_scope(demo_url) as db:
        codes = [e.code for e in registry.list_enterprises(db_session=db)]
    assert ui.number("[data-metric=enterprises]") == len(codes)
    code = codes[0]
    ui.goto(f"/monitoring/{code}", shot="monitoring-enterprise")
    shown = ui.page.locator("[data-metric=tce]").get_attribute("data-value")
    with session_scope(demo_url) as db:
        ent = registry.get_enterprise(db_session=db, code=code)
        span = window(db, ent)
        assert span is not None
        summary = analysis.summary(
            db_session=db, enterprise_code=code, period="month", start=span[0], end=span[1]
        )
    assert float(shown or "nan") == pytest.approx(sum(summary.comprehensive_tce.values()))
    ui.page.wait_for_selector("#chart-energy-month .main-svg")
    ui.assert_clean()


def test_enterprise_user_sees_its_own_enterprise_only(ui: UiSession, demo_url: str) -> None:
    from carbonpeak.monitoring.registry import service as registry

    ui.login("gangtie")
    ui.goto("/monitoring")
    assert ui.page.url == f"{ui.base_url}/monitoring/{DEMO_STEEL_WORKS}"
    ui.settle("monitoring-enterprise-user")
    assert ui.page.locator("[data-testid=processes]").is_visible()
    with session_scope(demo_url) as db:
        other = next(
            e.code for e in registry.list_enterprises(db_session=db) if e.code != DEMO_STEEL_WORKS
        )
    ui.goto(f"/monitoring/{other}", status=403)
