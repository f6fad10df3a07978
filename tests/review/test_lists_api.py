"""The list endpoints over HTTP: two-high list, budgets (PUT by a review officer only),
inspections (opened by a review officer only, 422 naming the field), alerts and the follow-up
run; all over the demo (示意数据)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from carbonpeak.monitoring import load_monitoring_demo
from carbonpeak.review import load_review_demo

YEAR = datetime.now(UTC).year - 1


def test_list_endpoints(db_url: str, client: TestClient, make_user: Callable[..., str]) -> None:
    load_monitoring_demo(db_url, days=8, year=YEAR)
    load_review_demo(db_url)
    officer = {"Authorization": f"Bearer {make_user('review_officer')}"}
    viewer = {"Authorization": f"Bearer {make_user('viewer')}"}
    firm = {"Authorization": f"Bearer {make_user('enterprise')}"}

    data = client.get("/api/v1/review/twohigh", headers=viewer).json()
    assert len(data["projects"]) == 2
    assert client.get("/api/v1/review/twohigh", headers=firm).status_code == 403

    budget = {
        "year": YEAR,
        "scope": "city",
        "code": "520200",
        "equivalent_tce": 1e7,
        "equal_value_tce": 1.2e7,
        "co2_t": 3e7,
        "source": "示意",
    }
    assert client.put("/api/v1/review/budgets", json=budget, headers=viewer).status_code == 403
    assert client.put("/api/v1/review/budgets", json=budget, headers=officer).status_code == 200
    view = client.get(f"/api/v1/review/budgets?year={YEAR}", headers=viewer).json()
    assert view["budgets"][0]["budget"]["equivalent_tce"] == 1e7

    ent = client.get("/api/v1/review/twohigh", headers=viewer).json()["plants"][0]["owner_uscc"]
    case = {"enterprise_code": ent, "findings": "", "penalty_yuan": 0}
    r = client.post("/api/v1/review/inspections", json=case, headers=officer)
    assert r.status_code == 422 and "findings" in r.text
    case["findings"] = "未按规定开展能源审计（示意）"
    assert client.post("/api/v1/review/inspections", json=case, headers=viewer).status_code == 403
    r = client.post("/api/v1/review/inspections", json=case, headers=officer)
    assert r.status_code == 201
    assert client.get("/api/v1/review/inspections", headers=viewer).json()[-1]["status"] == "open"

    alerts = client.get("/api/v1/review/alerts", headers=viewer).json()
    assert "unit:coke_top" in {a["measure"] for a in alerts}  # 8 days: unit consumption only
    run = client.post("/api/v1/review/followup", headers=officer).json()
    assert sum(p["new_alerts"] for p in run["projects"]) == 0  # nothing new, nothing twice
    assert client.post("/api/v1/review/followup", headers=viewer).status_code == 403


def test_project_start_year_and_industry_over_http(
    client: TestClient, make_user: Callable[..., str]
) -> None:
    from tests.review.test_assessment import DATA_CENTRE

    firm = {"Authorization": f"Bearer {make_user('enterprise')}"}
    # 1800 was accepted with HTTP 201
    r = client.post(
        "/api/v1/review/projects", json={**DATA_CENTRE, "start_year": 1800}, headers=firm
    )
    assert r.status_code == 422 and "start_year must be between 2000 and 2060" in r.text
    # 3130 钢压延加工 was refused as "unknown industry code": classified by its parent 31 now
    steel = {**DATA_CENTRE, "industry": "3130", "renewable": None}
    r = client.post("/api/v1/review/projects", json=steel, headers=firm)
    assert r.status_code == 201, r.text
    assert r.json()["assessment"]["industry"]["classified_by"] == "31"
