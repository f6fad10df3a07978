"""Registry writes through the JSON API and the CLI (issue 15): an enterprise and a metering
point registered and changed with every registry field, refused with the .xlsx import's
messages (bad credit code, unknown district, bad industry code, unknown energy), by role and
enterprise, audited, and the in-process registry caches told (``registry_changed``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from typer.testing import CliRunner

from carbonpeak.audit.orm import AuditRow
from carbonpeak.cli import app
from carbonpeak.core.errors import InputError
from carbonpeak.core.settings import get_settings
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.demo import simulate
from carbonpeak.monitoring.model import Enterprise, registered
from carbonpeak.monitoring.registry import service as registry
from tests.monitoring.conftest import CODE, OTHER, seed

NEW = "91520200MA6D00003T"
ENTERPRISE: dict[str, str] = {
    "code": NEW,
    "name": "新建水泥 new cement",
    "industry_code": "3011",
    "district": "520201",
    "capacity": "200万吨/年 熟料",
}
POINT: dict[str, object] = {
    "code": "K1",
    "name": "1号窑用煤",
    "energy": "原煤",
    "purpose": "消耗",
    "unit": "t",
    "multiplier": 2.0,
    "kind": "interval",
    "interval_minutes": 60,
    "commissioned": "2025-07-01",
}


@pytest.fixture
def seeded(db_url: str) -> str:
    with session_scope(db_url) as db:
        seed(db)
    return db_url


@pytest.fixture
def changes() -> Iterator[list[str]]:
    """Each call of ``registry_changed`` while the test runs."""
    seen: list[str] = []

    def listener() -> None:
        seen.append("changed")

    registry.on_registry_change(listener)
    yield seen
    registry._LISTENERS.remove(listener)


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _valid_code() -> str:
    assert Enterprise(NEW, "x").code == NEW  # the constant passes the check-character test
    return NEW


def test_admin_registers_an_enterprise_and_a_point(
    seeded: str, client: TestClient, make_user: Callable[..., str], changes: list[str]
) -> None:
    admin = auth(make_user("admin"))
    r = client.post("/api/v1/monitoring/enterprises", json=ENTERPRISE, headers=admin)
    assert r.status_code == 201, r.text
    assert r.json() == {**ENTERPRISE, "key_unit": True, "illustrative": False}
    again = client.post("/api/v1/monitoring/enterprises", json=ENTERPRISE, headers=admin)
    assert again.status_code == 409 and "already registered" in again.json()["detail"]
    url = f"/api/v1/monitoring/enterprises/{_valid_code()}/points"
    r = client.post(url, json=POINT, headers=admin)
    assert r.status_code == 201, r.text
    point = r.json()
    assert (point["energy"], point["purpose"], point["multiplier"]) == ("raw_coal", "consumed", 2)
    assert (point["interval_minutes"], point["commissioned"]) == (60, "2025-07-01")
    got = client.get(f"/api/v1/monitoring/enterprises/{NEW}", headers=admin).json()
    assert got["enterprise"]["district"] == "520201" and got["points"] == [point]
    # a point code is unique across enterprises
    taken = client.post(url, json={**POINT, "code": "X1"}, headers=admin)
    assert taken.status_code == 409 and OTHER in taken.json()["detail"]
    # changed: a counter with its register's modulus, another unit and multiplier
    change = {**POINT, "kind": "累计值", "rollover": 100000, "unit": "kg", "multiplier": 1}
    del change["code"]
    r = client.put("/api/v1/monitoring/points/K1", json=change, headers=admin)
    assert r.status_code == 200, r.text
    assert (r.json()["kind"], r.json()["rollover"], r.json()["unit"]) == ("counter", 100000, "kg")
    update = {k: v for k, v in ENTERPRISE.items() if k != "code"} | {"district": "520281"}
    r = client.put(f"/api/v1/monitoring/enterprises/{NEW}", json=update, headers=admin)
    assert r.status_code == 200 and r.json()["district"] == "520281"
    with session_scope(seeded) as db:
        audited = [
            (a.action, a.entity, a.entity_id)
            for a in db.scalars(select(AuditRow).where(AuditRow.entity_id.in_([NEW, "K1"])))
        ]
    assert audited == [
        ("create", "mon_enterprise", NEW),
        ("create", "mon_point", "K1"),
        ("update", "mon_point", "K1"),
        ("update", "mon_enterprise", NEW),
    ]
    # each write told the caches now and once more on its commit
    assert len(changes) >= 8


def test_refusals_name_the_field_as_the_xlsx_import_does(
    seeded: str, client: TestClient, make_user: Callable[..., str]
) -> None:
    admin = auth(make_user("admin"))
    url = "/api/v1/monitoring/enterprises"
    for change, words in (
        ({"code": "91520200MA6D00001A"}, "check character"),
        ({"district": "999999"}, "unknown district '999999'"),
        ({"district": "520000"}, "unknown district"),  # a province is not a district
        ({"industry_code": "steel"}, "industry_code 'steel' is not a GB/T 4754"),
        ({"name": " "}, "enterprise name is empty"),
    ):
        r = client.post(url, json=ENTERPRISE | change, headers=admin)
        assert r.status_code == 422, (change, r.text)
        assert words in r.json()["detail"], (change, r.json())
    points = f"{url}/{CODE}/points"
    point_changes: tuple[tuple[dict[str, object], str], ...] = (
        ({"energy": "煤饼"}, "unknown energy type '煤饼'"),
        ({"purpose": "burnt"}, "unknown purpose 'burnt'"),
        ({"multiplier": 0}, "multiplier must be positive"),
        ({"commissioned": "1900-01-01"}, "implausible"),
        ({"unit": "furlongs per fortnight per"}, "unit"),
    )
    for change, words in point_changes:
        r = client.post(points, json=POINT | change, headers=admin)
        assert r.status_code == 422, (change, r.text)
        assert words in r.json()["detail"], (change, r.json())
    missing = client.post(f"{url}/{NEW}/points", json=POINT, headers=admin)
    assert missing.status_code == 404
    assert (
        client.put("/api/v1/monitoring/points/NOPE", json=POINT, headers=admin).status_code == 404
    )


def test_the_same_messages_come_from_the_xlsx_import(tmp_path: Path) -> None:
    """The API and the workbook build the same model, so they refuse with one message."""
    from openpyxl import Workbook

    from carbonpeak.monitoring.registry.exchange import read_registry

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "enterprises"
    ws.append(["code", "name", "industry_code", "district"])
    ws.append([NEW, "新建水泥", "3011", "999999"])
    ws.append([CODE, "甲", "steel", "520201"])
    wb.create_sheet("points").append(["code", "enterprise"])
    wb.create_sheet("processes").append(["code", "enterprise"])
    book = tmp_path / "registry.xlsx"
    wb.save(book)
    with pytest.raises(InputError) as bad:
        read_registry(book)
    reasons = [(p.row, p.reason) for p in bad.value.problems]
    assert "unknown district '999999'" in reasons[0][1] and reasons[0][0] == 2
    assert "industry_code 'steel' is not a GB/T 4754" in reasons[1][1] and reasons[1][0] == 3
    with pytest.raises(InputError, match="unknown district '999999'"):
        registered(Enterprise(NEW, "x", district="999999"))
    named = registered(Enterprise(NEW, "x", district="钟山区", industry_code="C3110"))
    assert (named.district, named.industry_code) == ("520201", "3110")
    assert registered(Enterprise(NEW, "x", district="520222")).district == "520222"  # former
    # stored rows are read as they are (a district stored before the check does not break reads)
    assert Enterprise(NEW, "x", district="somewhere").district == "somewhere"


def test_who_may_write(seeded: str, client: TestClient, make_user: Callable[..., str]) -> None:
    own = auth(make_user("enterprise"))  # the user of enterprise CODE
    other = auth(make_user("enterprise", enterprise_code=OTHER))
    editor = auth(make_user("unit_editor", "市能源局"))
    viewer = auth(make_user("viewer"))
    url = "/api/v1/monitoring/enterprises"
    for who in (own, editor, viewer):
        assert client.post(url, json=ENTERPRISE, headers=who).status_code == 403
    assert client.post(url, json=ENTERPRISE).status_code == 401
    points = f"{url}/{CODE}/points"
    for who in (other, editor, viewer):
        assert client.post(points, json=POINT, headers=who).status_code == 403
    # the enterprise's own user registers and changes its own points and record
    assert client.post(points, json=POINT, headers=own).status_code == 201
    change = {k: v for k, v in POINT.items() if k != "code"} | {"multiplier": 3}
    assert client.put("/api/v1/monitoring/points/K1", json=change, headers=own).status_code == 200
    assert client.put("/api/v1/monitoring/points/K1", json=change, headers=other).status_code == 403
    mine = {"name": "测试钢铁 renamed", "industry_code": "3110", "district": "520201"}
    assert client.put(f"{url}/{CODE}", json=mine, headers=own).status_code == 200
    flag = client.put(f"{url}/{CODE}", json=mine | {"key_unit": False}, headers=own)
    assert flag.status_code == 403 and "key_unit" in flag.json()["detail"]
    assert client.put(f"{url}/{OTHER}", json=mine, headers=own).status_code == 403


@pytest.fixture
def cli_db(seeded: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", seeded)
    get_settings.cache_clear()
    yield seeded
    get_settings.cache_clear()


def test_cli_sets_an_enterprise_and_a_point(cli_db: str, changes: list[str]) -> None:
    runner = CliRunner()
    ok = runner.invoke(
        app,
        [
            *("monitor", "enterprise-set", NEW, "--name", "新建水泥", "--district", "520201"),
            *("--industry", "3011", "--actor", "ops"),
        ],
    )
    assert ok.exit_code == 0, ok.output
    args = ["monitor", "point-set", "K1", "--enterprise", NEW, "--energy", "原煤"]
    args += ["--purpose", "消耗", "--unit", "t", "--commissioned", "2025-07-01"]
    ok = runner.invoke(app, args)
    assert ok.exit_code == 0, ok.output
    with session_scope(cli_db) as db:
        reg = registry.registry(db_session=db, enterprise_code=NEW)
    assert str(reg.points["K1"].commissioned) == "2025-07-01"
    assert reg.enterprises[NEW].industry_code == "3011"
    bad = runner.invoke(app, ["monitor", "enterprise-set", NEW, "--name", "x", "--district", "1"])
    assert isinstance(bad.exception, InputError) and "unknown district" in str(bad.exception)
    assert changes  # the caches were told


def test_a_registry_import_leaves_postgresql_planner_statistics_current(db_url: str) -> None:
    """After a bulk save the registry tables are analyzed on PostgreSQL, so the ingest path's
    point lookup is planned for the real size (before: ``reltuples`` -1, "never analyzed",
    and a hash join over every enterprise until autovacuum came by)."""
    if not db_url.startswith("postgresql"):
        pytest.skip("planner statistics are refreshed on PostgreSQL only")
    reg = simulate.registry()
    with session_scope(db_url) as db:
        counts = registry.save_registry(db_session=db, registry=reg, actor="t")
    with session_scope(db_url) as db:
        estimated: dict[str, float] = dict(
            db.execute(
                text(
                    "SELECT relname, reltuples FROM pg_class WHERE relname IN "
                    "('mon_enterprises', 'mon_points') AND relkind = 'r'"
                )
            ).all()
        )
    assert counts[:2] == (len(reg.enterprises), len(reg.points))
    assert estimated == {"mon_enterprises": counts[0], "mon_points": counts[1]}
