"""A climate office (双碳办) day in Chromium over the demo data: log in, read the leaders'
cockpit, open a district from the map, review and return a progress report of 市能源局, see
the unit's resubmission (the old comment and the 示意数据 badge gone), approve it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.browser import UiSession

UNIT = "市能源局"
COMMENT = "请补充节能改造验收材料"


def _state(ui: UiSession) -> str | None:
    return ui.page.locator("[data-testid=report-state]").get_attribute("data-state")


def test_climate_office_day(ui: UiSession, browser: Any, server: str, screenshot_dir: Path) -> None:
    ui.login("admin")
    ui.goto("/cockpit", shot="day-cockpit")
    assert ui.page.locator("[data-testid=lights] li[data-status]").count() > 0
    # Open a district from the map: its inventory.
    with ui.page.expect_navigation():
        ui.page.locator("[data-testid=district-map] a[data-district='520201']").click()
    ui.settle(shot="day-district")
    assert "钟山区" in ui.page.locator("h1").inner_text()

    # The reports waiting for review; one of 市能源局's is returned with a comment.
    ui.goto("/workspace", shot="day-review-queue")
    waiting = ui.number("[data-metric=reports-to-review]")
    assert waiting > 0
    row = ui.page.locator("[data-testid=review-queue] tr[data-report]", has_text=UNIT).first
    with ui.page.expect_navigation():
        row.locator("a").click()
    ui.settle()
    report_url = ui.page.url.split("#")[0]
    assert _state(ui) == "submitted"
    ui.page.fill("#rv-comment", COMMENT)
    with ui.page.expect_navigation():
        ui.page.click("[data-testid=return-report]")
    ui.settle(shot="day-report-returned")
    assert _state(ui) == "returned"
    assert ui.page.locator("[data-testid=review-comment]").inner_text() == COMMENT
    ui.goto("/workspace")
    assert ui.number("[data-metric=reports-to-review]") == waiting - 1

    # The unit's energy bureau sees the return on its workspace and resubmits.
    unit = UiSession(browser, server, screenshot_dir, viewport=(1440, 900))
    try:
        unit.login("nengyuan")
        unit.goto("/workspace", shot="day-unit-returned")
        assert COMMENT in unit.page.locator("[data-testid=returned-reports]").inner_text()
        unit.goto(report_url.removeprefix(server))
        assert unit.page.locator("[data-testid=report-state] .tag").count() == 1  # 示意数据
        unit.page.fill("#r-narrative", "已完成 2 台机组节能改造并通过验收，验收材料见附件。")
        unit.page.fill("#r-numbers", "完成投资 | 1250 | 万元")
        with unit.page.expect_navigation():
            unit.page.click("[data-testid=submit-report]")
        unit.settle(shot="day-unit-resubmitted")
        assert _state(unit) == "submitted"
        assert unit.page.locator("[data-testid=review-comment]").count() == 0
        assert unit.page.locator("[data-testid=report-state] .tag").count() == 0
    finally:
        unit.close()

    # Back at the climate office: the resubmission is in the queue; approve it.
    ui.goto(report_url.removeprefix(server))
    assert _state(ui) == "submitted"
    with ui.page.expect_navigation():
        ui.page.click("[data-testid=approve-report]")
    ui.settle(shot="day-report-approved")
    assert _state(ui) == "approved"
