"""HTTP API of the platform inventory: roles on writes, 422 for bad input, the same JSON as the
CLI, explain, indicators, district sums, the Excel export and the comparison."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from carbonpeak.db.session import session_scope
from carbonpeak.inventory.reference import service as reference_service

HEAD = "region,year,sector,fuel,quantity,unit,source,note\n"
CSV = (
    HEAD
    + "钟山区,2022,黑色金属冶炼和压延加工业,原煤,1,万吨,test,\n"
    + "钟山区,2022,城镇居民,电力,10000,万千瓦时,test,\n"
    + "钟山区,2022,,gdp@2020,10,亿元,test,\n"
)
BASE = "/api/v1/inventory"


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _upload(client: TestClient, token: str | None, data: str, dataset: str = "city") -> object:
    return client.post(
        f"{BASE}/import",
        files={"file": ("activity.csv", data.encode(), "text/csv")},
        data={"dataset": dataset},
        headers=_auth(token) if token else {},
    )


def test_import_needs_admin_or_unit_editor(
    client: TestClient, make_user: Callable[..., str]
) -> None:
    response = _upload(client, None, CSV)
    assert response.status_code == 401  # type: ignore[attr-defined]
    viewer = make_user("viewer")
    response = _upload(client, viewer, CSV)
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert "permission denied" in response.json()["detail"]  # type: ignore[attr-defined]
    editor = make_user("unit_editor", "市统计局")
    response = _upload(client, editor, CSV)
    assert response.status_code == 201, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert (body["dataset"], body["version"], body["rows"]) == ("city", 1, 3)
    admin = make_user("admin")
    response = _upload(client, admin, CSV)
    assert response.json()["version"] == 2  # type: ignore[attr-defined]
    versions = client.get(f"{BASE}/datasets/city/versions", headers=_auth(viewer)).json()
    assert [v["version"] for v in versions] == [1, 2]
    lab = b"fuel,parameter,value,unit,source\nraw_coal,co2_factor,2,t/t,lab\n"
    files = {"file": ("lab.csv", lab, "text/csv")}
    assert client.post(f"{BASE}/factor-sets", files=files, data={"name": "lab"}).status_code == 401
    created = client.post(
        f"{BASE}/factor-sets", files=files, data={"name": "lab"}, headers=_auth(editor)
    )
    assert created.status_code == 201 and created.json()["records"] == 1
    assert [f["name"] for f in client.get(f"{BASE}/factor-sets").json()] == ["lab"]


def test_bad_upload_is_422_and_writes_nothing(
    client: TestClient, make_user: Callable[..., str]
) -> None:
    admin = make_user("admin")
    bad = CSV + "钟山区,2022,1.A.2.a,原煤,-3,万吨,test,\n"
    response = _upload(client, admin, bad)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "row 5, quantity" in response.json()["detail"]  # type: ignore[attr-defined]
    assert client.get(f"{BASE}/datasets", headers=_auth(admin)).json() == []
    response = client.post(f"{BASE}/import", data={"dataset": "x"}, headers=_auth(admin))  # no file
    assert response.status_code == 422


def test_calc_json_matches_the_worked_example(
    client: TestClient, make_user: Callable[..., str]
) -> None:
    rows = [
        {"region": "钟山区", "year": 2022, "sector": "1.A.2.a", "fuel": "原煤", "quantity": 1,
         "unit": "万吨"},
        {"region": "钟山区", "year": 2022, "sector": "城镇居民", "fuel": "电力",
         "quantity": 10000, "unit": "万千瓦时"},
    ]  # fmt: skip
    factors = [
        {"fuel": "原煤", "parameter": "ncv", "value": 20.908, "unit": "GJ/t", "source": "lab"},
        {"fuel": "原煤", "parameter": "carbon_content", "value": 26.37, "unit": "t/TJ",
         "source": "lab"},
        {"fuel": "原煤", "parameter": "oxidation", "value": 0.94, "unit": "dimensionless",
         "source": "lab"},
    ]  # fmt: skip
    response = client.post(f"{BASE}/calc", json={"rows": rows, "factors": factors})
    assert response.status_code == 200, response.text
    totals = response.json()["totals"]
    # see tests/inventory/test_calc_cli.py for the arithmetic
    assert totals["co2_t"] == pytest.approx(19_002.988488)
    assert totals["co2e_t"] == pytest.approx(19_144.640188)
    assert totals["scope2"] == pytest.approx(49_890.0)
    ar6 = client.post(f"{BASE}/calc", json={"rows": rows, "factors": factors, "gwp_set": "AR6"})
    assert ar6.json()["totals"]["co2e_t"] - totals["co2e_t"] == pytest.approx(6.2724)

    rows[0]["unit"] = "公顷"
    response = client.post(f"{BASE}/calc", json={"rows": rows})
    assert response.status_code == 422
    assert "row 1, unit" in response.json()["detail"]
    assert client.post(f"{BASE}/calc", json={"rows": []}).status_code == 422
    assert client.post(f"{BASE}/calc", json={"rows": rows[1:], "gwp_set": "X"}).status_code == 422

    files = {"file": ("a.csv", CSV.encode(), "text/csv")}
    assert client.post(f"{BASE}/calc/upload", files=files).status_code == 401  # login needed
    upload = client.post(f"{BASE}/calc/upload", files=files, headers=_auth(make_user("viewer")))
    assert upload.status_code == 200, upload.text
    assert upload.json()["totals"]["co2_t"] == pytest.approx(19_003.0)


@pytest.fixture
def stored(client: TestClient, make_user: Callable[..., str]) -> TestClient:
    response = _upload(client, make_user("admin"), CSV)
    assert response.status_code == 201, response.text  # type: ignore[attr-defined]
    client.headers["Authorization"] = f"Bearer {make_user('viewer')}"  # inventories: staff
    return client


def test_reads(stored: TestClient) -> None:
    client = stored
    inv = client.get(f"{BASE}/inventories", params={"dataset": "city"}).json()
    assert inv["dataset"] == "city" and inv["version"] == 1
    assert inv["totals"]["co2_t"] == pytest.approx(19_003.0)
    totals = client.get(f"{BASE}/totals", params={"dataset": "city", "gwp": "AR6"}).json()
    assert totals["gwp_set"] == "AR6" and totals["totals"][0]["scope2"] == pytest.approx(49_890.0)
    # the grid factor of a chosen year, as --grid-factor-years: 2022 uses 2021's 0.5182
    params = {"dataset": "city", "grid_factor_years": "2022=2021"}
    chosen = client.get(f"{BASE}/totals", params=params).json()
    assert chosen["totals"][0]["scope2"] == pytest.approx(51_820.0)
    assert chosen["grid_factor_years"] == "2022=2021"
    inv21 = client.get(f"{BASE}/inventories", params=params).json()
    assert inv21["totals"]["scope2"] == pytest.approx(51_820.0)
    bad = client.get(f"{BASE}/totals", params={"dataset": "city", "grid_factor_years": "x"})
    assert bad.status_code == 422 and "FROM-TO=YEAR" in bad.text
    rows = client.get(
        f"{BASE}/rows", params={"dataset": "city", "region": "钟山区", "year": 2022}
    ).json()
    assert {(r["category"], r["gas"]) for r in rows} >= {
        ("1.A.2.a", "CO2"),
        ("S2.electricity", "CO2"),
    }
    ex = client.get(
        f"{BASE}/explain",
        params={"dataset": "city", "region": "520201", "year": 2022, "sector": "1.A.2.a"},
    ).json()
    assert [f["id"] for f in ex["factors"]][:2] == [
        "gbt2589_2020/raw_coal/ncv",
        "cn_provincial_guideline_2011/raw_coal/carbon_content",
    ]
    assert ex["activity"][0]["row"] == 2
    s2 = client.get(
        f"{BASE}/explain",
        params={"dataset": "city", "region": "520201", "year": 2022, "sector": "scope2",
                "fuel": "电力"},
    ).json()  # fmt: skip
    assert s2["fuel"] == "electricity" and s2["value"] == pytest.approx(49_890.0)
    assert [a["id"] for a in s2["activity"]] == ["520201/2022/1.A.4.b/electricity"]
    unknown_fuel = client.get(
        f"{BASE}/explain",
        params={"dataset": "city", "region": "520201", "year": 2022, "sector": "scope2",
                "fuel": "月球土"},
    )  # fmt: skip
    assert unknown_fuel.status_code == 422
    ind = client.get(
        f"{BASE}/indicators", params={"dataset": "city", "region": "钟山区", "year": 2022}
    ).json()
    items = {(i["name"], i["method"]): i["value"] for i in ind["items"]}
    # 19,003 t / 100,000 万元
    assert items[("co2_intensity", "territorial")] == pytest.approx(0.19003)
    missing = client.get(f"{BASE}/inventories", params={"dataset": "nope"})
    assert missing.status_code == 404
    bad = client.get(
        f"{BASE}/explain",
        params={"dataset": "city", "region": "火星", "year": 2022, "sector": "1.A.2.a"},
    )
    assert bad.status_code == 422 and "火星" in bad.json()["detail"]
    assert (
        client.get(f"{BASE}/inventories", params={"dataset": "city", "gwp": "X"}).status_code == 422
    )


def test_export_xlsx(stored: TestClient) -> None:
    response = stored.get(f"{BASE}/export.xlsx", params={"dataset": "city"})
    assert response.status_code == 200
    assert "spreadsheetml" in response.headers["content-type"]
    book = load_workbook(io.BytesIO(response.content))
    rows = {str(r[0]).strip(): r for r in book["省级清单汇总"].iter_rows(values_only=True) if r[0]}
    assert rows["能源活动 energy"][1] == pytest.approx(19_003.0)
    about = {r[0]: r[1] for r in book["说明 about"].iter_rows(values_only=True)}
    assert about["dataset"] == "city" and about["version"] == "1"
    one = stored.get(f"{BASE}/export.xlsx", params={"dataset": "city", "year": 2022})
    assert one.status_code == 200
    none = stored.get(f"{BASE}/export.xlsx", params={"dataset": "city", "year": 1999})
    assert none.status_code == 422 and "1999" in none.json()["detail"]


def test_district_sum_and_compare(
    client: TestClient, make_user: Callable[..., str], db_url: str
) -> None:
    data = HEAD + "".join(
        f"{code},2017,黑色金属冶炼和压延加工业,原煤,{n},万吨,test,\n"
        for code, n in (("520201", 1), ("520203", 2), ("520204", 3), ("520281", 4))
    )
    assert _upload(client, make_user("admin"), data, "d").status_code == 201  # type: ignore[attr-defined]
    client.headers["Authorization"] = f"Bearer {make_user('viewer')}"  # inventories: staff
    check = client.get(f"{BASE}/district-sum", params={"dataset": "d", "year": 2017}).json()
    assert check["complete"] and check["total"] == pytest.approx(190_030.0)
    with session_scope(db_url) as db:
        reference_service.import_reference(db_session=db, datasets=["ceads-city"], actor="t")
    response = client.get(
        f"{BASE}/compare",
        params={"dataset": "ceads-city", "region": "六盘水", "years": "2017",
                "platform_dataset": "d"},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["subject"] == "platform:d"
    # 190,030 t = 0.19003 Mt
    assert body["totals"][0]["platform"] == pytest.approx(0.19003)
