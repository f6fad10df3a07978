"""The ``client`` fixture lends one app to many tests (tests/conftest.py ``_SharedApps``):
each test still sees only its own database and cookies, and an app a test changed is not lent
again."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter
from fastapi.testclient import TestClient

from tests.conftest import BETWEEN_TESTS, _SharedApps

#: What the first test saw, for the next one (tests of a module run in file order).
_first: dict[str, object] = {}


def test_a_first_test_writes_a_user(
    client: TestClient, db_url: str, make_user: Callable[..., str]
) -> None:
    token = make_user("viewer", username="only-in-the-first-test")
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["username"] == "only-in-the-first-test"
    client.cookies.set("marker", "first")
    _first.update(app=client.app, url=db_url, token=token)


def test_the_next_test_sees_none_of_it(client: TestClient, db_url: str) -> None:
    assert client.app is _first["app"]  # the same app, lent again
    assert client.app.state.database_url == db_url != _first["url"]  # type: ignore[attr-defined]
    assert "marker" not in client.cookies
    stale = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {_first['token']}"})
    assert stale.status_code == 401  # the first test's user is not in this database


def test_a_changed_app_is_not_lent_again(shared_apps: _SharedApps, db_url: str) -> None:
    lent = shared_apps.lend(db_url)
    assert lent.app.state.database_url == db_url
    lent.app.include_router(APIRouter(), prefix="/extra")
    shared_apps.give_back(lent)
    assert lent.app.state.database_url == BETWEEN_TESTS  # a stray use fails loudly
    again = shared_apps.lend(db_url)
    try:
        assert again.app is not lent.app
    finally:
        shared_apps.give_back(again)
    same = shared_apps.lend(db_url)  # given back unchanged: lent again
    try:
        assert same.app is again.app
    finally:
        shared_apps.give_back(same)
