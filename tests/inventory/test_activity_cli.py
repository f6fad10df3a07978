"""`carbonpeak inventory import/datasets/show/explain/indicators/export/compare` on a database,
run as a user would; the migration 0005 and the demo loader."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from openpyxl import load_workbook
from sqlalchemy import inspect
from typer.testing import CliRunner

from carbonpeak.core.settings import get_settings
from carbonpeak.db.migrate import downgrade, upgrade
from carbonpeak.db.models import metadata
from carbonpeak.db.session import get_engine, session_scope
from carbonpeak.inventory.activity import service
from carbonpeak.inventory.cli import app
from carbonpeak.inventory.demo.service import DATASET, load_demo_activity
from carbonpeak.inventory.output.report import is_illustrative
from tests.inventory.test_energy_balance import BODY, workbook

runner = CliRunner()
TABLES = {"inv_datasets", "inv_dataset_versions", "inv_activity", "inv_factor_sets"}
CSV = """region,year,sector,fuel,quantity,unit,source,note
钟山区,2017,黑色金属冶炼和压延加工业,原煤,1,万吨,test,
钟山区,2017,城镇居民,电力,10000,万千瓦时,test,
"""


@pytest.fixture
def cli_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    get_settings.cache_clear()
    try:
        yield db_url
    finally:
        get_settings.cache_clear()


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_import_show_explain_export(cli_db: str, tmp_path: Path) -> None:
    data = tmp_path / "zs.csv"
    data.write_text(CSV, encoding="utf-8")
    assert "版本 version 1" in _ok("import", str(data), "--dataset", "zs")
    body = json.loads(_ok("import", str(data), "-d", "zs", "--gwp", "AR6", "--json"))
    assert body["version"] == 2 and body["skipped"] == []
    listed = json.loads(_ok("datasets", "--json"))
    assert [(d["dataset"], d["version"], d["gwp_set"]) for d in listed] == [("zs", 2, "AR6")]

    shown = json.loads(_ok("show", "--json"))  # the only dataset
    assert shown["dataset"] == "zs" and shown["gwp_set"] == "AR6"
    assert shown["totals"]["co2_t"] == pytest.approx(19_003.0)  # 10,000 t x 1.9003
    v1 = json.loads(_ok("show", "-d", "zs", "--version", "1", "--by", "gas", "--json"))
    assert v1["gwp_set"] == "AR5"
    # AR6 - AR5 on CH4 2.0908 t and N2O 0.31362 t (209.08 TJ of coal, IPCC defaults)
    assert shown["totals"]["co2e_t"] - v1["totals"]["co2e_t"] == pytest.approx(6.2724)
    assert "CH4" in _ok("show", "-d", "zs", "--by", "gas")
    # 2017 electricity 100,000 MWh: the rule takes Guizhou's nearest year 2021 (0.5182 →
    # 51,820 t); --grid-factor-years 2017=2022 on the stored dataset takes 0.4989 (49,890 t)
    assert shown["totals"]["scope2"] == pytest.approx(51_820.0)
    chosen = json.loads(_ok("show", "-d", "zs", "--grid-factor-years", "2017=2022", "--json"))
    assert chosen["totals"]["scope2"] == pytest.approx(49_890.0)
    assert chosen["grid_factor_years"] == "2017=2022" and shown["grid_factor_years"] is None
    assert any("2017 uses the 2022 grid factor" in n for n in chosen["notes"])
    bad = runner.invoke(app, ["show", "-d", "zs", "--grid-factor-years", "x=2021"])
    assert bad.exit_code != 0 and "FROM-TO=YEAR" in str(bad.exception)

    text = _ok("explain", "-d", "zs", "-r", "钟山区", "-y", "2017", "-s", "S2.electricity")
    assert "grid factor" in text and "activity 520201/2017/1.A.4.b/electricity" in text

    out = tmp_path / "zs.xlsx"
    _ok("export", "-d", "zs", "--output", str(out))
    rows = {
        str(r[0]).strip(): r for r in load_workbook(out)["省级清单汇总"].iter_rows(values_only=True)
    }
    assert rows["能源活动 energy"][1] == pytest.approx(19_003.0)

    missing = runner.invoke(app, ["show", "-d", "nope"])
    assert missing.exit_code != 0 and "nope" in str(missing.exception)
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV + "钟山区,2017,1.A.2.a,原煤,1,立方米,test,\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(bad), "-d", "zs"])
    assert result.exit_code != 0 and "row 4, unit" in str(result.exception)
    assert json.loads(_ok("datasets", "--json"))[0]["version"] == 2  # nothing written


def test_energy_balance_and_factor_set(cli_db: str, tmp_path: Path) -> None:
    sheet = tmp_path / "balance.xlsx"
    sheet.write_bytes(workbook(BODY))
    result = runner.invoke(app, ["import", str(sheet), "-d", "eb", "--energy-balance"])
    assert result.exit_code != 0 and "--region" in str(result.exception)
    lab = tmp_path / "lab.csv"
    lab.write_text("fuel,parameter,value,unit,source\n原煤,co2_factor,2,t/t,lab\n", "utf-8")
    assert "1 条 records" in _ok("factors-import", str(lab), "--name", "lab")
    out = _ok(
        "import", str(sheet), "-d", "eb", "--energy-balance", "-r", "六盘水", "-y", "2022",
        "--factor-set", "lab",
    )  # fmt: skip
    assert "23 行 rows" in out and "合计" in out
    shown = json.loads(_ok("show", "-d", "eb", "--json"))
    # raw coal burned 432 万吨 x 10,000 t x 2 t/t (the stored measured factor) = 8,640,000 t;
    # coke 858,125.6475 t and natural gas 86,487.55236 t as in test_energy_balance.py
    assert shown["stored_factor_set"] == "lab"
    assert shown["totals"]["territorial"] == pytest.approx(8_640_000 + 858_125.6475 + 86_487.55236)
    ind = json.loads(_ok("indicators", "-d", "eb", "-r", "520200", "-y", "2022", "--json"))
    names = {(i["name"], i["method"]) for i in ind["items"]}
    assert ("coal_share", "calorific") in names


def test_compare_with_platform_dataset(cli_db: str, tmp_path: Path) -> None:
    data = tmp_path / "zs.csv"
    data.write_text(CSV, encoding="utf-8")
    _ok("import", str(data), "-d", "zs")
    _ok("reference-import", "-d", "chen2020-county")
    body = json.loads(
        _ok("compare", "-d", "chen2020-county", "-r", "钟山区", "-y", "2017",
            "--platform-dataset", "zs", "--json")
    )  # fmt: skip
    assert body["subject"] == "platform:zs"
    assert body["totals"][0]["platform"] == pytest.approx(0.019003)  # 19,003 t in Mt
    both = runner.invoke(
        app, ["compare", "-d", "chen2020-county", "-r", "钟山区", "--platform-dataset", "zs",
              "--against", "ceads-city"],
    )  # fmt: skip
    assert both.exit_code != 0


def test_migration_0005_down_up_and_metadata(db_url: str) -> None:
    engine = get_engine(db_url)
    assert set(inspect(engine).get_table_names()) >= TABLES
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = [d for d in compare_metadata(context, metadata) if "inv_" in repr(d)]
    assert diff == []
    downgrade(db_url, "0004")
    assert not TABLES & set(inspect(engine).get_table_names())
    upgrade(db_url)
    assert set(inspect(engine).get_table_names()) >= TABLES


def test_demo_loader_is_idempotent(db_url: str) -> None:
    with session_scope(db_url) as db:
        first = load_demo_activity(db_session=db)
    with session_scope(db_url) as db:
        second = load_demo_activity(db_session=db)
        versions = service.list_versions(db_session=db, dataset=DATASET)
    assert "ILLUSTRATIVE" in first and "已导入 imported" in first
    assert "already loaded" in second and len(versions) == 1
    assert "ILLUSTRATIVE" in versions[0].note
    with session_scope(db_url) as db:
        inv = service.compute(db_session=db, dataset=DATASET).inventory
    assert is_illustrative(inv)
