"""Monte Carlo runs over HTTP: an anonymous caller gets a small run; runs beyond the slots
are told to come back (503) instead of piling up in memory."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient

from carbonpeak.core import heavy

RUN = "/api/v1/scenarios/plan/run"


def test_an_anonymous_run_is_capped(client: TestClient) -> None:
    # the hardening probe: 20,000 draws to 2100 without a login took ~1 GB
    response = client.post(RUN, json={"draws": 20_000, "end_year": 2100})
    assert response.status_code == 422
    body = response.json()
    assert {p["field"] for p in body["problems"]} == {"draws", "end_year"}
    assert "log in" in body["detail"]


def test_runs_beyond_the_slots_get_503(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    busy = threading.BoundedSemaphore(1)
    busy.acquire()  # another run holds the only slot
    monkeypatch.setattr(heavy, "_slots", lambda: busy)
    monkeypatch.setenv("CARBONPEAK_HEAVY_WAIT_SECONDS", "0.05")
    response = client.post(RUN, json={"draws": 10})
    assert response.status_code == 503 and "busy" in response.json()["detail"]
