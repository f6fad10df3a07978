"""Grid factors by one documented rule: provincial of the year > regional grid of the year >
national of the year > nearest published year (direction said); every fallback is a note.

MEE/NBS 电力二氧化碳排放因子 (factors/data/cn_grid_factors.csv): Guizhou 520000 2021 0.5182,
2022 0.4989 (no 2023 value published in the reference); southern grid CN-South 2021 0.4326,
2022 0.3869, 2023 0.4042; national 2021 0.5568, 2022 0.5366, 2023 0.5306 tCO2/MWh.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbonpeak.core.errors import InputError
from carbonpeak.inventory.accounting.electricity import parse_grid_years
from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.inventory.cli import app
from tests.inventory.helpers import activity

ZS = "520201"
MWH = 100_000  # 1 亿千瓦时 = 10,000 万千瓦时 = 100,000 MWh


def _s2(year: int, grid_years: dict[int, int] | None = None) -> tuple[float, tuple[str, ...]]:
    inv = calculate(
        activity((ZS, year, "城镇居民", "电力", 10_000, "万千瓦时")), grid_years=grid_years
    )
    row = inv.row(ZS, year, "S2.electricity", "CO2")
    assert row is not None and row.value is not None
    return row.value.value, inv.notes


def test_provincial_factor_of_the_year_needs_no_note() -> None:
    value, notes = _s2(2022)
    assert value == pytest.approx(MWH * 0.4989)  # 49,890 t
    assert not [n for n in notes if n.startswith("grid factor")]


def test_2023_falls_back_to_the_southern_grid_and_says_so() -> None:
    # no Guizhou 2023 factor: the southern grid's 2023 factor 0.4042 → 40,420 t (−19 % vs 0.4989)
    value, notes = _s2(2023)
    assert value == pytest.approx(MWH * 0.4042)
    (note,) = [n for n in notes if n.startswith("grid factor")]
    assert "no provincial (520000) factor for 2023" in note and "regional grid CN-South" in note


def test_years_before_the_first_published_factor() -> None:
    # the rule: the nearest published year, 2021 (later), Guizhou 0.5182 → 51,820 t
    value, notes = _s2(2005)
    assert value == pytest.approx(MWH * 0.5182)
    assert any("2005" in n and "nearest published year 2021 (later)" in n for n in notes)
    # chosen by the user: 2005-2020 use the 2022 factor 0.4989 → 49,890 t, and the note says so
    value, notes = _s2(2005, parse_grid_years("2005-2020=2022"))
    assert value == pytest.approx(MWH * 0.4989)
    assert any("2005 uses the 2022 grid factor" in n and "--grid-factor-years" in n for n in notes)


def test_years_after_the_last_published_factor() -> None:
    # 2024: nearest published year 2023 (earlier); in 2023 Guizhou has none → CN-South 0.4042
    value, notes = _s2(2024)
    assert value == pytest.approx(MWH * 0.4042)
    assert any("nearest published year 2023 (earlier)" in n for n in notes)
    assert any("no provincial (520000) factor for 2023" in n for n in notes)


def test_the_2005_base_year_says_which_factor_it_used() -> None:
    inv = calculate(
        activity(
            (ZS, 2005, "", "调入电量", 10_000, "万千瓦时"),
            (ZS, 2005, "1.A.2.a", "原煤", 1, "万吨"),
        )
    )
    total = inv.totals[(ZS, 2005)]["regional_energy_co2"]
    notes = " ".join(total.all_notes())  # type: ignore[union-attr]
    assert "grid factor of 520201 2005" in notes and "2021 (later)" in notes


def test_grid_years_option_parsing() -> None:
    assert parse_grid_years("2005-2007=2021") == {2005: 2021, 2006: 2021, 2007: 2021}
    assert parse_grid_years("2010=2022, 2005=2021") == {2010: 2022, 2005: 2021}
    assert parse_grid_years("2021")[2020] == 2021 and 2021 not in parse_grid_years("2021")
    with pytest.raises(InputError, match=r"--grid-factor-years 'x=2021'.*FROM-TO=YEAR"):
        parse_grid_years("x=2021")


def test_cli_grid_factor_years(tmp_path: Path) -> None:
    act = tmp_path / "a.csv"
    act.write_text(
        "region,year,sector,fuel,quantity,unit\n钟山区,2010,城镇居民,电力,10000,万千瓦时\n",
        encoding="utf-8",
    )
    out = CliRunner().invoke(
        app, ["calc", "-i", str(act), "--grid-factor-years", "2005-2020=2022", "--json"]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["totals"]["scope2"] == pytest.approx(MWH * 0.4989)
    assert any("2010 uses the 2022 grid factor" in n for n in data["notes"])
