"""The task edit form: shown only to users allowed to edit the task (``can_edit_task``),
and the POST enforces the same check server-side, with the audit log written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.web.conftest import UNIT, csrf_of, tree


def _split(client: TestClient) -> tuple[dict[str, Any], dict[str, Any]]:
    """A task 市能源局 leads or shares, and one it has no part in (from the API)."""
    tasks = client.get("/api/v1/plans/1/tasks").json()
    own = next(t for t in tasks if UNIT in t["lead_units"] + t["responsible_units"])
    other = next(t for t in tasks if UNIT not in t["lead_units"] + t["responsible_units"])
    return own, other


def _has_form(page: str) -> bool:
    return bool(tree(page).xpath("//*[@data-testid='task-edit']//form"))


def _audit(client: TestClient, token_user: Callable[..., str], task: str) -> list[dict]:
    token = token_user("admin", username="auditor")
    response = client.get(
        "/api/v1/audit",
        params={"entity": "plan_task", "entity_id": f"1:{task}"},
        headers={"Authorization": f"Bearer {token}"},
    )
    return list(response.json())


def test_unit_editor_sees_the_form_only_on_its_own_tasks(
    client: TestClient, login_as: Callable[..., str]
) -> None:
    login_as("unit_editor", UNIT)
    own, other = _split(client)
    assert _has_form(client.get(f"/plans/1/tasks/{own['id']}").text)
    assert not _has_form(client.get(f"/plans/1/tasks/{other['id']}").text)


def test_unit_editor_saves_its_task_with_an_audit_entry(
    client: TestClient, login_as: Callable[..., str], make_user: Callable[..., str]
) -> None:
    username = login_as("unit_editor", UNIT)
    own, _other = _split(client)
    page = client.get(f"/plans/1/tasks/{own['id']}")
    response = client.post(
        f"/plans/1/tasks/{own['id']}",
        data={"title": "  新标题  ", "text": own["text"], "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert client.get(f"/api/v1/plans/1/tasks/{own['id']}").json()["title"] == "新标题"
    assert "任务已保存" in client.get(response.headers["location"]).text
    entries = _audit(client, make_user, own["id"])
    assert entries[0]["actor"] == username
    assert entries[0]["before"]["title"] == own["title"]
    assert entries[0]["after"]["title"] == "新标题"


def test_posting_to_another_units_task_is_forbidden(
    client: TestClient, login_as: Callable[..., str], make_user: Callable[..., str]
) -> None:
    login_as("unit_editor", UNIT)
    _own, other = _split(client)
    page = client.get(f"/plans/1/tasks/{other['id']}")
    response = client.post(
        f"/plans/1/tasks/{other['id']}",
        data={"title": "改掉", "text": "改掉", "csrf_token": csrf_of(page.text)},
    )
    assert response.status_code == 403
    assert "无权修改任务" in response.text
    assert client.get(f"/api/v1/plans/1/tasks/{other['id']}").json()["title"] == other["title"]
    assert all(e["action"] != "update" for e in _audit(client, make_user, other["id"]))


def test_viewer_has_no_form_and_cannot_post(
    client: TestClient, login_as: Callable[..., str]
) -> None:
    login_as("viewer")
    own, _other = _split(client)
    page = client.get(f"/plans/1/tasks/{own['id']}")
    assert not _has_form(page.text)
    response = client.post(
        f"/plans/1/tasks/{own['id']}",
        data={"title": "x", "text": "y", "csrf_token": csrf_of(page.text)},
    )
    assert response.status_code == 403


def test_admin_edits_any_task_and_bad_input_is_refused(
    client: TestClient, login_as: Callable[..., str]
) -> None:
    login_as("admin")
    _own, other = _split(client)
    page = client.get(f"/plans/1/tasks/{other['id']}")
    assert _has_form(page.text)
    token = csrf_of(page.text)
    response = client.post(
        f"/plans/1/tasks/{other['id']}", data={"title": " ", "text": "", "csrf_token": token}
    )
    assert response.status_code == 422
    assert "标题不能为空" in response.text and "正文不能为空" in response.text
    response = client.post(
        f"/plans/1/tasks/{other['id']}", data={"title": "x" * 301, "text": "y", "csrf_token": token}
    )
    assert response.status_code == 422
    assert client.get(f"/api/v1/plans/1/tasks/{other['id']}").json()["title"] == other["title"]


def test_edit_without_csrf_token_is_refused(
    client: TestClient, login_as: Callable[..., str]
) -> None:
    login_as("admin")
    own, _other = _split(client)
    response = client.post(f"/plans/1/tasks/{own['id']}", data={"title": "x", "text": "y"})
    assert response.status_code == 403
    assert client.get(f"/api/v1/plans/1/tasks/{own['id']}").json()["title"] == own["title"]
