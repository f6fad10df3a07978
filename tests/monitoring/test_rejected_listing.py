"""Listing refused readings (拒收读数, ``mon_rejected_readings``): a negative value posted over
HTTP is listed as sent by ``carbonpeak monitor rejected`` (table and ``--json``) and by
``GET /api/v1/monitoring/enterprises/{code}/rejected``, scoped like the other reads."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from carbonpeak.cli import app
from carbonpeak.core.errors import InputError
from carbonpeak.core.settings import get_settings
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.rejected.cli import DEFAULT_DAYS, window
from carbonpeak.monitoring.rollups.rollup import CST
from tests.monitoring.conftest import CODE, OTHER, seed

runner = CliRunner()
TS0 = "2026-01-02T10:00:00+08:00"
TS1 = "2026-01-02T10:15:00+08:00"
NEGATIVE = "value -5 为负 / value -5 is negative (impossible)"
JANUARY = {"start": "2026-01-01", "end": "2026-02-01"}
SENDER = "qiye-jiance"
FIELDS = {"point", "ts", "ts_text", "value", "error", "source", "received_at", "received_by"}


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def posted(
    db_url: str, client: TestClient, make_user: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """CODE's user posts 1.0 (accepted), -5 at TS1 and -1 with an unreadable time; an admin
    posts -3 for OTHER's X1. The CLI reads the same database. Yields the enterprise token."""
    with session_scope(db_url) as db:
        seed(db)
    token = make_user("enterprise", username=SENDER)
    readings = [
        {"point": "C1", "ts": TS0, "value": 1.0},
        {"point": "C1", "ts": TS1, "value": -5},
        {"point": "C1", "ts": "yesterday", "value": -1},
    ]
    sent = client.post(
        "/api/v1/monitoring/readings",
        json={"enterprise": CODE, "readings": readings},
        headers=auth(token),
    )
    assert sent.status_code == 200, sent.text
    assert sent.json()["accepted"] == 1 and len(sent.json()["rejected"]) == 2
    other = {"enterprise": OTHER, "readings": [{"point": "X1", "ts": TS0, "value": -3}]}
    admin = make_user("admin")
    assert client.post("/api/v1/monitoring/readings", json=other, headers=auth(admin)).is_success
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    monkeypatch.setenv("COLUMNS", "250")  # Rich: one line per table row, for the asserts
    get_settings.cache_clear()
    yield token
    get_settings.cache_clear()


def run(*args: str) -> str:
    result = runner.invoke(app, ["monitor", "rejected", *args])
    assert result.exit_code == 0, result.output
    return result.output


def cells(table: str) -> list[list[str]]:
    """The body rows of a Rich table, cell by cell."""
    return [
        [c.strip() for c in line.strip("│").split("│")]
        for line in table.splitlines()
        if line.startswith("│")
    ]


def check_january(rows: list[dict[str, Any]]) -> None:
    """Only CODE's -5 of 2 Jan: the accepted value, OTHER's row and the unreadable time (it
    counts on the day it arrived, not in January) are not listed."""
    assert len(rows) == 1 and set(rows[0]) == FIELDS
    (got,) = rows
    assert {k: v for k, v in got.items() if k != "received_at"} == {
        "point": "C1",
        "ts": TS1,  # 02:15 UTC shown in CST, as sent
        "ts_text": TS1,
        "value": "-5",
        "error": NEGATIVE,
        "source": "http",
        "received_by": SENDER,
    }
    assert datetime.fromisoformat(got["received_at"]).utcoffset() == CST.utcoffset(None)


# -- CLI ------------------------------------------------------------------------------------


def test_cli_lists_the_refused_value_as_sent(posted: str) -> None:
    check_january(json.loads(run(CODE, "--start", "2026-01-01", "--end", "2026-02-01", "--json")))
    table = run(CODE, "--start", "2026-01-01", "--end", "2026-02-01")
    ((point, ts, value, error, source, _at, by),) = cells(table)
    assert (point, ts, value, error, source, by) == ("C1", TS1, "-5", NEGATIVE, "http", SENDER)
    assert "refused: 1" in table
    # default window (the last DEFAULT_DAYS days up to today): the row with the unreadable
    # time, which arrived today; January's is outside it
    (late,) = json.loads(run(CODE, "--json"))
    assert (late["ts"], late["ts_text"], late["value"]) == (None, "yesterday", "-1")
    assert "is not ISO 8601" in late["error"]
    ((_, unreadable, value, *_),) = cells(run(CODE))
    assert (unreadable, value) == ("'yesterday' (无法识别 unreadable)", "-1")
    assert (
        json.loads(run(OTHER, "--start", "2026-01-01", "--end", "2026-02-01", "--json"))[0]["value"]
        == "-3"
    )


def test_cli_bad_dates_are_input_errors(posted: str) -> None:
    for args in (["--start", "2026-1-1"], ["--start", "2026-02-01", "--end", "2026-01-01"]):
        result = runner.invoke(app, ["monitor", "rejected", CODE, *args])
        assert isinstance(result.exception, InputError), args


def test_default_window_is_the_last_days_to_today_in_cst() -> None:
    # 2026-03-01 20:00 UTC is already 2 March 04:00 in CST: today is 2 March
    lo, hi = window(None, None, datetime(2026, 3, 1, 20, tzinfo=UTC))
    assert hi == datetime(2026, 3, 3, tzinfo=CST)  # today included
    assert DEFAULT_DAYS == 30 and lo == datetime(2026, 2, 1, tzinfo=CST)  # 3 Mar - 30 days
    assert window("2026-01-05", None, datetime(2026, 3, 1, tzinfo=UTC))[0] == datetime(
        2026, 1, 5, tzinfo=CST
    )


# -- HTTP -----------------------------------------------------------------------------------


def url(code: str = CODE) -> str:
    return f"/api/v1/monitoring/enterprises/{code}/rejected"


def test_api_lists_for_admin_viewer_and_own_enterprise(
    posted: str, client: TestClient, make_user: Callable[..., str]
) -> None:
    for token in (posted, make_user("admin"), make_user("viewer")):
        r = client.get(url(), params=JANUARY, headers=auth(token))
        assert r.status_code == 200, r.text
        check_january(r.json())
    lower = client.get(url(CODE.lower()), params=JANUARY, headers=auth(posted))
    assert lower.status_code == 200 and len(lower.json()) == 1  # codes are case-blind


def test_api_scoping_and_bad_requests(
    posted: str, client: TestClient, make_user: Callable[..., str]
) -> None:
    foreign = make_user("enterprise", enterprise_code=OTHER)
    r = client.get(url(), params=JANUARY, headers=auth(foreign))
    assert r.status_code == 403 and OTHER in r.json()["detail"]
    assert client.get(url(OTHER), params=JANUARY, headers=auth(posted)).status_code == 403
    assert client.get(url(), params=JANUARY).status_code == 401
    for bad in ({"start": "2026-13-01", "end": "2026-02-01"}, {"start": "2026-01-01"}):
        r = client.get(url(), params=bad, headers=auth(posted))
        assert r.status_code == 422, bad
    backwards = {"start": "2026-02-01", "end": "2026-01-01"}
    r = client.get(url(), params=backwards, headers=auth(posted))
    assert r.status_code == 422 and "before end" in r.json()["detail"]
    admin = make_user("admin")
    assert client.get(url("NOPE"), params=JANUARY, headers=auth(admin)).status_code == 404
