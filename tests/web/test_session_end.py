"""Ending browser sessions on the server. Logout ends **this** session: a copy of its cookie
opens nothing afterwards, while the user's other browsers stay logged in (each login is a row
of ``auth_sessions``). "Log out everywhere" and a password change end all of the user's
sessions (the row set is emptied and the session version moves on)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from carbonpeak.auth import service as auth_service
from carbonpeak.db.session import session_scope
from tests.conftest import TEST_PASSWORD, add_user_with_token
from tests.web.conftest import csrf_of, login

SESSION_COOKIE = "carbonpeak_session"


def is_in(client: TestClient) -> bool:
    return client.get("/workspace", follow_redirects=False).status_code == 200


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


def test_logout_ends_only_this_session(client: TestClient, plan_db: str) -> None:
    add_user_with_token(plan_db, "viewer", username="qian")
    with TestClient(client.app) as laptop:  # another browser, the same server
        login(client, "qian")
        login(laptop, "qian")
        assert is_in(client) and is_in(laptop)
        page = client.get("/workspace").text
        client.post("/logout", data={"csrf_token": csrf_of(page)}, follow_redirects=False)
        assert not is_in(client)
        assert is_in(laptop)  # the other browser stays logged in


def test_logout_everywhere_ends_every_session(client: TestClient, plan_db: str) -> None:
    add_user_with_token(plan_db, "viewer", username="sun")
    with TestClient(client.app) as laptop:  # another browser, the same server
        login(client, "sun")
        login(laptop, "sun")
        stolen = laptop.cookies.get(SESSION_COOKIE)
        page = client.get("/workspace").text
        assert 'action="/logout/all"' in page
        done = client.post(
            "/logout/all", data={"csrf_token": csrf_of(page)}, follow_redirects=False
        )
        assert done.status_code == 303
        assert not is_in(client) and not is_in(laptop)
        laptop.cookies.clear()
        laptop.cookies.set(SESSION_COOKIE, stolen or "")
        assert not is_in(laptop)
        login(laptop, "sun")  # a new login works
        assert is_in(laptop)


def test_a_new_password_ends_every_session(client: TestClient, plan_db: str) -> None:
    add_user_with_token(plan_db, "viewer", username="li")
    with TestClient(client.app) as laptop:  # another browser, the same server
        login(client, "li")
        login(laptop, "li")
        with session_scope(plan_db) as db:
            auth_service.set_password(
                db_session=db, username="li", password=TEST_PASSWORD + " 2", actor="t"
            )
        assert not is_in(client) and not is_in(laptop)
