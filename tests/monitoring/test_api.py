"""POST /api/v1/monitoring/readings: every error path, token scoping, idempotent replays; and
the read endpoints."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from carbonpeak.core.settings import get_settings
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.findings import service as watch
from carbonpeak.monitoring.rollups.rollup import CST
from tests.monitoring.conftest import CODE, OTHER, seed

URL = "/api/v1/monitoring/readings"


@pytest.fixture
def seeded(db_url: str) -> str:
    with session_scope(db_url) as db:
        seed(db)
    return db_url


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def body(*rows: tuple[str, str, object], enterprise: str = CODE) -> dict[str, object]:
    return {
        "enterprise": enterprise,
        "readings": [{"point": p, "ts": ts, "value": v} for p, ts, v in rows],
    }


TS0 = "2026-01-02T10:00:00+08:00"
TS1 = "2026-01-02T10:15:00+08:00"


def test_accepted_duplicates_rejected(
    seeded: str, client: TestClient, make_user: Callable[..., str]
) -> None:
    token = make_user("enterprise")
    sent = body(("C1", TS0, 2.5), ("C1", TS1, 3), ("C1", "yesterday", 1), ("ZZ", TS0, 1))
    r = client.post(URL, json=sent, headers=auth(token))
    assert r.status_code == 200
    assert r.json()["accepted"] == 2 and r.json()["duplicates"] == 0
    assert [x["index"] for x in r.json()["rejected"]] == [2, 3]
    replay = client.post(URL, json=sent, headers=auth(token))
    assert replay.json()["accepted"] == 0 and replay.json()["duplicates"] == 2
    conflict = client.post(URL, json=body(("C1", TS0, 9)), headers=auth(token))
    assert "conflict" in conflict.json()["rejected"][0]["error"]
    got = client.get(
        "/api/v1/monitoring/points/C1/readings",
        params={"start": "2026-01-02", "end": "2026-01-03"},
        headers=auth(token),
    )
    assert [x["value"] for x in got.json()] == [2.5, 3.0]


def test_token_scoping(seeded: str, client: TestClient, make_user: Callable[..., str]) -> None:
    token = make_user("enterprise")
    other = client.post(URL, json=body(("X1", TS0, 1)), headers=auth(token))
    assert other.status_code == 403 and "X1" in other.json()["detail"]
    foreign = client.post(URL, json=body(("X1", TS0, 1), enterprise=OTHER), headers=auth(token))
    assert foreign.status_code == 403
    viewer = client.post(URL, json=body(("C1", TS0, 1)), headers=auth(make_user("viewer")))
    assert viewer.status_code == 403
    assert client.post(URL, json=body(("C1", TS0, 1))).status_code == 401
    admin = client.post(
        URL, json=body(("X1", TS0, 1), enterprise=OTHER), headers=auth(make_user("admin"))
    )
    assert admin.status_code == 200 and admin.json()["accepted"] == 1
    peek = client.get(f"/api/v1/monitoring/enterprises/{OTHER}", headers=auth(token))
    assert peek.status_code == 403
    day = {"start": "2026-01-02", "end": "2026-01-03"}
    theirs = client.get("/api/v1/monitoring/points/X1/readings", params=day, headers=auth(token))
    assert theirs.status_code == 403
    nothing = client.get("/api/v1/monitoring/points/NO/readings", params=day, headers=auth(token))
    assert nothing.status_code == 404


def test_malformed_json_and_bad_shapes(
    seeded: str, client: TestClient, make_user: Callable[..., str]
) -> None:
    token = make_user("enterprise")
    r = client.post(URL, content=b'{"enterprise": ', headers=auth(token))
    assert r.status_code == 422 and "malformed JSON" in r.json()["detail"]
    r = client.post(URL, json={"enterprise": CODE}, headers=auth(token))
    assert r.status_code == 422 and "readings must be an array" in r.json()["detail"]
    r = client.post(URL, json={"enterprise": "9152", "readings": []}, headers=auth(token))
    assert r.status_code == 422 and "18 characters" in r.json()["detail"]


def test_oversized_body_is_413(
    seeded: str, client: TestClient, make_user: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "max_body_bytes", 200)
    token = make_user("enterprise")
    rows = [("C1", f"2026-01-02T10:{m:02d}:00+08:00", 1) for m in range(0, 60, 15)]
    r = client.post(URL, json=body(*rows), headers=auth(token))
    assert r.status_code == 413 and "200 bytes" in r.json()["detail"]


def test_read_endpoints(
    seeded: str, client: TestClient, make_user: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from carbonpeak.monitoring.readings import api as readings_api

    # the after-ingest limit check runs once a minute per enterprise and process: forget any
    # check an earlier test made, so this test sees the same alerts whatever ran before it
    monkeypatch.setattr(readings_api, "_last_check", {})
    token = make_user("enterprise")
    rows = [
        ("C1", TS0, 40.0),
        ("E1", TS0, 1000.0),
        ("E1", "2026-01-02T11:00:00+08:00", 2000.0),
        ("S1", TS0, 600.0),
    ]
    assert client.post(URL, json=body(*rows), headers=auth(token)).json()["accepted"] == 4
    ents = client.get("/api/v1/monitoring/enterprises", headers=auth(token)).json()
    assert [e["code"] for e in ents] == [CODE]  # only its own
    reg = client.get(f"/api/v1/monitoring/enterprises/{CODE}", headers=auth(token)).json()
    assert {p["code"] for p in reg["points"]} == {"C1", "E1", "G1", "S1"}
    cons = client.get(
        f"/api/v1/monitoring/enterprises/{CODE}/consumption",
        params={"start": "2026-01-01", "end": "2026-02-01", "period": "day"},
        headers=auth(token),
    ).json()
    e1 = [p for p in cons["points"] if p["point"] == "E1"]
    assert e1[0]["amount"] == 10_000.0 and e1[0]["start"] == "2026-01-02T00:00:00+08:00"
    assert e1[0]["tce"] == pytest.approx(10_000 * 0.1229 / 1000)
    procs = client.get(
        f"/api/v1/monitoring/enterprises/{CODE}/processes",
        params={"start": "2026-01-01", "end": "2026-02-01"},
        headers=auth(token),
    ).json()
    assert procs[0]["kgce_per_t"] == pytest.approx((40 * 0.7143 + 1.229) * 1000 / 600)
    assert procs[0]["month"] == "2026-01"
    bad = client.get(
        f"/api/v1/monitoring/enterprises/{CODE}/processes",
        params={"start": "soon", "end": "2026-02-01"},
        headers=auth(token),
    )
    assert bad.status_code == 422
    alerts = client.get("/api/v1/monitoring/alerts", headers=auth(token))
    assert alerts.status_code == 200
    # the readings are from January 2026: the check after the ingest finds the endpoint
    # silent since (stale), and nothing else (the sinter month is not complete)
    assert [(a["kind"], a["subject"], a["state"]) for a in alerts.json()] == [
        ("stale", CODE, "open")
    ]
    dead = client.get("/api/v1/monitoring/dead-letters", headers=auth(token))
    assert dead.status_code == 403


def test_totals_findings_and_alert_states(
    seeded: str, client: TestClient, make_user: Callable[..., str]
) -> None:
    ent = make_user("enterprise")
    admin = make_user("admin")
    client.post(URL, json=body(("G1", TS0, 0.0), ("G1", TS1, 1000.0)), headers=auth(ent))
    window = {"start": "2026-01-01", "end": "2026-02-01"}
    totals = client.get("/api/v1/monitoring/totals", params=window, headers=auth(admin))
    city = totals.json()["districts"][-1]
    assert city["district"] == "city 全市"
    assert city["comprehensive_tce"] == pytest.approx(1000 * 0.1229 / 1000)
    assert (
        client.get("/api/v1/monitoring/totals", params=window, headers=auth(ent)).status_code == 403
    )

    with session_scope(seeded) as db:
        day = datetime(2026, 1, 2, tzinfo=CST)
        watch.run_quality(db_session=db, enterprise_code=CODE, start=day, end=day.replace(day=3))
        watch.evaluate_alerts(
            db_session=db,
            enterprise_code=CODE,
            month_start=datetime(2026, 1, 1, tzinfo=CST),
            month_end=datetime(2026, 2, 1, tzinfo=CST),
        )
    found = client.get(f"/api/v1/monitoring/enterprises/{CODE}/findings", headers=auth(ent))
    assert {"completeness", "late"} <= {f["rule"] for f in found.json()}  # sent months later
    alerts = client.get("/api/v1/monitoring/alerts", headers=auth(ent)).json()
    assert {a["kind"] for a in alerts} >= {"stale", "quality"}
    first = alerts[0]["id"]
    url = f"/api/v1/monitoring/alerts/{first}/state"
    assert client.post(url, json={"state": "acknowledged"}, headers=auth(ent)).status_code == 403
    ack = client.post(url, json={"state": "acknowledged", "note": "查看中"}, headers=auth(admin))
    assert ack.status_code == 200 and ack.json()["state"] == "acknowledged"
    again = client.post(url, json={"state": "acknowledged"}, headers=auth(admin))
    assert again.status_code == 422
    assert client.post(url, json={"state": "closed"}, headers=auth(admin)).json()["closed_by"]


def test_the_limit_check_runs_after_the_reply_once_a_minute(
    seeded: str, client: TestClient, make_user: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from carbonpeak.monitoring.readings import api as readings_api

    monkeypatch.setattr(readings_api, "_last_check", {})
    order: list[str] = []
    real_reply = readings_api.service.IngestResult.reply

    def reply(self: object) -> dict[str, object]:
        order.append("reply")
        return real_reply(self)  # type: ignore[arg-type]

    def check(db: object, enterprise: str) -> None:
        order.append(f"check {enterprise}")
        raise RuntimeError("a failing check never fails the acknowledged batch")

    monkeypatch.setattr(readings_api.service.IngestResult, "reply", reply)
    monkeypatch.setattr(readings_api, "AFTER_INGEST", [check])
    token = make_user("enterprise")
    for minute in (0, 15):
        r = client.post(
            URL, json=body(("C1", f"2026-01-02T10:{minute:02d}:00+08:00", 1.0)), headers=auth(token)
        )
        assert r.status_code == 200 and r.json()["accepted"] == 1
    # the check ran after the first reply, not before it; the second batch within the minute
    # did not check again
    assert order == ["reply", f"check {CODE}", "reply"]
