"""POST /api/v1/monitoring/monthly and GET .../enterprises/{code}/monthly: accepted, duplicate,
conflict, audited correction; token scoping (nothing stored on 403); 401/413/422 paths; the
daily-vs-monthly check against figures worked out by hand."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from carbonpeak.audit.orm import AuditRow
from carbonpeak.auth import uscc
from carbonpeak.core.settings import get_settings
from carbonpeak.db.session import session_scope
from tests.monitoring.conftest import CODE, OTHER, seed

URL = "/api/v1/monitoring/monthly"
#: the 5 % of shared/reference/china_standards.md 5.2, in the bundled quality rules
TOLERANCE = 0.05


@pytest.fixture
def seeded(db_url: str) -> str:
    with session_scope(db_url) as db:
        seed(db)
    return db_url


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def body(*items: tuple[str, str, object], enterprise: str = CODE, **kw: Any) -> dict[str, Any]:
    return {
        "enterprise": enterprise,
        "totals": [{"point": p, "month": m, "value": v, **kw} for p, m, v in items],
    }


def stored(client: TestClient, token: str, month: str = "2026-01", code: str = CODE) -> Any:
    r = client.get(
        f"/api/v1/monitoring/enterprises/{code}/monthly",
        params={"month": month},
        headers=auth(token),
    )
    assert r.status_code == 200, r.text
    return r.json()


def test_accepted_duplicate_conflict_and_audited_correction(
    seeded: str, client: TestClient, make_user: Callable[..., str]
) -> None:
    token = make_user("enterprise", username="qiye-nengyuan")
    sent = body(("C1", "2026-01", 22), ("E1", "2026-01", 10_000), ("C1", "2026-1-5", 1))
    sent["totals"].append({"point": "NOPE", "month": "2026-01", "value": 1})
    r = client.post(URL, json=sent, headers=auth(token))
    assert r.status_code == 200, r.text
    assert (r.json()["accepted"], r.json()["duplicates"], r.json()["corrected"]) == (2, 0, 0)
    errors = {x["index"]: x["error"] for x in r.json()["rejected"]}
    assert sorted(errors) == [2, 3]
    assert "YYYY-MM" in errors[2] and "unknown point" in errors[3]

    replay = client.post(URL, json=sent, headers=auth(token)).json()
    assert (replay["accepted"], replay["duplicates"]) == (0, 2)  # never stored twice

    clash = client.post(URL, json=body(("C1", "2026-01", 20.5)), headers=auth(token)).json()
    assert (
        clash["accepted"] == 0 and "conflicts with stored total 22" in clash["rejected"][0]["error"]
    )
    assert {t["point"]: t["value"] for t in stored(client, token)["totals"]}["C1"] == 22.0

    fix = body(("C1", "2026-01", 20.5), correction=True, reason="复核 recount")
    fixed = client.post(URL, json=fix, headers=auth(token)).json()
    assert (fixed["accepted"], fixed["corrected"], fixed["rejected"]) == (0, 1, [])
    c1 = next(t for t in stored(client, token)["totals"] if t["point"] == "C1")
    assert (c1["value"], c1["source"], c1["received_by"]) == (20.5, "http", "qiye-nengyuan")
    with session_scope(seeded) as db:
        audit = db.scalars(
            select(AuditRow).where(AuditRow.action == "monitoring.monthly.correct")
        ).one()
        assert (audit.entity_id, audit.actor) == ("C1:2026-01", "qiye-nengyuan")


def test_token_scoping_stores_nothing_on_403(
    seeded: str, client: TestClient, make_user: Callable[..., str]
) -> None:
    token, admin = make_user("enterprise"), make_user("admin")
    theirs = client.post(
        URL, json=body(("X1", "2026-01", 5), enterprise=OTHER), headers=auth(token)
    )
    assert theirs.status_code == 403 and OTHER in theirs.json()["detail"]
    mixed = body(("C1", "2026-01", 22), ("X1", "2026-01", 5))  # X1 is OTHER's point
    foreign = client.post(URL, json=mixed, headers=auth(token))
    assert foreign.status_code == 403 and "X1" in foreign.json()["detail"]
    assert stored(client, token)["totals"] == []  # C1 not stored either
    # an admin may write any enterprise, but not mix in another enterprise's points
    assert client.post(URL, json=mixed, headers=auth(admin)).status_code == 403
    viewer = client.post(URL, json=body(("C1", "2026-01", 1)), headers=auth(make_user("viewer")))
    assert viewer.status_code == 403
    assert client.post(URL, json=body(("C1", "2026-01", 1))).status_code == 401
    ok = client.post(URL, json=body(("X1", "2026-01", 5), enterprise=OTHER), headers=auth(admin))
    assert ok.status_code == 200 and ok.json()["accepted"] == 1
    peek = client.get(
        f"/api/v1/monitoring/enterprises/{OTHER}/monthly",
        params={"month": "2026-01"},
        headers=auth(token),
    )
    assert peek.status_code == 403
    assert [t["point"] for t in stored(client, admin, code=OTHER)["totals"]] == ["X1"]
    anonymous = client.get(f"/api/v1/monitoring/enterprises/{CODE}/monthly?month=2026-01")
    assert anonymous.status_code == 401
    unregistered = "91520200MA6D00003" + uscc.check_character("91520200MA6D00003")
    unknown = client.post(URL, json=body(enterprise=unregistered), headers=auth(admin))
    assert unknown.status_code == 404 and unregistered in unknown.json()["detail"]


def test_malformed_bodies_and_bad_months(
    seeded: str, client: TestClient, make_user: Callable[..., str]
) -> None:
    token = make_user("enterprise")
    r = client.post(URL, content=b'{"enterprise": ', headers=auth(token))
    assert r.status_code == 422 and "malformed JSON" in r.json()["detail"]
    r = client.post(URL, json={"enterprise": CODE}, headers=auth(token))
    assert r.status_code == 422 and "totals must be an array" in r.json()["detail"]
    r = client.post(URL, json={**body(), "readings": []}, headers=auth(token))
    assert r.status_code == 422 and "unknown fields readings" in r.json()["detail"]
    r = client.post(URL, json=body(enterprise="9152"), headers=auth(token))
    assert r.status_code == 422 and "18 characters" in r.json()["detail"]
    r = client.post(URL, json=[1, 2], headers=auth(token))
    assert r.status_code == 422 and "JSON object" in r.json()["detail"]
    # item by item: each rejected with its index and reason, never a 500
    items: list[Any] = [
        "C1",
        {"point": "C1", "month": "2026-13", "value": 1},
        {"point": "C1", "month": "0001-01", "value": 1},  # no UTC start: out of range
        {"point": "C1", "month": "2026-01", "value": 10**400},
        {"point": "C1", "month": "2026-01", "value": True},
        {"point": "C1", "month": "2026-01", "value": 1, "correction": "yes"},
        {"point": "C1", "month": 202601, "value": 1},
    ]
    r = client.post(URL, json={"enterprise": CODE, "totals": items}, headers=auth(token))
    assert r.status_code == 200 and r.json()["accepted"] == 0
    errors = {x["index"]: x["error"] for x in r.json()["rejected"]}
    assert sorted(errors) == list(range(len(items)))
    assert "object" in errors[0] and "YYYY-MM" in errors[1] and "YYYY-MM" in errors[2]
    assert "not a number" in errors[3] and "must be a number" in errors[4]
    assert "true or false" in errors[5] and "YYYY-MM" in errors[6]
    url = f"/api/v1/monitoring/enterprises/{CODE}/monthly"
    for month in ("2026-13", "Jan 2026", "2026-01-05"):
        bad = client.get(url, params={"month": month}, headers=auth(token))
        assert bad.status_code == 422 and "YYYY-MM" in bad.json()["detail"], month
    assert client.get(url, headers=auth(token)).status_code == 422  # month is required


def test_oversized_body_is_413(
    seeded: str, client: TestClient, make_user: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = 200
    monkeypatch.setattr(get_settings(), "max_body_bytes", limit)
    sent = body(*[("C1", f"2026-{m:02d}", 1) for m in range(1, 13)])
    r = client.post(URL, json=sent, headers=auth(make_user("enterprise")))
    assert r.status_code == 413 and f"{limit} bytes" in r.json()["detail"]


def test_consistency_matches_hand_computation(
    seeded: str, client: TestClient, make_user: Callable[..., str]
) -> None:
    """C1 (coal, t, interval): 2 Jan 4 × 2.5 t = 10 t, 3 Jan 2 × 5 t = 10 t -> Σ daily 20 t on
    2 days. E1 (counter ×10): 1000 -> 2000 on 2 Jan = 1000 × 10 = 10 000 kWh on 1 day.
    Totals: C1 22 t -> |20 - 22| / 22 = 9.09 % > 5 %; E1 10 000 -> 0 %; S1 0 with no data -> 0.
    After correcting C1 to 20.5: 0.5 / 20.5 = 2.44 % <= 5 %."""
    token = make_user("enterprise")
    readings = [
        {"point": "C1", "ts": f"2026-01-02T10:{m:02d}:00+08:00", "value": 2.5}
        for m in (0, 15, 30, 45)
    ]
    readings += [
        {"point": "C1", "ts": f"2026-01-03T10:{m:02d}:00+08:00", "value": 5.0} for m in (0, 15)
    ]
    readings += [
        {"point": "E1", "ts": "2026-01-02T10:00:00+08:00", "value": 1000.0},
        {"point": "E1", "ts": "2026-01-02T11:00:00+08:00", "value": 2000.0},
    ]
    sent = {"enterprise": CODE, "readings": readings}
    got = client.post("/api/v1/monitoring/readings", json=sent, headers=auth(token))
    assert got.json()["accepted"] == len(readings)
    totals = body(("C1", "2026-01", 22.0), ("E1", "2026-01", 10_000.0), ("S1", "2026-01", 0.0))
    totals["totals"].append({"point": "C1", "month": "2026-02", "value": 1.0})  # not January
    assert client.post(URL, json=totals, headers=auth(token)).json()["accepted"] == 4

    report = stored(client, token)
    assert (report["enterprise"], report["month"]) == (CODE, "2026-01")
    assert report["tolerance"] == TOLERANCE
    by_point = {t["point"]: t for t in report["totals"]}
    assert list(by_point) == ["C1", "E1", "S1"]  # G1 has no total; C1's February is not shown
    c1, e1, s1 = by_point["C1"], by_point["E1"], by_point["S1"]
    assert (c1["daily_sum"], c1["days"], c1["unit"]) == (20.0, 2, "t")
    assert c1["deviation"] == pytest.approx(2 / 22)
    assert c1["consistent"] is False and "9.1%" in c1["detail"]
    assert (e1["daily_sum"], e1["days"], e1["unit"]) == (10_000.0, 1, "kWh")
    assert (e1["deviation"], e1["consistent"], e1["detail"]) == (0.0, True, None)
    assert (s1["daily_sum"], s1["days"], s1["deviation"], s1["consistent"]) == (0.0, 0, 0.0, True)

    fix = body(("C1", "2026-01", 20.5), correction=True, reason="复核")
    assert client.post(URL, json=fix, headers=auth(token)).json()["corrected"] == 1
    c1 = next(t for t in stored(client, token)["totals"] if t["point"] == "C1")
    assert c1["deviation"] == pytest.approx(0.5 / 20.5) and c1["consistent"] is True
    feb = stored(client, token, month="2026-02")["totals"]
    assert [(t["point"], t["value"], t["daily_sum"], t["deviation"]) for t in feb] == [
        ("C1", 1.0, 0.0, 1.0)  # |0 - 1| / 1: no daily data for February
    ]
    assert feb[0]["consistent"] is False
