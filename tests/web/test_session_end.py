"""Logout ends a browser session on the server: a copy of the cookie taken before logout
opens nothing afterwards (the user's session version moved on)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import add_user_with_token
from tests.web.conftest import csrf_of, login

SESSION_COOKIE = "carbonpeak_session"


def test_a_cookie_replayed_after_logout_is_anonymous(client: TestClient, plan_db: str) -> None:
    add_user_with_token(plan_db, "viewer", username="zhao")
    login(client, "zhao")
    stolen = client.cookies.get(SESSION_COOKIE)
    assert stolen
    assert client.get("/workspace", follow_redirects=False).status_code == 200
    page = client.get("/workspace").text
    client.post("/logout", data={"csrf_token": csrf_of(page)}, follow_redirects=False)
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, stolen)
    replay = client.get("/workspace", follow_redirects=False)
    assert replay.status_code == 303 and replay.headers["location"].startswith("/login")
    # the API does not take the ended session either
    assert client.get("/api/v1/auth/me").status_code == 401
    # and logging in again works
    login(client, "zhao")
    assert client.get("/api/v1/auth/me").json()["username"] == "zhao"
