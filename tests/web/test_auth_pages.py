"""Login and logout with the signed session cookie; CSRF tokens on every form."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from carbonpeak.auth import service as auth_service
from carbonpeak.db.session import session_scope
from tests.conftest import TEST_PASSWORD, add_user_with_token
from tests.web.conftest import csrf_of, login

SESSION_COOKIE = "carbonpeak_session"


def test_anonymous_visitor_is_sent_to_login(client: TestClient, plan_db: str) -> None:
    response = client.get("/plans/1?unit=x", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/plans/1%3Funit%3Dx"
    page = client.get(response.headers["location"])
    assert page.status_code == 200
    assert 'name="next" value="/plans/1?unit=x"' in page.text


def test_login_success_goes_to_next_page(client: TestClient, plan_db: str) -> None:
    add_user_with_token(plan_db, "viewer", username="wang")
    form = client.get("/login?next=/plans")
    response = client.post(
        "/login",
        data={
            "username": "Wang ",
            "password": TEST_PASSWORD,
            "next": "/plans",
            "csrf_token": csrf_of(form.text),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/plans"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    page = client.get("/plans")
    assert page.status_code == 200
    assert "wang" in page.text


def test_login_failure_says_so_and_sets_no_user(client: TestClient, plan_db: str) -> None:
    add_user_with_token(plan_db, "viewer", username="wang")
    form = client.get("/login")
    response = client.post(
        "/login",
        data={"username": "wang", "password": "wrong password", "csrf_token": csrf_of(form.text)},
    )
    assert response.status_code == 401
    assert "用户名或密码错误" in response.text
    assert 'value="wang"' in response.text  # the username is kept in the form
    assert client.get("/", follow_redirects=False).status_code == 303


def test_disabled_user_cannot_log_in_and_is_logged_out(client: TestClient, plan_db: str) -> None:
    add_user_with_token(plan_db, "viewer", username="wang")
    login(client, "wang")
    assert client.get("/", follow_redirects=False).status_code == 200
    with session_scope(plan_db) as db:
        auth_service.set_user_active(db_session=db, username="wang", active=False)
    assert client.get("/", follow_redirects=False).status_code == 303


def test_login_without_csrf_token_is_refused(client: TestClient, plan_db: str) -> None:
    add_user_with_token(plan_db, "viewer", username="wang")
    client.get("/login")
    for token in ("", "forged"):
        response = client.post(
            "/login", data={"username": "wang", "password": TEST_PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 403
        assert "表单" in response.text
    assert client.get("/", follow_redirects=False).status_code == 303


def test_next_never_leaves_the_site(client: TestClient, plan_db: str) -> None:
    add_user_with_token(plan_db, "viewer", username="wang")
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        client.cookies.clear()
        form = client.get("/login")
        response = client.post(
            "/login",
            data={
                "username": "wang",
                "password": TEST_PASSWORD,
                "next": target,
                "csrf_token": csrf_of(form.text),
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == "/", target


def test_logout_needs_the_token_and_ends_the_session(
    client: TestClient, login_as: Callable[..., str]
) -> None:
    login_as("viewer")
    page = client.get("/plans")
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    assert client.get("/plans", follow_redirects=False).status_code == 200
    response = client.post(
        "/logout", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False
    )
    assert response.status_code == 303
    assert client.get("/plans", follow_redirects=False).status_code == 303


def test_a_tampered_session_cookie_is_ignored(client: TestClient, plan_db: str) -> None:
    add_user_with_token(plan_db, "admin", username="boss")
    login(client, "boss")
    value = client.cookies[SESSION_COOKIE]
    client.cookies.set(SESSION_COOKIE, value[:-4] + ("AAAA" if value[-4:] != "AAAA" else "BBBB"))
    assert client.get("/", follow_redirects=False).status_code == 303
