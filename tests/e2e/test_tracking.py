"""Indicators and targets, the workspace of a department user (submitting a progress report
with an attachment, entering an indicator value) and the assessment, in Chromium over the
demo data. Numbers on the pages are compared with the API's (public tracking reads)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from tests.e2e.browser import UiSession

PLAN = 1
UNIT = "市能源局"
STATUSES = ("achieved", "on_track", "at_risk", "off_track", "no_data")


def _tracking(ui: UiSession, path: str) -> Any:
    return ui.api(f"/tracking/{PLAN}{path}")


def test_indicator_statuses_equal_the_api(ui: UiSession) -> None:
    ui.login("admin")
    ui.goto("/indicators", shot="indicators")
    api = _tracking(ui, "/statuses")
    for key in STATUSES:
        assert ui.number(f"[data-metric=status-{key}]") == sum(
            1 for s in api if s["status"] == key
        ), key
    rows = ui.page.locator("[data-testid=status-table] tr[data-target]")
    assert rows.count() == len(api)
    for s in api[:15]:
        row = f"[data-testid=status-table] tr[data-target='{s['target']}']"
        assert ui.page.locator(f"{row} [data-status]").get_attribute("data-status") == s["status"]
    # Filter by status in the form, as a user would.
    ui.page.select_option("#f-status", "off_track")
    with ui.page.expect_navigation():
        ui.page.click("form.filters button[type=submit]")
    ui.settle()
    assert ui.number("[data-metric=targets-shown]") == sum(
        1 for s in api if s["status"] == "off_track"
    )
    # The overview shows the same counts.
    ui.goto("/")
    for key in STATUSES:
        assert ui.number(f"[data-metric=status-{key}]") == sum(
            1 for s in api if s["status"] == key
        ), key


def test_indicator_chart_and_history(ui: UiSession) -> None:
    ui.login("admin")
    api = _tracking(ui, "/indicators")
    indicator = next(i for i in api if not i["computed_kind"] and i["targets"])
    ui.goto(f"/indicators/{indicator['id']}", shot="indicator-history")
    ui.page.wait_for_selector("#chart-indicator .main-svg")
    values = ui.api(f"/tracking/indicators/{indicator['id']}/values?history=true")
    shown = ui.page.locator("[data-testid=history] td[data-value]")
    assert shown.count() == len(values)
    numbers = [float(shown.nth(i).get_attribute("data-value") or 0) for i in range(shown.count())]
    assert sorted(numbers) == sorted(v["value"] for v in values)
    ui.assert_clean()


def test_department_user_submits_a_progress_report(ui: UiSession) -> None:
    ui.login("nengyuan")
    ui.goto("/workspace")
    owed = _tracking(ui, f"/reports/owed?unit={quote(UNIT)}")
    assert ui.number("[data-metric=reports-owed]") == len(owed)
    first = owed[0]
    row = f"tr[data-owed='{first['period']}/{first['task']}'] a"
    with ui.page.expect_navigation():
        ui.page.click(row)
    ui.settle("report-form")
    assert ui.page.locator("[data-testid=report-edit]").is_visible()
    ui.page.fill("#r-narrative", "本季度完成重点工作两项，详见佐证材料。")
    ui.page.fill("#r-percent", "55")
    ui.page.set_input_files(
        "#r-files",
        files=[{"name": "验收记录.txt", "mimeType": "text/plain", "buffer": "验收合格".encode()}],
    )
    with ui.page.expect_navigation():
        ui.page.click("[data-testid=submit-report]")
    ui.settle("report-submitted")
    assert ui.page.locator(".notice--ok").is_visible()
    assert ui.page.locator("[data-testid=report-state]").get_attribute("data-state") == "submitted"
    (report,) = _tracking(ui, f"/reports?period={first['period']}&task={quote(first['task'])}")
    assert report["state"] == "submitted"
    assert report["percent"] == 55
    assert [a["filename"] for a in report["attachments"]] == ["验收记录.txt"]
    assert report["narrative"] == "本季度完成重点工作两项，详见佐证材料。"
    # The evidence downloads from the page.
    href = ui.page.locator("[data-testid=attachments] a").first.get_attribute("href") or ""
    assert ui.context.request.get(ui.base_url + href).body() == "验收合格".encode()
    after = _tracking(ui, f"/reports/owed?unit={quote(UNIT)}")
    assert len(after) == len(owed) - 1


def test_department_user_sees_no_edit_form_of_another_unit(ui: UiSession) -> None:
    ui.login("nengyuan")
    tasks = ui.api(f"/plans/{PLAN}/tasks")
    other = next(
        t
        for t in tasks
        if t["kind"] == "measure"
        and t["lead_units"]
        and UNIT not in t["lead_units"] + t["responsible_units"]
    )
    periods = _tracking(ui, "/reports/owed")
    period = periods[0]["period"]
    ui.goto(f"/workspace/reports/{period}/{quote(other['id'])}", shot="report-other-unit")
    assert ui.page.locator("[data-testid=report-edit]").count() == 0
    assert ui.page.locator("textarea").count() == 0
    # Indicators: the form on its own unit's, none on another's.
    indicators = _tracking(ui, "/indicators")
    ui.goto("/workspace")
    mine = ui.page.locator("li[data-indicator]")
    assert mine.count() > 0
    own_id = int(mine.first.get_attribute("data-indicator") or 0)
    ui.goto(f"/indicators/{own_id}")
    assert ui.page.locator("[data-testid=value-entry]").is_visible()
    own_ids = {int(mine.nth(i).get_attribute("data-indicator") or 0) for i in range(mine.count())}
    foreign = next(
        i
        for i in indicators
        if not i["computed_kind"]
        and i["targets"]
        and i["id"] not in own_ids
        and not _shares_task(ui, i, UNIT)
    )
    ui.goto(f"/indicators/{foreign['id']}", shot="indicator-other-unit")
    assert ui.page.locator("[data-testid=value-entry]").count() == 0


def _shares_task(ui: UiSession, indicator: dict[str, Any], unit: str) -> bool:
    targets = {t["id"]: t for t in ui.api(f"/plans/{PLAN}/targets")}
    tasks = {t["id"]: t for t in ui.api(f"/plans/{PLAN}/tasks")}
    for key in indicator["targets"]:
        task = tasks.get(targets.get(key, {}).get("task") or "")
        if task and unit in task["lead_units"] + task["responsible_units"]:
            return True
    return False


def test_department_user_enters_a_value(ui: UiSession) -> None:
    ui.login("nengyuan")
    ui.goto("/workspace")
    own_id = int(ui.page.locator("li[data-indicator]").first.get_attribute("data-indicator") or 0)
    ui.goto(f"/indicators/{own_id}")
    ui.page.fill("#v-date", "2025-12-31")
    ui.page.fill("#v-value", "42.5")
    ui.page.fill("#v-source", "市能源局 2025 年报（端到端测试）")
    with ui.page.expect_navigation():
        ui.page.click("[data-testid=value-entry] button[type=submit]")
    ui.settle("indicator-value-entered")
    assert ui.page.locator(".notice--ok").is_visible()
    values = ui.api(f"/tracking/indicators/{own_id}/values")
    entered = [v for v in values if v["observed_on"] == "2025-12-31"]
    assert len(entered) == 1
    assert entered[0]["entered_by"] == "nengyuan"


def test_assessment_numbers_and_downloads(ui: UiSession) -> None:
    ui.login("admin")
    ui.goto("/assessment", shot="assessment")
    year = int(ui.page.locator("#f-year option[selected]").get_attribute("value") or 0)
    api = _tracking(ui, f"/assessments/{year}")
    assert ui.number("[data-metric=commend]") == len(api["commend"])
    assert ui.number("[data-metric=notify]") == len(api["notify"])
    assert ui.number("[data-metric=units]") == len(api["units"])
    for key in STATUSES:
        assert ui.number(f"[data-metric=targets-{key}]") == api["status_counts"][key]
    for unit in api["units"]:
        cell = ui.page.locator(f"[data-testid=scores] tr[data-unit='{unit['name']}'] [data-value]")
        assert float(cell.get_attribute("data-value") or "nan") == pytest.approx(unit["score"])
    for testid, kind in (("download-docx", "wordprocessingml"), ("download-xlsx", "spreadsheetml")):
        href = ui.page.locator(f"[data-testid={testid}]").get_attribute("href") or ""
        response = ui.context.request.get(ui.base_url + href)
        assert response.ok and kind in response.headers["content-type"]
