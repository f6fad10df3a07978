"""投运日期 commissioning date of a metering point (issue 15, finding 10): kept in the registry
(model, database, .xlsx import/export with the Chinese header, API), and readings stamped
before it are refused over HTTP naming the row, the field and the reason. Runs on SQLite and,
with CARBONPEAK_TEST_POSTGRES_URL, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from carbonpeak.core.errors import InputError
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.registry import exchange
from carbonpeak.monitoring.registry import service as registry
from tests.monitoring.conftest import CODE

URL = "/api/v1/monitoring/readings"


def book(tmp_path: Path, commissioned: object, header: str = "投运日期") -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "enterprises"
    ws.append(["code", "name"])
    ws.append([CODE, "测试钢铁"])
    pts = wb.create_sheet("points")
    pts.append(["code", "enterprise", "energy", "purpose", "unit", "interval_minutes", header])
    pts.append(["N1", CODE, "原煤", "消耗", "t", 60, commissioned])
    pts.append(["N2", CODE, "原煤", "消耗", "t", 60, None])
    wb.create_sheet("processes").append(["code", "enterprise"])
    path = tmp_path / "registry.xlsx"
    wb.save(path)
    return path


def test_a_bad_commissioning_date_names_sheet_row_and_field(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        exchange.read_registry(book(tmp_path, "2025-13-01"))
    (problem,) = caught.value.problems
    assert (problem.row, problem.field) == (2, "points")
    assert "commissioned" in problem.reason and "2025-13-01" in problem.reason
    with pytest.raises(InputError, match="implausible"):
        exchange.read_registry(book(tmp_path, "1800-01-01", header="commissioned"))


def test_commissioning_round_trip_and_refusal_over_http(
    db_url: str, tmp_path: Path, client: TestClient, make_user: Callable[..., str]
) -> None:
    reg = exchange.read_registry(book(tmp_path, "2025-07-01"))
    assert reg.points["N1"].commissioned == date(2025, 7, 1)
    assert reg.points["N2"].commissioned is None
    with session_scope(db_url) as db:
        registry.save_registry(db_session=db, registry=reg, actor="t")
    with session_scope(db_url) as db:
        stored = registry.registry(db_session=db)
        assert stored.points["N1"].commissioned == date(2025, 7, 1)
        out = tmp_path / "export.xlsx"
        exchange.write_registry(stored, out)
    assert exchange.read_registry(out).points["N1"].commissioned == date(2025, 7, 1)

    token = make_user("enterprise")
    headers = {"Authorization": f"Bearer {token}"}
    readings = [
        {"point": "N1", "ts": "2025-06-30T23:00:00+08:00", "value": 1.0},
        {"point": "N1", "ts": "2025-07-01T00:00:00+08:00", "value": 1.0},
        {"point": "N2", "ts": "1800-01-01T00:00:00+08:00", "value": 1.0},
        {"point": "N1", "ts": "2025-07-01T04:07:13+08:00", "value": 1.0},
    ]
    r = client.post(URL, json={"enterprise": CODE, "readings": readings}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["accepted"] == 1
    rejected = {x["index"]: x["error"] for x in r.json()["rejected"]}
    assert sorted(rejected) == [0, 2, 3]
    assert "commissioning date 2025-07-01" in rejected[0]
    assert "before the earliest accepted time" in rejected[2]
    assert "off point N1's 60-minute grid" in rejected[3]

    got = client.get(f"/api/v1/monitoring/enterprises/{CODE}", headers=headers)
    points = {p["code"]: p for p in got.json()["points"]}
    assert points["N1"]["commissioned"] == "2025-07-01"
    assert points["N2"]["commissioned"] is None
