"""The ingest lane (web/ingest_lane.py) answers ``POST /api/v1/monitoring/readings`` with the
same statuses and bodies as the FastAPI route it stands in front of: a stored package, a
replay, a conflict, an anonymous caller, a role the route does not admit, another
enterprise's token, malformed JSON, a body over the limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonpeak.core.settings import get_settings
from carbonpeak.db.session import session_scope
from carbonpeak.web import ingest_lane
from carbonpeak.web.app import create_app
from tests.monitoring.conftest import CODE, OTHER, seed

URL = "/api/v1/monitoring/readings"


def package(day: int, *rows: tuple[str, int, object], enterprise: str = CODE) -> dict[str, Any]:
    """Readings of 2026-01-``day`` at 10:``minute`` CST."""
    return {
        "enterprise": enterprise,
        "readings": [
            {"point": p, "ts": f"2026-01-{day:02d}T10:{m:02d}:00+08:00", "value": v}
            for p, m, v in rows
        ],
    }


def replies(app: FastAPI, day: int, tokens: dict[str, str]) -> list[tuple[int, Any]]:
    """The scenario, each reply as (status, JSON body with the day written as DD)."""
    bearer = {role: {"Authorization": f"Bearer {t}"} for role, t in tokens.items()}
    out: list[tuple[int, Any]] = []
    with TestClient(app) as client:

        def post(headers: dict[str, str], **kwargs: Any) -> None:
            r = client.post(URL, headers=headers, **kwargs)
            out.append((r.status_code, r.text.replace(f"2026-01-{day:02d}", "2026-01-DD")))

        sent = package(day, ("C1", 0, 2.5), ("C1", 15, 3), ("ZZ", 0, 1))
        post(bearer["enterprise"], json=sent)  # 2 stored, 1 refused (unknown point)
        post(bearer["enterprise"], json=sent)  # the replay: duplicates
        post(bearer["enterprise"], json=package(day, ("C1", 0, 9)))  # a conflict
        post({}, json=sent)  # anonymous: 401
        post(bearer["viewer"], json=sent)  # a role the route does not admit: 403
        post(bearer["enterprise"], json=package(day, ("X1", 0, 1), enterprise=OTHER))  # 403
        post(bearer["enterprise"], content=b'{"enterprise": ')  # malformed: 422
        post(bearer["admin"], json=package(day, ("X1", 0, 1), enterprise=OTHER))  # 200
        get_settings().max_body_bytes, limit = 120, get_settings().max_body_bytes
        try:
            post(bearer["enterprise"], json=package(day, ("C1", 30, 1), ("C1", 45, 1)))  # 413
        finally:
            get_settings().max_body_bytes = limit
    return out


def test_the_lane_answers_as_the_route_it_stands_in_front_of(
    db_url: str, make_user: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with session_scope(db_url) as db:
        seed(db)
    tokens = {role: make_user(role) for role in ("enterprise", "viewer", "admin")}
    served: list[int] = []
    real = ingest_lane.readings_reply

    async def counted(*args: Any) -> Any:
        served.append(1)
        return await real(*args)

    monkeypatch.setattr(ingest_lane, "readings_reply", counted)
    with_lane = create_app(db_url)
    assert with_lane.router.routes[0].endpoint is ingest_lane.post_readings_lane  # type: ignore[attr-defined]
    through_lane = replies(with_lane, 2, tokens)
    # every request past the access table and the body limit went through the lane: all but
    # the anonymous one (401) and the one over the limit (413)
    assert len(served) == 7

    without = create_app(db_url)
    without.router.routes.pop(0)  # the FastAPI route alone
    through_route = replies(without, 3, tokens)
    assert len(served) == 7  # none more: the FastAPI route answered

    assert through_lane == through_route
    statuses = [status for status, _ in through_lane]
    assert statuses == [200, 200, 200, 401, 403, 403, 422, 200, 413]
    assert '"accepted":2' in through_lane[0][1] and '"index":2' in through_lane[0][1]
    assert '"duplicates":2' in through_lane[1][1]
    assert "conflict" in through_lane[2][1]
    assert "malformed JSON" in through_lane[6][1]
