"""HTTP API of the reference inventories: public reads."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from carbonpeak.db.session import session_scope
from carbonpeak.inventory.api import router
from carbonpeak.inventory.reference import service
from carbonpeak.web.access import app_routes


@pytest.fixture
def api(client: TestClient, db_url: str, make_user: Callable[..., str]) -> TestClient:
    """The test client with the bundled extract imported (and the inventory router mounted
    if web/routes does not mount it yet)."""
    paths = {path for _, path in app_routes(client.app)}  # type: ignore[arg-type]
    if "/api/v1/inventory/references" not in paths:
        client.app.include_router(router, prefix="/api/v1")  # type: ignore[attr-defined]
    with session_scope(db_url) as db:
        service.import_reference(db_session=db, actor="tester")
    client.headers["Authorization"] = f"Bearer {make_user('viewer')}"  # compare: staff
    return client


def test_references_list_with_citations(api: TestClient) -> None:
    response = api.get("/api/v1/inventory/references")
    assert response.status_code == 200
    data = {d["key"]: d for d in response.json()}
    assert set(data) == {"ceads-province", "ceads-city", "chen2020-county"}
    assert data["ceads-province"]["rows"] == 5_334 and data["ceads-province"]["years"] == [
        1997,
        2019,
    ]
    assert "Applied Energy 184:742" in data["ceads-province"]["citation"]
    assert data["ceads-city"]["unit"] == "Mt CO2"


def test_series(api: TestClient) -> None:
    response = api.get(
        "/api/v1/inventory/references/ceads-province/series",
        params={"region": "贵州", "year_from": 2005, "year_to": 2005},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["members"] == ["Guizhou"] and len(body["points"]) == 1
    assert round(body["points"][0]["value"], 1) == 145.6
    missing = api.get("/api/v1/inventory/references/ceads-city/series", params={"region": "北京"})
    assert missing.status_code == 404 and "北京" in missing.json()["detail"]
    unknown = api.get("/api/v1/inventory/references/nope/series", params={"region": "贵州"})
    assert unknown.status_code == 422


def test_compare_city_against_county_sum(api: TestClient) -> None:
    response = api.get(
        "/api/v1/inventory/compare",
        params={
            "dataset": "chen2020-county",
            "region": "六盘水",
            "years": "2012-2019",
            "against": "ceads-city",
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["subject"] == "ceads-city" and body["dataset"]["key"] == "chen2020-county"
    rows = {r["year"]: r for r in body["totals"]}
    assert rows[2012]["platform"] == pytest.approx(90.30097132354874, rel=1e-12)
    assert rows[2012]["reference"] == pytest.approx(37.12073214727812, rel=1e-12)
    assert rows[2018]["reference"] is None and rows[2018]["relative_difference"] is None
    assert any("never averaged" in n for n in body["notes"])
    bad = api.get(
        "/api/v1/inventory/compare",
        params={"dataset": "ceads-city", "region": "六盘水", "years": "20x"},
    )
    assert bad.status_code == 422
