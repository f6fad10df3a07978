"""The plan API over HTTP: reads are public, writes need a token and the right unit."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from carbonpeak.bootstrap import DEFAULT_SLUG, init_database
from tests.conftest import add_user_with_token


@pytest.fixture
def api(plan_db: str, client: TestClient) -> TestClient:
    init_database(url=plan_db)  # loads the bundled default plan
    return client


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_plan_list_and_tree(api: TestClient) -> None:
    plans = api.get("/api/v1/plans").json()
    assert [(p["slug"], p["counts"]["tasks"], p["counts"]["targets"]) for p in plans] == [
        (DEFAULT_SLUG, 109, 86)
    ]
    tree = api.get(f"/api/v1/plans/{DEFAULT_SLUG}/tree").json()
    actions = next(n for n in tree if n["title"] == "重点任务")["children"]
    assert len(actions) == 11 and all(a["is_action"] for a in actions)
    first = actions[0]["children"][0]["tasks"][0]
    assert first["title"] == "合理布局大型高效煤电项目"


def test_tasks_filtered_by_unit_and_action(api: TestClient) -> None:
    led = api.get("/api/v1/plans/1/tasks", params={"unit": "市能源局", "role": "lead"}).json()
    assert led and all("市能源局" in t["lead_units"] for t in led)
    in_action = api.get("/api/v1/plans/1/tasks", params={"action": "2.11"}).json()
    assert [t["lead_units"] for t in in_action][:2] == [["钟山区人民政府"], ["钟山区人民政府"]]
    task = api.get("/api/v1/plans/1/tasks/2.1.1-6").json()
    assert [(t["year"], t["value"], t["comparator"]) for t in task["targets"]] == [
        (2025, 1300.0, "~"),
        (2030, 1400.0, "~"),
    ]
    assert api.get("/api/v1/plans/1/tasks/9.9.9-1").status_code == 404


def test_targets_filters(api: TestClient) -> None:
    t2025 = api.get("/api/v1/plans/1/targets", params={"year": 2025}).json()
    assert t2025 and all(t["year"] == 2025 for t in t2025)
    nf = api.get("/api/v1/plans/1/targets", params={"indicator": "非化石能源消费比重"}).json()
    assert [(t["year"], t["value"], t["aspirational"]) for t in nf] == [
        (2025, 20.0, False),
        (2025, 21.6, True),
        (2030, 25.0, False),
    ]
    by_unit = api.get("/api/v1/plans/1/targets", params={"unit": "六盘水供电局"}).json()
    assert {t["indicator"] for t in by_unit} >= {"供电可靠率"}
    units = api.get("/api/v1/plans/1/units").json()
    assert units[0]["name"] == "市工业和信息化局"  # leads the most tasks
    assert len(api.get("/api/v1/plans/1/benchmarks").json()) == 8


def test_task_sheet_xlsx(api: TestClient) -> None:
    res = api.get("/api/v1/plans/1/units/市能源局/tasksheet", params={"format": "xlsx"})
    assert res.status_code == 200
    ws = load_workbook(io.BytesIO(res.content))["任务清单"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    as_json = api.get("/api/v1/plans/1/units/市能源局/tasksheet").json()
    assert len(rows) == len(as_json["tasks"]) > 30
    first = rows[0]
    assert first[2] == "2.1.1-1" and first[4] == "牵头"


def test_writes_need_authentication(api: TestClient) -> None:
    res = api.patch("/api/v1/plans/1/tasks/2.1.1-1", json={"title": "x"})
    assert res.status_code == 401
    res = api.post("/api/v1/plans", files={"file": ("p.txt", b"x")})
    assert res.status_code == 401


def test_unit_editor_edits_only_its_own_tasks(api: TestClient, db_url: str) -> None:
    token = add_user_with_token(db_url, "unit_editor", "市能源局")
    # 2.1.1-1 is led by 市能源局: allowed
    res = api.patch(
        "/api/v1/plans/1/tasks/2.1.1-1",
        json={"title": "合理布局大型高效煤电项目(修订)"},
        headers=auth(token),
    )
    assert res.status_code == 200, res.text
    assert res.json()["title"] == "合理布局大型高效煤电项目(修订)"
    # 2.3.1.2-1 belongs to 市工业和信息化局 / 市发展改革委 only: refused
    res = api.patch("/api/v1/plans/1/tasks/2.3.1.2-1", json={"title": "x"}, headers=auth(token))
    assert res.status_code == 403
    assert api.get("/api/v1/plans/1/tasks/2.3.1.2-1").json()["title"] == "优化有色金属产业结构"
    # nor may it reassign units on its own task
    res = api.patch(
        "/api/v1/plans/1/tasks/2.1.1-1", json={"lead_units": ["市商务局"]}, headers=auth(token)
    )
    assert res.status_code == 403


def test_admin_reassigns_units_and_it_is_audited(api: TestClient, db_url: str) -> None:
    token = add_user_with_token(db_url, "admin")
    res = api.patch(
        "/api/v1/plans/1/tasks/2.1.2-1",
        json={"responsible_units": ["市水务局", "市教育局"]},
        headers=auth(token),
    )
    assert res.status_code == 200
    assert res.json()["responsible_units"] == ["市水务局", "市教育局"]
    log = api.get("/api/v1/audit", headers=auth(token)).json()
    entries = log["entries"] if isinstance(log, dict) else log
    assert any(e["entity_id"].endswith(":2.1.2-1") for e in entries)


def test_upload_plan_in_gb18030_and_bad_uploads(api: TestClient, db_url: str) -> None:
    token = add_user_with_token(db_url, "admin")
    text = (
        "某市碳达峰实施方案\n一、重点任务\n(一)能源行动\n"
        "推进光伏。到2025年光伏装机达到100万千瓦。〔牵头单位:市能源局〕\n"
    )
    res = api.post(
        "/api/v1/plans", files={"file": ("p.txt", text.encode("gb18030"))}, headers=auth(token)
    )
    assert res.status_code == 201, res.text
    assert res.json()["title"] == "某市碳达峰实施方案" and res.json()["counts"]["targets"] == 1
    # a text without headings is read as one section (tests/plan/test_structure.py); one
    # without any Chinese is not a plan
    for payload in (b"", b"\x00\x01\x02binary", b"1234567890 no plan here"):
        res = api.post("/api/v1/plans", files={"file": ("bad.txt", payload)}, headers=auth(token))
        assert res.status_code == 422
        assert "detail" in res.json()
    assert len(api.get("/api/v1/plans").json()) == 2  # nothing half-imported
    viewer = add_user_with_token(db_url, "viewer")
    res = api.post("/api/v1/plans", files={"file": ("p.txt", text.encode())}, headers=auth(viewer))
    assert res.status_code == 403
