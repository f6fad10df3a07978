"""The access policy (web/access.py) covers every route of the app, and is enforced: each
route that needs a login refuses an anonymous caller, each staff/admin route refuses the
roles it does not admit. A new route without a decision fails here (and at start-up)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from carbonpeak.web.access import POLICY, Access, app_routes, check_policy_covers
from carbonpeak.web.app import create_app
from tests.conftest import TEST_ENTERPRISE_CODE

#: A plausible value for each path parameter, so the request reaches the access check.
SAMPLE = {
    "plan_ref": "1",
    "code": TEST_ENTERPRISE_CODE,
    "year": "2024",
    "name": "baseline",
    "unit": "市能源局",
    "dataset": "x",
    "period_key": "2024",
    "task_key": "1.1.1-1",
    "target_key": "x",
}


def _url(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLE.get(m.group(1), "1"), path)


@pytest.fixture(scope="module")
def app() -> FastAPI:
    return create_app("sqlite://", secret_key="k" * 40)


def test_every_route_has_a_decision_and_every_decision_a_route(app: FastAPI) -> None:
    served = set(app_routes(app))
    decided = {(m, p) for m, p, _ in POLICY}
    assert served - decided == set(), "routes without an access decision"
    assert decided - served == set(), "decisions for routes that do not exist"
    assert len(served) > 100


def test_an_undecided_route_stops_the_app_from_being_built() -> None:
    extra = APIRouter()
    extra.add_api_route("/api/v1/secret", lambda: {"x": 1})
    app = create_app("sqlite://", secret_key="k" * 40)
    app.include_router(extra)
    with pytest.raises(RuntimeError, match="/api/v1/secret"):
        check_policy_covers(app)


def _non_public() -> list[tuple[str, str, Access]]:
    return [(m, p, a) for m, p, a in POLICY if a not in (Access.PUBLIC, Access.PUBLISHED)]


def test_anonymous_callers_are_refused_where_a_login_is_needed(client: TestClient) -> None:
    open_routes = []
    for method, path, _access in _non_public():
        response = client.request(method, _url(path), follow_redirects=False)
        if path.startswith("/api/"):
            refused = response.status_code == 401
        else:
            refused = response.status_code == 303 and response.headers["location"].startswith(
                "/login"
            )
        if not refused:
            open_routes.append(f"{method} {path} -> {response.status_code}")
    assert open_routes == []


def test_roles_the_table_does_not_admit_are_refused(
    client: TestClient, make_user: Callable[..., str]
) -> None:
    enterprise = {"Authorization": f"Bearer {make_user('enterprise')}"}
    viewer = {"Authorization": f"Bearer {make_user('viewer')}"}
    wrong = []
    for method, path, access in POLICY:
        if not path.startswith("/api/") or access not in (Access.STAFF, Access.ADMIN):
            continue
        headers = enterprise if access == Access.STAFF else viewer
        response = client.request(method, _url(path), headers=headers)
        if response.status_code != 403:
            wrong.append(f"{method} {path} -> {response.status_code}")
    assert wrong == []


def test_drafts_and_unpublished_data_need_a_login(client: TestClient) -> None:
    # The findings of the hardening review, by name.
    for url in (
        "/api/v1/tracking/1/reports?state=draft",
        "/api/v1/tracking/indicators/1/values",
        "/api/v1/inventory/datasets",
        "/api/v1/monitoring/enterprises",
    ):
        assert client.get(url).status_code == 401, url
    # The published plan stays public.
    assert client.get("/api/v1/plans").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/scenarios/runs/9223372036854775808",
        "/api/v1/tracking/indicators/2147483648/values",
        "/api/v1/tracking/attachments/-9223372036854775809",
        "/api/v1/auth/tokens/99999999999999999999999999",
    ],
)
def test_ids_past_the_database_range_are_404(
    client: TestClient, make_user: Callable[..., str], url: str
) -> None:
    admin = {"Authorization": f"Bearer {make_user('admin')}"}
    method = "DELETE" if "/tokens/" in url else "GET"
    response = client.request(method, url, headers=admin)
    assert response.status_code == 404, response.text


def test_numbers_past_the_range_in_a_query_are_422(
    client: TestClient, make_user: Callable[..., str]
) -> None:
    admin = {"Authorization": f"Bearer {make_user('admin')}"}
    response = client.get(
        "/api/v1/inventory/inventories",
        params={"dataset": "x", "version": "9223372036854775808"},
        headers=admin,
    )
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "version"


def test_readme_table_is_the_policy() -> None:
    """The README's access table lists every route under the level the policy gives it, so
    the documented policy cannot drift from the enforced one."""
    from pathlib import Path

    from carbonpeak.web.access import POLICY

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(): line
        for line in readme.splitlines()
        if line.startswith("| ") and line.split("|")[1].strip() in {a.value for _, _, a in POLICY}
    }
    for method, path, access in POLICY:
        assert f"`{method} {path}`" in rows[access.value], (method, path, access)
