"""Notation keys (NO/NE/IE/C) with their explanation, the district-sum rule (pure core and the
engine's roll-up), GWP switching SAR/AR4/AR5/AR6 against factors/data/gwp.csv, and bad inputs
named by row and field. Arithmetic written out."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from carbonpeak.core.errors import InputError
from carbonpeak.inventory.accounting.engine import calculate, with_gwp
from carbonpeak.inventory.accounting.result import Inventory
from carbonpeak.inventory.accounting.trace import Traced
from carbonpeak.inventory.activity.parse import parse_activity_rows
from carbonpeak.inventory.model import ActivityRecord
from carbonpeak.regions import district_sum, members
from tests.inventory.helpers import activity, measured

ZS, LZ, SC, PZ, CITY = "520201", "520203", "520204", "520281", "520200"
COAL_T = 10_000 * 1.9003  # 1 万吨 raw coal × 1.9003 tCO2/t = 19,003 t


def _rows(*rows: dict[str, object]) -> list[ActivityRecord]:
    return parse_activity_rows([{"unit": "", "note": "", **r} for r in rows], source="test")


def _total(inv: Inventory, region: str, year: int, name: str) -> float:
    m = inv.total(region, year, name)
    assert isinstance(m, Traced), m
    return m.value


# ---- notation keys ---------------------------------------------------------------------------


def test_notation_keys_carry_their_explanation() -> None:
    inv = calculate(
        _rows(
            {"region": ZS, "year": 2022, "sector": "1.A.2.a", "fuel": "原煤", "quantity": 1,
             "unit": "万吨"},
            {"region": ZS, "year": 2022, "sector": "1.A.2.a", "fuel": "焦炭", "quantity": "IE",
             "note": "coke reported with raw coal"},
            {"region": ZS, "year": 2022, "sector": "1.A.3", "fuel": "柴油", "quantity": "NO",
             "note": "no transport in this test"},
            {"region": ZS, "year": 2022, "sector": "1.A.4.b", "fuel": "天然气", "quantity": "C",
             "note": "one supplier: confidential"},
            {"region": ZS, "year": 2022, "sector": "", "fuel": "clinker", "quantity": "ne",
             "note": "survey not done"},
        )
    )  # fmt: skip
    coal = inv.row(ZS, 2022, "1.A.2.a", "CO2")
    # IE beside a number: the number is complete, the IE record is noted
    assert coal and coal.value and coal.value.value == pytest.approx(COAL_T)
    assert not coal.partial and coal.explanation.startswith("IE: ")
    assert "coke reported with raw coal" in coal.explanation
    for category, key, text in (
        ("1.A.3", "NO", "no transport"),
        ("1.A.4.b", "C", "confidential"),
        ("2.A.1", "NE", "survey not done"),
    ):
        row = inv.row(ZS, 2022, category, "CO2")
        assert row is not None and row.value is None and row.notation == key
        assert text in row.explanation
    # NO and IE are not gaps of a total; NE and C are named in its notes
    notes = " ".join(inv.totals[(ZS, 2022)]["territorial"].all_notes())  # type: ignore[union-attr]
    assert "1.A.4.b CO2" in notes and "2.A.1 CO2" in notes
    assert "1.A.3 CO2" not in notes and "1.A.2.a CO2" not in notes
    assert _total(inv, ZS, 2022, "territorial") == pytest.approx(COAL_T)


def test_ne_beside_a_number_makes_the_cell_partial() -> None:
    inv = calculate(
        _rows(
            {"region": ZS, "year": 2022, "sector": "1.A.2.a", "fuel": "原煤", "quantity": 1,
             "unit": "万吨"},
            {"region": ZS, "year": 2022, "sector": "1.A.2.a", "fuel": "焦炭", "quantity": "NE",
             "note": "coke use unknown"},
        )
    )  # fmt: skip
    row = inv.row(ZS, 2022, "1.A.2.a", "CO2")
    assert row is not None and row.partial
    assert row.explanation.startswith("partly not estimated") and "coke use unknown" in (
        row.explanation
    )


def test_a_notation_key_needs_an_explanation() -> None:
    with pytest.raises(InputError, match="row 2, note"):
        _rows({"region": ZS, "year": 2022, "sector": "1.A.3", "fuel": "柴油", "quantity": "NO"})


# ---- the district-sum rule -------------------------------------------------------------------


def test_district_sum_rule_pure() -> None:
    assert members(CITY) == (ZS, LZ, SC, PZ)  # the high-tech zone is not a member
    # all four report: city = 1 + 2 + 3 + 4 = 10
    full = district_sum(CITY, None, {ZS: 1.0, LZ: 2.0, SC: 3.0, PZ: 4.0})
    assert full.complete and full.total == 10.0 and full.difference is None
    # all report and the city has its own figure 10.5: the sum stands, the difference is shown
    own = district_sum(CITY, 10.5, {ZS: 1.0, LZ: 2.0, SC: 3.0, PZ: 4.0})
    assert own.total == 10.0 and own.difference == pytest.approx(0.5)
    assert "differs by 0.5" in own.explanation
    # 盘州市 missing: the city's figure 12 stands; difference 12 − (1 + 2 + 3) = 6
    part = district_sum(CITY, 12.0, {ZS: 1.0, LZ: 2.0, SC: 3.0, PZ: None})
    assert not part.complete and part.missing == (PZ,)
    assert part.total == 12.0 and part.difference == pytest.approx(6.0)
    assert part.district_total == pytest.approx(6.0) and "盘州市" in part.explanation
    # missing districts and no city figure: not available
    none = district_sum(CITY, None, {ZS: 1.0})
    assert none.total is None and "not available" in none.explanation


def test_engine_rolls_up_only_when_all_districts_report() -> None:
    # 1, 2, 3, 4 万吨 raw coal in the four districts: city = 10 万吨 × 10,000 × 1.9003 = 190,030 t
    # 六枝特区 reports coal in 1.A.2.a as NO: the city row is complete (NO is not a gap)
    rows = [(d, 2022, "1.A.2.a", "原煤", n, "万吨") for d, n in ((ZS, 1), (SC, 3), (PZ, 4))]
    rows += [(LZ, 2022, "1.A.4.b", "原煤", 2, "万吨")]
    records = activity(*rows) + _rows(
        {"region": LZ, "year": 2022, "sector": "1.A.2.a", "fuel": "原煤", "quantity": "NO",
         "note": "no iron and steel"}
    )  # fmt: skip
    inv = calculate(records)
    assert inv.totals[(CITY, 2022)].derived_from_districts
    assert _total(inv, CITY, 2022, "territorial") == pytest.approx(190_030.0)
    city = inv.row(CITY, 2022, "1.A.2.a", "CO2")
    assert city and city.value and city.value.value == pytest.approx(8 * 10_000 * 1.9003)
    assert not city.partial and "NO" in city.explanation
    # without 盘州市 there is no city inventory (no own figure, a district missing)
    inv = calculate(activity(*[r for r in rows if r[0] != PZ]))
    assert (CITY, 2022) not in inv.totals


# ---- GWP sets --------------------------------------------------------------------------------


def _gwp_csv() -> dict[tuple[str, str, str], float]:
    path = resources.files("carbonpeak.factors") / "data" / "gwp.csv"
    with path.open(encoding="utf-8") as fh:
        return {
            (r["gas"], r["variant"], r["edition"]): float(r["value"]) for r in csv.DictReader(fh)
        }


def test_gwp_switching_follows_the_table() -> None:
    table = _gwp_csv()
    # the table itself (100-year GWPs): SAR 21/310, AR4 25/298, AR5 28/265, AR6 27.0 non-fossil
    # (fossil 29.8)/273; PFCs in every set (test_ippu.py)
    assert table[("CH4", "", "SAR")] == 21 and table[("N2O", "", "SAR")] == 310
    assert table[("CH4", "", "AR4")] == 25 and table[("N2O", "", "AR4")] == 298
    assert table[("CH4", "", "AR5")] == 28 and table[("N2O", "", "AR5")] == 265
    assert table[("CH4", "", "AR6")] == 27.0 and table[("CH4", "fossil", "AR6")] == 29.8
    assert table[("N2O", "", "AR6")] == 273
    # raw coal 1 万吨: CO2 19,002.988488 t (provincial-2011, test_combustion), CH4 2.0908 t
    # (fossil), N2O 0.31362 t;
    # landfill 1 万吨 × 0.05 t/t (a factor written for this test) = 500 t CH4 (biogenic)
    lab = measured(("landfill_waste", "ch4_factor", 0.05, "t/t"))
    inv = calculate(
        activity(
            (ZS, 2022, "1.A.2.a", "原煤", 1, "万吨"), (ZS, 2022, "", "landfill_waste", 1, "万吨")
        ),
        overrides=lab,
    )
    expected = {
        # SAR: 19,003 + 2.0908 × 21 + 0.31362 × 310 + 500 × 21 = 19,003 + 43.9068 + 97.2222 + 10,500
        "SAR": 19_002.988488 + 43.9068 + 97.2222 + 10_500,
        # AR4: 19,003 + 2.0908 × 25 + 0.31362 × 298 + 500 × 25 = 19,003 + 52.27 + 93.45876 + 12,500
        "AR4": 19_002.988488 + 52.27 + 93.45876 + 12_500,
        # AR5: 19,003 + 2.0908 × 28 + 0.31362 × 265 + 500 × 28 = 19,003 + 58.5424 + 83.1093 + 14,000
        "AR5": 19_002.988488 + 58.5424 + 83.1093 + 14_000,
        # AR6: fossil CH4 29.8 for coal, non-fossil 27.0 for landfill (Table 7.15):
        #      19,002.988488 + 62.30584 + 0.31362 × 273 (85.61826) + 500 × 27.0 (13,500)
        "AR6": 19_002.988488 + 62.30584 + 85.61826 + 13_500,
    }
    for name, value in expected.items():
        switched = with_gwp(inv, name)
        assert _total(switched, ZS, 2022, "co2e_gross_t") == pytest.approx(value, rel=1e-12)
        # the same numbers from the table (the fossil value where the set has one)
        ch4_fossil = table.get(("CH4", "fossil", name), table[("CH4", "", name)])
        from_table = (
            19_002.988488 + 2.0908 * ch4_fossil + 0.31362 * table[("N2O", "", name)]
            + 500 * table[("CH4", "", name)]
        )  # fmt: skip
        assert value == pytest.approx(from_table, rel=1e-12)
        assert _total(switched, ZS, 2022, "co2_t") == pytest.approx(19_002.988488)  # CO2 unchanged
    # with_gwp gives what calculate(gwp_set=...) gives
    direct = calculate(inv.activity, overrides=lab, gwp_set="AR6")
    assert _total(direct, ZS, 2022, "co2e_gross_t") == pytest.approx(expected["AR6"])
    with pytest.raises(InputError, match="AR9"):
        with_gwp(inv, "AR9")


# ---- bad inputs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "where"),
    [
        ({"fuel": "煤饼干", "quantity": 1, "unit": "万吨"}, "row 2, fuel: 未知能源品种"),
        ({"fuel": "原煤", "quantity": 1, "unit": "bogus_unit"}, "row 2, unit: 未知单位"),
        ({"fuel": "原煤", "quantity": 1, "unit": "m**3"}, "row 2, unit: 单位不匹配"),
        ({"fuel": "原煤", "quantity": -1, "unit": "万吨"}, "row 2, quantity: 不允许负数"),
        ({"fuel": "原煤", "quantity": "lots", "unit": "万吨"}, "row 2, quantity: 不是数字"),
        ({"fuel": "原煤", "quantity": 1, "unit": "万吨", "uncertainty_pct": "-5"},
         "row 2, uncertainty_pct"),
        ({"fuel": "gdp", "quantity": 1, "unit": "亿元"}, "row 2, fuel: gdp 需要价格基年"),
        ({"fuel": "原煤", "quantity": 1, "unit": "万吨", "region": "北京"}, "row 2, region"),
        ({"fuel": "原煤", "quantity": 1, "unit": "万吨", "year": "20x2"}, "row 2, year"),
        ({"fuel": "原煤", "quantity": 1, "unit": "万吨", "sector": ""}, "row 2, sector"),
    ],
)  # fmt: skip
def test_bad_rows_name_row_and_field(row: dict[str, object], where: str) -> None:
    base = {"region": ZS, "year": 2022, "sector": "1.A.2.a"}
    with pytest.raises(InputError) as info:
        _rows({**base, **row})
    assert where in str(info.value)


def test_negative_allowed_only_for_transformation_inputs() -> None:
    # a coke-oven input is written negative (energy-balance sign); fine there: −5 万吨 = −50,000 t
    (rec,) = activity((ZS, 2022, "炼焦", "洗精煤", -5, "万吨"))
    assert rec.use == "transformation" and rec.quantity.to("t").magnitude == -50_000


def test_duplicates_and_several_problems_at_once() -> None:
    rows = [
        {"region": ZS, "year": 2022, "sector": "1.A.2.a", "fuel": "原煤", "quantity": 1,
         "unit": "万吨"},
        {"region": "钟山区", "year": 2022, "sector": "黑色金属冶炼和压延加工业", "fuel": "raw_coal",
         "quantity": 2, "unit": "万吨"},
        {"region": ZS, "year": 2022, "sector": "1.A.2.a", "fuel": "焦炭", "quantity": -1,
         "unit": "万吨"},
    ]  # fmt: skip
    with pytest.raises(InputError) as info:
        _rows(*rows)
    text = str(info.value)
    assert "row 3, fuel: 重复 / duplicate key of row 2" in text
    assert "row 4, quantity" in text
    assert [(p.row, p.field) for p in info.value.problems] == [(3, "fuel"), (4, "quantity")]
    # records made without the importer are checked by the engine too
    (one,) = activity((ZS, 2022, "1.A.2.a", "原煤", 1, "万吨"))
    with pytest.raises(InputError, match="duplicate"):
        calculate([one, one])
