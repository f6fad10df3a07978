"""The auth and audit HTTP API through the real app factory."""

from __future__ import annotations

import base64
from collections.abc import Callable

from fastapi.testclient import TestClient

from carbonpeak.auth.model import Role

PW = "correct horse battery"  # tests/conftest.py TEST_PASSWORD


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def basic(username: str, password: str) -> dict[str, str]:
    raw = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def test_issue_token_requires_authentication(client: TestClient) -> None:
    response = client.post("/api/v1/auth/tokens", json={"name": "laptop"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert "authentication required" in response.json()["detail"]


def test_bad_token_is_401_not_anonymous(client: TestClient) -> None:
    for headers in (bearer("cp_not-a-real-token"), {"Authorization": "Bearer"}):
        response = client.get("/api/v1/auth/me", headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Bearer"
    response = client.get("/api/v1/auth/me", headers=bearer("cp_not-a-real-token"))
    assert response.json()["detail"] == "令牌无效或已撤销 / invalid or revoked token"


def test_unsupported_or_malformed_credentials(client: TestClient) -> None:
    for value in ("Digest abc", "Basic %%%not-base64", "Basic " + base64.b64encode(b"x").decode()):
        response = client.get("/api/v1/auth/me", headers={"Authorization": value})
        assert response.status_code == 401, value


def test_me_with_token(client: TestClient, make_user: Callable[..., str]) -> None:
    token = make_user(Role.UNIT_EDITOR, "市能源局", username="nyj")
    response = client.get("/api/v1/auth/me", headers=bearer(token))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "nyj"
    assert body["role"] == "unit_editor"
    assert body["unit_name"] == "市能源局"
    assert body["enterprise_code"] is None


def test_basic_auth_and_issue_token_for_self(
    client: TestClient, make_user: Callable[..., str]
) -> None:
    make_user(Role.VIEWER, username="guest")
    assert client.get("/api/v1/auth/me", headers=basic("guest", "wrong")).status_code == 401
    response = client.post(
        "/api/v1/auth/tokens", json={"name": "dashboard"}, headers=basic("guest", PW)
    )
    assert response.status_code == 201
    issued = response.json()
    assert issued["token"].startswith("cp_")
    assert issued["prefix"] == issued["token"][:8]
    assert "shown only this once" in issued["note"]
    # The new token works at once (committed before the reply) ...
    me = client.get("/api/v1/auth/me", headers=bearer(issued["token"]))
    assert me.json()["username"] == "guest"
    # ... is listed without its secret ...
    listed = client.get("/api/v1/auth/tokens", headers=bearer(issued["token"])).json()
    assert [t["name"] for t in listed] == ["test", "dashboard"]
    assert issued["token"] not in str(listed)
    assert listed[1]["last_used_at"] is not None
    # ... and can be revoked by its owner, after which it is refused.
    token_id = listed[1]["id"]
    revoked = client.delete(f"/api/v1/auth/tokens/{token_id}", headers=bearer(issued["token"]))
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert client.get("/api/v1/auth/me", headers=bearer(issued["token"])).status_code == 401


def test_token_name_is_validated(client: TestClient, make_user: Callable[..., str]) -> None:
    token = make_user(Role.VIEWER)
    response = client.post("/api/v1/auth/tokens", json={"name": ""}, headers=bearer(token))
    assert response.status_code == 422


def test_cannot_revoke_someone_elses_token(
    client: TestClient, make_user: Callable[..., str]
) -> None:
    alice = make_user(Role.VIEWER, username="alice")
    bob = make_user(Role.VIEWER, username="bob")
    alice_token_id = client.get("/api/v1/auth/tokens", headers=bearer(alice)).json()[0]["id"]
    response = client.delete(f"/api/v1/auth/tokens/{alice_token_id}", headers=bearer(bob))
    assert response.status_code == 404
    assert client.get("/api/v1/auth/me", headers=bearer(alice)).status_code == 200


def test_audit_is_admin_only(client: TestClient, make_user: Callable[..., str]) -> None:
    viewer = make_user(Role.VIEWER, username="guest")
    admin = make_user(Role.ADMIN, username="office")

    assert client.get("/api/v1/audit").status_code == 401
    denied = client.get("/api/v1/audit", headers=bearer(viewer))
    assert denied.status_code == 403
    assert "权限不足" in denied.json()["detail"]
    assert "permission denied" in denied.json()["detail"]

    response = client.get("/api/v1/audit", headers=bearer(admin))
    assert response.status_code == 200
    entries = response.json()
    # make_user: create + issue_token for guest, then for office; latest first.
    assert [(e["action"], e["entity"]) for e in entries] == [
        ("issue_token", "auth_token"),
        ("create", "auth_user"),
        ("issue_token", "auth_token"),
        ("create", "auth_user"),
    ]
    assert entries[1]["after"]["username"] == "office"
    assert entries[1]["before"] is None
    users = client.get(
        "/api/v1/audit", params={"entity": "auth_user", "limit": 1}, headers=bearer(admin)
    ).json()
    assert [e["after"]["username"] for e in users] == ["office"]
    assert client.get("/api/v1/audit?limit=0", headers=bearer(admin)).status_code == 422
