"""`carbonpeak inventory calc/explain/indicators/export --input FILE`: no database needed.

The worked example (钟山区 2022), arithmetic written out:

  raw coal, 1 万吨 = 10,000 t in iron and steel, with the measured factors of ``FACTORS``:
    energy   = 10,000 t × 20.908 GJ/t           = 209,080 GJ = 209.08 TJ
    carbon   = 209.08 TJ × 26.37 tC/TJ           = 5,513.4396 tC
    oxidised = 5,513.4396 × 0.94                 = 5,182.633224 tC
    CO2      = 5,182.633224 × 44/12              = 19,002.988488 t
    CH4      = 209.08 TJ × 10 kg/TJ (IPCC coal, manufacturing)  = 2.0908 t
    N2O      = 209.08 TJ × 1.5 kg/TJ                             = 0.31362 t
  electricity consumed by households, 1 亿千瓦时 = 100,000 MWh × 0.4989 t/MWh (Guizhou 2022)
    scope 2 = 49,890 t
  net import (5,000 − 2,000 万千瓦时) = 30,000 MWh × 0.4989 = 14,967 t
    regional energy CO2 = 19,002.988488 + 14,967 = 33,969.988488 t
  CO2e AR5 = 19,002.988488 + 2.0908 × 28 + 0.31362 × 265
           = 19,002.988488 + 58.5424 + 83.1093 = 19,144.640188 t
  CO2e AR6 = 19,002.988488 + 2.0908 × 29.8 (fossil CH4) + 0.31362 × 273
           = 19,002.988488 + 62.30584 + 85.61826 = 19,150.912588 t
  AR6 − AR5 = 3.76344 + 2.50896 = 6.2724 t
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from carbonpeak.inventory.cli import app

runner = CliRunner()

ACTIVITY = """region,year,sector,fuel,quantity,unit,source,note
钟山区,2022,黑色金属冶炼和压延加工业,原煤,1,万吨,test,
钟山区,2022,城镇居民,电力,10000,万千瓦时,test,
钟山区,2022,,调入电量,5000,万千瓦时,test,
钟山区,2022,,调出电量,2000,万千瓦时,test,
钟山区,2022,,gdp@2020,10,亿元,test,
"""
FACTORS = """fuel,parameter,value,unit,source
原煤,ncv,20.908,GJ/t,lab report 2022-07
原煤,carbon_content,26.37,t/TJ,lab report 2022-07
原煤,oxidation,0.94,dimensionless,boiler test
"""
CO2 = 19_002.988488
CO2E_AR5 = CO2 + 2.0908 * 28 + 0.31362 * 265
CO2E_AR6 = CO2 + 2.0908 * 29.8 + 0.31362 * 273


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    act, fac = tmp_path / "activity.csv", tmp_path / "lab.csv"
    act.write_text(ACTIVITY, encoding="utf-8")
    fac.write_text(FACTORS, encoding="utf-8")
    return act, fac


def _calc(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["calc", *args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def test_worked_example(files: tuple[Path, Path]) -> None:
    act, fac = files
    data = _calc("--input", str(act), "--factors", str(fac))
    totals = data["totals"]
    assert totals["co2_t"] == pytest.approx(CO2, rel=1e-12)
    assert totals["territorial"] == pytest.approx(CO2, rel=1e-12)
    assert totals["co2e_t"] == pytest.approx(19_144.640188, rel=1e-12)
    assert totals["co2e_t"] == pytest.approx(CO2E_AR5, rel=1e-12)
    assert totals["scope2"] == pytest.approx(49_890.0, rel=1e-12)
    assert totals["regional_energy_co2"] == pytest.approx(33_969.988488, rel=1e-12)
    assert totals["lulucf_co2e_t"] is None
    assert "no LULUCF rows" in data["totals_detail"]["lulucf_co2e_t"]["reason"]
    assert data["gwp_set"] == "AR5" and (data["region"], data["year"]) == ("520201", 2022)
    assert data["illustrative"] is False
    assert "lab" in data["factor_sets"]
    gases = {g["gas"]: g for g in data["by_gas"]}
    assert gases["CH4"]["value_t"] == pytest.approx(2.0908)
    assert gases["N2O"]["co2e_t"] == pytest.approx(83.1093)
    sectors = {s["category"]: s for s in data["by_sector"]}
    assert sectors["1.A.2.a"]["gases_t"]["CO2"] == pytest.approx(CO2)
    assert sectors["S2.electricity"]["scope"] == 2
    ids = {f["id"] for f in data["factor_records"]}
    assert "lab/row2/raw_coal/ncv" in ids
    assert "cn_grid_factors/electricity/grid_factor/520000/2022" in ids
    assert any(r["category"] == "1.A.1.a" and r["notation"] == "NE" for r in data["rows"])


def test_gwp_switch_changes_co2e_by_hand_computed_amount(files: tuple[Path, Path]) -> None:
    act, fac = files
    ar5 = _calc("--input", str(act), "--factors", str(fac))["totals"]
    ar6 = _calc("--input", str(act), "--factors", str(fac), "--gwp", "AR6")["totals"]
    assert ar6["co2e_t"] == pytest.approx(19_150.912588, rel=1e-12)
    assert ar6["co2e_t"] - ar5["co2e_t"] == pytest.approx(6.2724, rel=1e-9)
    assert ar6["co2_t"] == ar5["co2_t"]  # CO2 itself does not change
    sar = _calc("--input", str(act), "--factors", str(fac), "--gwp", "SAR")["totals"]
    # SAR: CH4 21, N2O 310 -> 2.0908 × 21 + 0.31362 × 310 = 43.9068 + 97.2222
    assert sar["co2e_t"] == pytest.approx(CO2 + 43.9068 + 97.2222, rel=1e-12)


def test_default_factors_and_by_fuel(files: tuple[Path, Path]) -> None:
    act, _ = files
    data = _calc("--input", str(act), "--by", "fuel")
    # default raw-coal CO2 factor 1.9003 t/t: 10,000 t × 1.9003 = 19,003 t
    assert data["totals"]["co2_t"] == pytest.approx(19_003.0)
    fuels = {(f["fuel"], f["gas"]): f for f in data["by_fuel"]}
    assert fuels[("raw_coal", "CO2")]["value_t"] == pytest.approx(19_003.0)
    assert fuels[("electricity", "CO2")]["value_t"] == pytest.approx(49_890.0)


def test_bad_input_names_row_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(ACTIVITY + "钟山区,2022,1.A.2.a,原煤,abc,万吨,test,\n", encoding="utf-8")
    result = runner.invoke(app, ["calc", "--input", str(bad), "--json"])
    assert result.exit_code != 0
    assert "row 7, quantity" in str(result.exception)
    result = runner.invoke(app, ["calc", "--input", str(bad), "--gwp", "AR9"])
    assert result.exit_code != 0


def test_explain_and_fuel_filter(files: tuple[Path, Path]) -> None:
    act, fac = files
    result = runner.invoke(
        app,
        ["explain", "-i", str(act), "--factors", str(fac), "-r", "钟山区", "-y", "2022",
         "-s", "黑色金属冶炼和压延加工业", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    ex = json.loads(result.output)
    assert ex["value"] == pytest.approx(CO2)
    steps = {s["label"]: s["value"] for s in ex["terms"][0]["steps"]}
    assert steps["energy = quantity × NCV"] == pytest.approx(209_080.0)
    assert steps["carbon = energy × carbon content"] == pytest.approx(5_513.4396)
    assert steps["oxidised carbon = carbon × oxidation"] == pytest.approx(5_182.633224)
    roles = {f["role"]: f for f in ex["factors"]}
    assert roles["NCV"]["source"].startswith("user, lab report 2022-07")
    assert ex["activity"][0]["quantity"] == pytest.approx(10_000.0)
    result = runner.invoke(
        app,
        ["explain", "-i", str(act), "-r", "520201", "-y", "2022", "-s", "regional_energy_co2",
         "--fuel", "调入电量"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "electricity_imported" in result.output and "14967" in result.output


def test_indicators_from_file(files: tuple[Path, Path]) -> None:
    act, _ = files
    result = runner.invoke(
        app, ["indicators", "-i", str(act), "-r", "钟山区", "-y", "2022", "--json"]
    )
    assert result.exit_code == 0, result.output
    items = {(i["name"], i["method"]): i for i in json.loads(result.output)["items"]}
    # GDP 10 亿元 = 100,000 万元; CO2 intensity = 33,969.988488 / 100,000 t/万元
    assert items[("gdp", "")]["value"] == pytest.approx(100_000.0)
    assert items[("co2_intensity", "regional_energy_co2")]["value"] == pytest.approx(0.33969988488)
    assert items[("co2_change_vs_2005", "territorial")]["value"] is None
    assert "2005" in items[("co2_change_vs_2005", "territorial")]["reason"]


def test_export_xlsx_numbers(files: tuple[Path, Path], tmp_path: Path) -> None:
    act, fac = files
    out = tmp_path / "inv.xlsx"
    result = runner.invoke(
        app, ["export", "-i", str(act), "--factors", str(fac), "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == [
        "省级清单汇总",
        "GPC",
        "指标 indicators",
        "清单明细 rows",
        "说明 about",
    ]
    table = {
        str(r[0]).strip(): r[1:] for r in book["省级清单汇总"].iter_rows(values_only=True) if r[0]
    }
    energy = table["能源活动 energy"]
    assert energy[0] == pytest.approx(CO2)
    assert energy[1] == pytest.approx(2.0908) and energy[2] == pytest.approx(0.31362)
    assert energy[4] == pytest.approx(CO2E_AR5)
    assert table["制造业和建筑业 manufacturing and construction"][0] == pytest.approx(CO2)
    assert table["交通运输 transport"][0] == "NE"
    assert table["备忘: 外购电力热力间接排放 scope 2"][0] == pytest.approx(49_890.0)
    assert table["备忘: 净调入电力 net imported electricity"][0] == pytest.approx(14_967.0)
    gpc = {r[0]: r for r in book["GPC"].iter_rows(values_only=True) if r[0]}
    assert gpc["I.3"][2] == pytest.approx(CO2E_AR5)
    assert gpc["I.1"][3] == pytest.approx(49_890.0)  # households' electricity -> I.1 scope 2
    assert book["说明 about"]["B2"].value == "AR5"
    result = runner.invoke(app, ["export", "-i", str(act), "-o", str(tmp_path / "x.csv")])
    assert result.exit_code != 0 and ".xlsx" in str(result.exception)
