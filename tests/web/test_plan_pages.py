"""The plan pages show the database's numbers: each count equals the API's."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from fastapi.testclient import TestClient

from tests.web.conftest import UNIT, metric, tree


def test_plan_page_counts_equal_the_api(client: TestClient, login_as: Callable[..., str]) -> None:
    login_as("viewer")
    page = client.get("/plans/1").text
    summary = client.get("/api/v1/plans/1").json()
    assert metric(page, "actions") == len(summary["actions"])
    assert metric(page, "tasks-total") == summary["counts"]["tasks"]
    assert metric(page, "tasks-shown") == summary["counts"]["tasks"]
    rows = tree(page).xpath("//tr[@data-action]")
    assert [r.get("data-action") for r in rows] == [a["id"] for a in summary["actions"]]
    for row in rows:
        action = row.get("data-action")
        shown = int(row.xpath(".//*[@data-metric='tasks']")[0].text_content())
        assert shown == len(client.get(f"/api/v1/plans/1/tasks?action={action}").json())


def test_task_filters_equal_the_api(client: TestClient, login_as: Callable[..., str]) -> None:
    login_as("viewer")
    for query in (
        "action=2.1",
        f"unit={quote(UNIT)}",
        f"unit={quote(UNIT)}&role=lead",
        f"unit={quote(UNIT)}&role=responsible",
        f"action=2.3&unit={quote('市工业和信息化局')}",
    ):
        page = client.get(f"/plans/1?{query}").text
        expected = [t["id"] for t in client.get(f"/api/v1/plans/1/tasks?{query}").json()]
        shown = [r.get("data-task") for r in tree(page).xpath("//tr[@data-task]")]
        assert shown == expected, query
        assert metric(page, "tasks-shown") == len(expected)


def test_targets_page_filters_equal_the_api(
    client: TestClient, login_as: Callable[..., str]
) -> None:
    login_as("viewer")
    total = len(client.get("/api/v1/plans/1/targets").json())
    for query in ("", "year=2025", "year=2030", f"indicator={quote('非化石')}"):
        page = client.get(f"/plans/1/targets?{query}").text
        expected = [t["id"] for t in client.get(f"/api/v1/plans/1/targets?{query}").json()]
        assert [r.get("data-target") for r in tree(page).xpath("//tr[@data-target]")] == expected
        assert metric(page, "targets-shown") == len(expected)
        assert metric(page, "targets-total") == total


def test_units_page_counts_and_task_sheets(
    client: TestClient, login_as: Callable[..., str]
) -> None:
    login_as("viewer")
    page = client.get("/plans/1/units").text
    units = client.get("/api/v1/plans/1/units").json()
    rows = tree(page).xpath("//tr[@data-unit]")
    assert [r.get("data-unit") for r in rows] == [u["name"] for u in units]
    for row, unit in zip(rows, units, strict=True):
        for role in ("lead", "responsible", "default"):
            assert int(row.xpath(f".//*[@data-metric='{role}']")[0].text_content()) == unit[role]
    href = rows[0].xpath(".//a[@download]")[0].get("href")
    sheet = client.get(href)
    assert sheet.status_code == 200
    assert sheet.content[:2] == b"PK"  # an .xlsx (zip) file


def test_task_page_shows_targets_with_their_sentence(
    client: TestClient, login_as: Callable[..., str]
) -> None:
    login_as("viewer")
    api = client.get("/api/v1/plans/1/tasks/2.1.2-4").json()
    page = client.get("/plans/1/tasks/2.1.2-4").text
    doc = tree(page)
    assert api["title"] in doc.xpath("//h1")[0].text_content()
    assert metric(page, "task-targets") == len(api["targets"])
    for target in api["targets"]:
        row = doc.xpath(f"//tr[@data-target='{target['id']}']")[0]
        text = row.text_content()
        assert target["indicator"] in text and target["source_text"] in text
        assert f"{target['value']:g}" in text.replace(",", "")
    lead = doc.xpath("//*[@data-testid='lead-units']")[0].text_content()
    assert all(u in lead for u in api["lead_units"])


def test_overview_shows_the_stored_headline_targets(
    client: TestClient, login_as: Callable[..., str]
) -> None:
    login_as("viewer")
    page = client.get("/").text
    summary = client.get("/api/v1/plans/1").json()
    assert metric(page, "tasks") == summary["counts"]["tasks"]
    assert metric(page, "targets") == summary["counts"]["targets"]
    assert metric(page, "actions") == len(summary["actions"])
    assert metric(page, "units") == len(client.get("/api/v1/plans/1/units").json())
    headline = [t for t in client.get("/api/v1/plans/1/targets").json() if t["task"] is None]
    cards = tree(page).xpath("//article[@data-target]")
    assert [c.get("data-target") for c in cards] == [t["id"] for t in headline]


def test_parser_warnings_are_for_admins(client: TestClient, login_as: Callable[..., str]) -> None:
    login_as("viewer")
    assert client.get("/plans/1/warnings").status_code == 403
    assert 'data-metric="warnings"' not in client.get("/plans/1").text


def test_admin_sees_parser_warnings(client: TestClient, login_as: Callable[..., str]) -> None:
    login_as("admin")
    warnings = client.get("/api/v1/plans/1/warnings").json()
    page = client.get("/plans/1/warnings")
    assert page.status_code == 200
    assert len(tree(page.text).xpath("//table[@data-testid='warning-table']/tbody/tr")) == len(
        warnings
    )
    assert metric(client.get("/plans/1").text, "warnings") == len(warnings)


def test_unknown_plan_and_task_are_404_pages(
    client: TestClient, login_as: Callable[..., str]
) -> None:
    login_as("viewer")
    for path in ("/plans/99", "/plans/1/tasks/9.9.9-9", "/no-such-page"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
    assert client.get("/api/v1/plans/99").json()["detail"].startswith("方案不存在")


def test_the_action_table_adds_up_to_all_tasks(
    client: TestClient, login_as: Callable[..., str]
) -> None:
    """The rows of the action table sum to 全部任务 (tasks under no action get their row)."""
    login_as("viewer")
    doc = tree(client.get("/plans/1").text)
    rows = doc.xpath("//*[@data-metric='tasks' or @data-metric='tasks-other']/text()")
    total = doc.xpath("//*[@data-metric='tasks-total']/text()")[0]
    assert sum(int(n) for n in rows) == int(total)
