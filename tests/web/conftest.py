"""Fixtures of the web-page tests: the bundled plan in the test database, users with
passwords, a logged-in ``client`` (the session cookie stays in the TestClient), and the whole
demo (``demo_client``)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from tests.conftest import EMPTY, PLAN, TEST_PASSWORD, DbTemplate, add_user_with_token

UNIT = "市能源局"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(page: str) -> str:
    match = CSRF_RE.search(page)
    assert match, "no CSRF field on the page"
    return match.group(1)


def login(client: TestClient, username: str, password: str = TEST_PASSWORD) -> None:
    form = client.get("/login")
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(form.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def tree(page: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(page)


def metric(page: str, name: str) -> int:
    """The number shown by the one element with ``data-metric=name``."""
    found = tree(page).xpath(f"//*[@data-metric='{name}']")
    assert len(found) == 1, f"{len(found)} elements with data-metric={name}"
    return int(found[0].text_content().strip().replace(",", ""))


@pytest.fixture
def login_as(client: TestClient, plan_db: str) -> Callable[..., str]:
    """``login_as(role, unit=None) -> username``: a new user of ``role``, logged in."""

    def _login(role: str, unit: str | None = None) -> str:
        username = f"{role.replace('_', '-')}-web"
        add_user_with_token(plan_db, role, unit, username=username)
        login(client, username)
        return username

    return _login


def _demo(url: str) -> None:
    from carbonpeak.bootstrap import load_demo

    with pytest.MonkeyPatch.context() as env:
        env.setenv("CARBONPEAK_DEMO_MONITORING_DAYS", "7")  # a week of readings: quick
        load_demo(url=url)


#: ``carbonpeak demo``'s data (plan, logins, illustrative inventory, tracking, review, a week
#: of monitoring readings): loaded once per session, copied per test.
DEMO = DbTemplate("demo", _demo)


@pytest.fixture
def db_template(request: pytest.FixtureRequest) -> DbTemplate:
    """The demo for a test that asks for ``demo_db``; else as in tests/conftest.py."""
    if "demo_db" in request.fixturenames:
        return DEMO
    return PLAN if "plan_db" in request.fixturenames else EMPTY


@pytest.fixture
def demo_db(db_url: str) -> str:
    """The test database with the whole demo (a copy of ``DEMO``)."""
    return db_url


@pytest.fixture
def demo_client(demo_db: str, client: TestClient) -> TestClient:
    """A client on the demo database (log in as a demo user: password ``carbonpeak-demo``)."""
    return client
