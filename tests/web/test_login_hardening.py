"""Browser sessions: web logins throttled, a password change ends every session, the
session cookie is Secure over HTTPS."""

from __future__ import annotations

from fastapi.testclient import TestClient

from carbonpeak.auth import set_password
from carbonpeak.db.session import session_scope
from tests.conftest import TEST_PASSWORD, add_user_with_token
from tests.web.conftest import csrf_of, login


def test_web_login_is_throttled(client: TestClient, plan_db: str) -> None:
    add_user_with_token(plan_db, "viewer", username="zhou")
    for _ in range(10):
        form = client.get("/login")
        data = {"username": "zhou", "password": "nope-nope", "csrf_token": csrf_of(form.text)}
        assert client.post("/login", data=data).status_code == 401
    form = client.get("/login")
    data = {"username": "zhou", "password": TEST_PASSWORD, "csrf_token": csrf_of(form.text)}
    response = client.post("/login", data=data, follow_redirects=False)
    assert response.status_code == 429 and "too many failed logins" in response.text


def test_a_password_change_ends_every_session(client: TestClient, plan_db: str) -> None:
    add_user_with_token(plan_db, "viewer", username="sun")
    login(client, "sun")
    assert client.get("/workspace", follow_redirects=False).status_code == 200
    with session_scope(plan_db) as db:
        set_password(db_session=db, username="sun", password="a new long passphrase")
    after = client.get("/workspace", follow_redirects=False)
    assert after.status_code == 303 and after.headers["location"].startswith("/login")


def test_the_session_cookie_is_secure_over_https(client: TestClient, plan_db: str) -> None:
    add_user_with_token(plan_db, "viewer", username="qian")
    secure = TestClient(client.app, base_url="https://testserver")
    form = secure.get("/login")
    response = secure.post(
        "/login",
        data={"username": "qian", "password": TEST_PASSWORD, "csrf_token": csrf_of(form.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "secure" in response.headers["set-cookie"].lower()
    plain = client.get("/login")  # over http: no Secure flag (the cookie would be lost)
    assert "secure" not in plain.headers.get("set-cookie", "").lower()
