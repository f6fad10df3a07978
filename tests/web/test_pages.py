"""Every page of the navigation answers when logged in, for every role; every module is built
(none shows the under-construction page); assets come from the package; security headers
are set."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from carbonpeak.web.nav import MODULES
from carbonpeak.web.routes.assets import plotly_js_path
from carbonpeak.web.templating import PLOTLY_VERSION
from tests.web.conftest import UNIT, metric, tree


@pytest.mark.parametrize(
    ("role", "unit"), [("admin", None), ("unit_editor", UNIT), ("viewer", None)]
)
def test_every_nav_page_answers(
    client: TestClient, login_as: Callable[..., str], role: str, unit: str | None
) -> None:
    login_as(role, unit)
    links = tree(client.get("/").text).xpath("//nav[@class='sidenav']//a/@href")
    # the audit log is the admin's (web/access.py); every other module is open to staff
    expected = [m.path for m in MODULES if m.path != "/audit" or role == "admin"]
    assert links == expected
    for path in links:
        response = client.get(path)
        assert response.status_code == 200, path
        assert tree(response.text).xpath("//a[@aria-current='page']/@href") == [path]
    for path in ("/plans", "/plans/1", "/plans/1/targets", "/plans/1/units"):
        assert client.get(path).status_code == 200, path
    assert client.get("/audit").status_code == (200 if role == "admin" else 403)


def test_every_module_is_built(client: TestClient, login_as: Callable[..., str]) -> None:
    """All modules of the navigation are built: none shows the under-construction page (the
    mechanism stays in ``routes/modules.py`` for modules to come)."""
    login_as("viewer")
    assert [m.key for m in MODULES if not m.built] == []
    for module in MODULES:
        if module.path == "/audit":  # the admin's: a viewer has no link to it
            continue
        doc = tree(client.get(module.path).text)
        assert not doc.xpath("//*[@data-testid='under-construction']"), module.path
        assert not doc.xpath("//nav[@class='sidenav']//span[@class='tag tag--muted']")


def test_workspace_of_a_unit_editor(client: TestClient, login_as: Callable[..., str]) -> None:
    login_as("unit_editor", UNIT)
    page = client.get("/workspace?unit=市教育局").text  # ?unit= is ignored for an editor
    api = client.get("/api/v1/plans/1/tasks", params={"unit": UNIT}).json()
    assert metric(page, "my-tasks") == len(api)
    assert {li.get("data-task") for li in tree(page).xpath("//li[@data-task]")} == {
        t["id"] for t in api
    }
    assert "tasksheet?format=xlsx" in page


def test_admin_looks_at_any_units_workspace(
    client: TestClient, login_as: Callable[..., str]
) -> None:
    login_as("admin")
    assert 'data-metric="my-tasks"' not in client.get("/workspace").text
    page = client.get("/workspace", params={"unit": "市交通运输局"}).text
    api = client.get("/api/v1/plans/1/tasks", params={"unit": "市交通运输局"}).json()
    assert metric(page, "my-tasks") == len(api)


def test_audit_page_lists_the_log(client: TestClient, login_as: Callable[..., str]) -> None:
    login_as("admin")
    page = client.get("/audit?entity=auth_user").text
    rows = tree(page).xpath("//table[@data-testid='audit-table']/tbody/tr")
    assert metric(page, "audit-entries") == len(rows) >= 1
    assert "admin-web" in page


def test_static_files_and_plotly_come_from_the_package(client: TestClient) -> None:
    css = client.get("/static/css/app.css")
    assert css.status_code == 200 and ":focus-visible" in css.text
    js = client.get(f"/vendor/plotly-{PLOTLY_VERSION}.min.js")
    assert js.status_code == 200
    assert len(js.content) == plotly_js_path().stat().st_size
    assert "immutable" in js.headers["cache-control"]


def test_pages_send_security_headers(client: TestClient, plan_db: str) -> None:
    response = client.get("/login")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    # No page refers to another host: every src/href is local.
    for ref in tree(response.text).xpath("//@src | //@href"):
        assert ref.startswith(("/", "#")), ref


def test_api_errors_stay_json(client: TestClient, plan_db: str) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert client.get("/api/v1/audit").status_code == 401
