"""Log in as the climate office (admin), open every page, and check that the numbers the
pages show are the API's numbers. Every page: no console errors, nothing fetched from other
hosts, a screenshot in test-artifacts/screenshots/."""

from __future__ import annotations

from urllib.parse import quote

from carbonpeak.web.nav import MODULES
from tests.e2e.browser import UiSession

PLAN = 1


def test_anonymous_visitor_is_sent_to_login(ui: UiSession) -> None:
    ui.goto("/plans/1")
    assert ui.page.url.startswith(ui.base_url + "/login?next=/plans/1")
    assert ui.page.locator("html").get_attribute("lang") == "zh-CN"
    ui.screenshot("login")


def test_wrong_password_is_refused(ui: UiSession) -> None:
    ui.goto("/login")
    ui.page.fill("#username", "admin")
    ui.page.fill("#password", "not-the-password")
    ui.page.click("form[action='/login'] button[type=submit]")
    ui.page.wait_for_load_state("load")
    assert ui.page.locator("#login-error").is_visible()
    assert "/login" in ui.page.url
    # The 401 of the refused form is the expected answer, not a script error.
    ui.errors = [e for e in ui.errors if "401" not in e]
    ui.assert_clean()


def test_admin_opens_every_page(ui: UiSession) -> None:
    ui.login("admin")
    nav = ui.page.locator("nav.sidenav a")
    paths = [nav.nth(i).get_attribute("href") for i in range(nav.count())]
    assert paths == [
        "/",
        "/cockpit",
        "/plans",
        "/indicators",
        "/inventory",
        "/monitoring",
        "/scenarios",
        "/stats",
        "/review",
        "/workspace",
        "/assessment",
        "/audit",
    ]
    names = {"/": "overview"}
    for path in paths:
        assert path is not None
        ui.goto(path, shot=names.get(path, path.strip("/")))
        assert ui.page.locator("h1").first.is_visible()
        current = ui.page.locator("nav.sidenav a[aria-current=page]")
        assert current.get_attribute("href") == path
    for module in (m for m in MODULES if not m.built):
        ui.goto(module.path)
        assert ui.page.locator("[data-testid=under-construction]").is_visible()
    for path, shot in (
        (f"/plans/{PLAN}", "plan"),
        (f"/plans/{PLAN}?unit={quote('市能源局')}&role=lead", "plan-filtered"),
        (f"/plans/{PLAN}/tasks/2.1.1-6", "task"),
        (f"/plans/{PLAN}/targets", "targets"),
        (f"/plans/{PLAN}/targets?year=2030", "targets-2030"),
        (f"/plans/{PLAN}/units", "units"),
        (f"/plans/{PLAN}/warnings", "warnings"),
        (f"/workspace?unit={quote('市能源局')}", "workspace-admin-unit"),
        ("/indicators?status=off_track", "indicators-off-track"),
        ("/indicators/1", "indicator"),
        ("/assessment", "assessment"),
    ):
        ui.goto(path, shot=shot)
    # The first monitored (illustrative) enterprise.
    ui.goto("/monitoring")
    first = ui.page.locator("[data-testid=enterprises] tbody a").first
    with ui.page.expect_navigation():
        first.click()
    ui.settle("monitoring-enterprise")
    assert ui.page.locator("h1").is_visible()


def test_overview_numbers_and_charts(ui: UiSession) -> None:
    ui.login("admin")
    ui.goto("/", shot="overview")
    summary = ui.api(f"/plans/{PLAN}")
    assert ui.number("dd[data-metric=actions]") == len(summary["actions"])
    assert ui.number("dd[data-metric=tasks]") == summary["counts"]["tasks"]
    assert ui.number("dd[data-metric=targets]") == summary["counts"]["targets"]
    assert ui.number("dd[data-metric=benchmarks]") == summary["counts"]["benchmarks"]
    assert ui.number("dd[data-metric=units]") == len(ui.api(f"/plans/{PLAN}/units"))
    # Headline targets: the plan-level targets of the API, each one on a card.
    headline = [t for t in ui.api(f"/plans/{PLAN}/targets") if t["task"] is None]
    assert headline, "the demo plan states plan-level targets"
    for target in headline:
        card = ui.page.locator(f"[data-target='{target['id']}']")
        assert target["indicator"] in card.inner_text()
        assert f"{target['value']:g}" in card.inner_text().replace(",", "")
    # plotly.js (from the package) drew both charts.
    for chart in ("chart-tasks-per-action", "chart-targets-per-year"):
        ui.page.wait_for_selector(f"#{chart} .main-svg")
        assert ui.page.locator(f"#{chart} .bars .point").count() > 0
    ui.assert_clean()


def test_plan_page_numbers_equal_the_api(ui: UiSession) -> None:
    ui.login("admin")
    ui.goto(f"/plans/{PLAN}")
    summary = ui.api(f"/plans/{PLAN}")
    assert ui.number("h2 [data-metric=actions]") == len(summary["actions"])
    assert ui.number("[data-metric=tasks-total]") == summary["counts"]["tasks"]
    assert ui.number("[data-metric=tasks-shown]") == summary["counts"]["tasks"]
    assert ui.number("[data-metric=warnings]") == summary["counts"]["warnings"]
    rows = ui.page.locator("tr[data-action]")
    assert rows.count() == len(summary["actions"])
    for action in summary["actions"]:
        shown = ui.number(f"tr[data-action='{action['id']}'] [data-metric=tasks]")
        assert shown == len(ui.api(f"/plans/{PLAN}/tasks?action={action['id']}")), action
    # A filter by unit and role, chosen in the form as a user would.
    ui.page.select_option("#f-unit", "市能源局")
    ui.page.select_option("#f-role", "lead")
    with ui.page.expect_navigation():
        ui.page.click("form.filters button[type=submit]")
    ui.settle("plan-filter-unit-lead")
    expected = ui.api(f"/plans/{PLAN}/tasks?unit={quote('市能源局')}&role=lead")
    assert ui.number("[data-metric=tasks-shown]") == len(expected)
    keys = ui.page.locator("[data-testid=task-table] tr[data-task]")
    assert [keys.nth(i).get_attribute("data-task") for i in range(keys.count())] == [
        t["id"] for t in expected
    ]


def test_targets_and_units_equal_the_api(ui: UiSession) -> None:
    ui.login("admin")
    ui.goto(f"/plans/{PLAN}/targets?year=2025")
    expected = ui.api(f"/plans/{PLAN}/targets?year=2025")
    assert ui.number("[data-metric=targets-shown]") == len(expected)
    assert ui.number("[data-metric=targets-total]") == len(ui.api(f"/plans/{PLAN}/targets"))
    ui.goto(f"/plans/{PLAN}/units")
    units = ui.api(f"/plans/{PLAN}/units")
    assert ui.number("p [data-metric=units]") == len(units)
    for unit in units[:10]:
        row = f"tr[data-unit='{unit['name']}']"
        for role in ("lead", "responsible", "default"):
            assert ui.number(f"{row} [data-metric={role}]") == unit[role], (unit, role)
    # The task-sheet link downloads the unit's 任务清单 as .xlsx.
    link = ui.page.locator(f"tr[data-unit='{units[0]['name']}'] a[download]")
    response = ui.context.request.get(ui.base_url + (link.get_attribute("href") or ""))
    assert response.ok
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
