"""A department user (the unit editor of 市能源局) sees the edit form on a task its unit
leads or shares and not on another unit's task, saves a correction, and finds its tasks
in its workspace; a viewer sees no edit form at all."""

from __future__ import annotations

from urllib.parse import quote

from tests.e2e.browser import UiSession

PLAN = 1
UNIT = "市能源局"


def _tasks_of(ui: UiSession, unit: str) -> tuple[list[dict], list[dict]]:
    """(tasks the unit leads or shares, tasks it has no part in) according to the API."""
    tasks = ui.api(f"/plans/{PLAN}/tasks")
    own = [t for t in tasks if unit in t["lead_units"] + t["responsible_units"]]
    other = [t for t in tasks if unit not in t["lead_units"] + t["responsible_units"]]
    return own, other


def test_unit_editor_edits_only_its_own_tasks(ui: UiSession) -> None:
    ui.login("nengyuan")
    assert UNIT in ui.page.locator("[data-testid=who]").inner_text()
    own, other = _tasks_of(ui, UNIT)
    assert own and other

    ui.goto(f"/plans/{PLAN}/tasks/{own[0]['id']}", shot="task-unit-editor-own")
    form = ui.page.locator("[data-testid=task-edit]")
    assert form.is_visible()
    assert ui.page.locator("#task-title").input_value() == own[0]["title"]

    ui.goto(f"/plans/{PLAN}/tasks/{other[0]['id']}", shot="task-unit-editor-other")
    assert ui.page.locator("[data-testid=task-edit]").count() == 0
    assert ui.page.locator("form textarea").count() == 0

    # Save a correction through the form; the API then reads it back.
    ui.goto(f"/plans/{PLAN}/tasks/{own[0]['id']}")
    new_title = own[0]["title"] + "（已核对）"
    ui.page.fill("#task-title", new_title)
    with ui.page.expect_navigation():
        ui.page.click("[data-testid=task-edit] button[type=submit]")
    ui.settle("task-saved")
    assert ui.page.locator(".notice--ok").is_visible()
    assert ui.api(f"/plans/{PLAN}/tasks/{own[0]['id']}")["title"] == new_title
    assert ui.page.locator("h1").inner_text().endswith(new_title)


def test_unit_editor_workspace_lists_its_tasks(ui: UiSession) -> None:
    ui.login("nengyuan")
    ui.goto("/workspace", shot="workspace")
    expected = ui.api(f"/plans/{PLAN}/tasks?unit={quote(UNIT)}")
    assert ui.number("[data-metric=my-tasks]") == len(expected)
    lead = ui.api(f"/plans/{PLAN}/tasks?unit={quote(UNIT)}&role=lead")
    assert ui.number("[data-metric=tasks-lead]") == len(lead)
    shown = ui.page.locator("li[data-task]")
    assert {shown.nth(i).get_attribute("data-task") for i in range(shown.count())} == {
        t["id"] for t in expected
    }
    sheet = ui.page.locator("a[download]").first.get_attribute("href") or ""
    assert sheet.endswith(f"/units/{quote(UNIT, safe='')}/tasksheet?format=xlsx")
    # Not an admin: no audit log in the navigation, no parser warnings tab.
    assert ui.page.locator("nav.sidenav a[href='/audit']").count() == 0


def test_viewer_sees_no_edit_form(ui: UiSession) -> None:
    ui.login("viewer")
    own, _other = _tasks_of(ui, UNIT)
    ui.goto(f"/plans/{PLAN}/tasks/{own[0]['id']}", shot="task-viewer")
    assert ui.page.locator("[data-testid=task-edit]").count() == 0
