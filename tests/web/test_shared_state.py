"""Servers that share state (issue 17, points 4-5): the start-up warming makes exactly the
scenario runs the pages make; the figure cache is shared through Redis, so a figure one app
computed is read by another, and a write through one server invalidates what the other shows;
failed logins counted on one server throttle the other; a session ended on one server is ended
on the other (its session version in the database)."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from carbonpeak.core import shared
from carbonpeak.db.session import session_scope
from carbonpeak.inventory.demo.service import load_demo_activity
from carbonpeak.web import overview_data, scenario_view, warm
from tests.conftest import TEST_PASSWORD, add_user_with_token
from tests.monitoring.test_crash import free_port, start_server
from tests.web.conftest import csrf_of, login, tree
from tests.web.test_overview_figures import DISTRICTS, _csv, with_inventory  # noqa: F401

REDIS = ("127.0.0.1", 6379)
REDIS_URL = f"redis://{REDIS[0]}:{REDIS[1]}/0"
PG_ONLY = [pytest.param("postgres", marks=pytest.mark.postgres)]


def _redis_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture
def with_redis(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The local Redis as the shared store, under a key prefix of this test only."""
    if not _redis_up():
        pytest.skip(f"no Redis at {REDIS[0]}:{REDIS[1]}")
    prefix = f"cp-test-{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv("CARBONPEAK_REDIS_URL", REDIS_URL)
    monkeypatch.setenv("CARBONPEAK_CACHE_PREFIX", prefix)
    yield prefix
    client = shared.redis_client(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def _figure(page: str, key: str) -> float:
    doc = tree(page)
    (value,) = doc.xpath(f"//*[@data-figure='{key}']//*[@data-value]/@data-value")
    return float(value)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_warming_makes_the_runs_the_pages_make(
    client: TestClient,
    login_as: Callable[..., str],
    plan_db: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with session_scope(plan_db) as db:
        load_demo_activity(db_session=db)
    seen: list[tuple[Any, ...]] = []
    original = shared.FigureCache.get_or_compute

    def spy(
        self: shared.FigureCache, kind: str, key: tuple[Any, ...], compute: Any, **kw: Any
    ) -> Any:
        if kind == "scenario-run":
            seen.append(key)
        return original(self, kind, key, compute, **kw)

    monkeypatch.setattr(shared.FigureCache, "get_or_compute", spy)
    warm.warm(plan_db)
    warmed = set(seen)
    seen.clear()
    login_as("viewer")
    paths = ["/", "/cockpit", "/scenarios"] + [f"/scenarios/{n}" for n in scenario_view.names()]
    for path in paths:
        assert client.get(path).status_code == 200, path
    assert warmed and set(seen) == warmed
    # each scenario: its list row and its page (the plan's page is the overview's run too)
    extra = scenario_view.overview_run() not in scenario_view.page_runs("plan")[:2]
    assert len(warmed) == 2 * len(scenario_view.names()) + extra


@pytest.mark.parametrize("db_url", PG_ONLY, indirect=True)
def test_two_apps_share_the_figures_through_redis(
    with_redis: str,
    with_inventory: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from carbonpeak.web.app import create_app

    add_user_with_token(with_inventory, "viewer", username="viewer-a")
    with TestClient(create_app(with_inventory)) as a, TestClient(create_app(with_inventory)) as b:
        login(a, "viewer-a")
        login(b, "viewer-a")
        assert _figure(a.get("/").text, "regional_energy_co2") == pytest.approx(152_024)
        redis = shared.redis_client(REDIS_URL)
        assert list(redis.scan_iter(f"{with_redis}:fig:*:overview:*"))
        # B as a fresh process: nothing in its own memory, and it may not compute
        shared.figure_cache().clear_front()

        def refuse(_picked: object) -> None:
            raise AssertionError("computed again: the figure should come from Redis")

        monkeypatch.setattr(overview_data, "_figures", refuse)
        assert _figure(b.get("/").text, "regional_energy_co2") == pytest.approx(152_024)


def _client(port: int) -> httpx.Client:
    return httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)


def _login(c: httpx.Client, username: str, password: str = TEST_PASSWORD) -> int:
    form = c.get("/login").text
    data = {"username": username, "password": password, "csrf_token": csrf_of(form)}
    return c.post("/login", data=data, follow_redirects=False).status_code


@pytest.mark.parametrize("db_url", PG_ONLY, indirect=True)
def test_two_servers_behave_as_one(
    with_redis: str,
    with_inventory: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CARBONPEAK_SECRET_KEY", "two-servers-" + "k" * 40)
    monkeypatch.setenv("CARBONPEAK_LOGIN_FAILURES_PER_ACCOUNT", "3 per 15 minutes")
    guessed = f"guessed-{uuid.uuid4().hex[:8]}"
    add_user_with_token(with_inventory, "viewer", username=guessed)
    add_user_with_token(with_inventory, "viewer", username="viewer-b")
    editor = add_user_with_token(with_inventory, "admin", username="admin-b")
    ports = [free_port(), free_port()]
    servers = [start_server(with_inventory, port) for port in ports]
    a, b = _client(ports[0]), _client(ports[1])
    try:
        # failed logins on A throttle the account on B, even with the right password
        for _ in range(3):
            assert _login(a, guessed, "wrong-password") == 401
        assert _login(b, guessed) == 429
        # a session opened on A works on B; logging out on A ends it on B too
        assert _login(a, "viewer-b") == 303
        cookie = a.cookies.get("carbonpeak_session")
        b.cookies.set("carbonpeak_session", cookie)
        assert b.get("/api/v1/auth/me").json()["username"] == "viewer-b"
        a.post("/logout", data={"csrf_token": csrf_of(a.get("/workspace").text)})
        assert b.get("/api/v1/auth/me").status_code == 401
        # A shows (and caches in Redis) the figures; an import through B changes A's page
        assert _login(a, "viewer-b") == 303
        assert _figure(a.get("/").text, "regional_energy_co2") == pytest.approx(152_024)
        redis = shared.redis_client(REDIS_URL)
        before = int(redis.get(f"{with_redis}:gen") or 0)
        doubled = _csv().replace(b"1.A.2.a,raw_coal,2,", b"1.A.2.a,raw_coal,4,")
        reply = b.post(
            "/api/v1/inventory/import",
            headers={"Authorization": f"Bearer {editor}"},
            files={"file": ("t2.csv", doubled, "text/csv")},
            data={"dataset": "city-stats"},
        )
        assert reply.status_code == 201, reply.text
        assert int(redis.get(f"{with_redis}:gen") or 0) == before + 1
        # 4 districts × 40,000 t raw coal × 1.9003 t CO2/t
        assert _figure(a.get("/").text, "regional_energy_co2") == pytest.approx(
            len(DISTRICTS) * 40_000 * 1.9003
        )
    finally:
        a.close()
        b.close()
        for s in servers:
            s.terminate()
            s.wait(10)
    assert os.environ["CARBONPEAK_REDIS_URL"] == REDIS_URL
