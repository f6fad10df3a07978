"""The ILLUSTRATIVE Liupanshui demo dataset: labelled, reproducible, and calibrated so that the
reference comparison (1.A + 2.A.1 CO2) matches the published county series (Chen et al. 2020)."""

from __future__ import annotations

import csv
import gc
import importlib.util
import io
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbonpeak.core.memory import gc_paused
from carbonpeak.core.units import quantity, unit_of
from carbonpeak.inventory.accounting.context import is_a
from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.inventory.accounting.indicators import indicator_tables, indicators
from carbonpeak.inventory.accounting.result import Inventory
from carbonpeak.inventory.accounting.trace import Traced
from carbonpeak.inventory.demo.dataset import (
    CALIBRATED_YEARS,
    COUNTY_CODES,
    DEMO_DATASET,
    DEMO_PATH,
    DEMO_README,
    DEMO_YEARS,
    ILLUSTRATIVE_NOTE,
    demo_activity,
)
from carbonpeak.inventory.model import ActivityRecord
from carbonpeak.inventory.reference.compare import compare, in_reference_scope, platform_rows
from carbonpeak.inventory.reference.model import ReferenceValue
from carbonpeak.inventory.reference.read import read_reference

from .helpers import activity

ROOT = Path(__file__).resolve().parents[2]
CITY = "520200"


@pytest.fixture(scope="module")
def inv() -> Inventory:
    return calculate(demo_activity())


@pytest.fixture(scope="module")
def county() -> list[ReferenceValue]:
    source = ROOT / "src/carbonpeak/data/reference/chen2020_county_co2.csv.gz"
    return read_reference("chen2020-county", source)


def _value(m: object) -> float:
    assert isinstance(m, Traced), m
    return m.value


def test_every_row_and_the_readme_say_illustrative() -> None:
    rows = list(csv.DictReader(io.StringIO(DEMO_PATH.read_text(encoding="utf-8"))))
    assert len(rows) > 3000
    assert all(r["source"].startswith(f"ILLUSTRATIVE {DEMO_DATASET}") for r in rows)
    assert all(r["note"].startswith("ILLUSTRATIVE") for r in rows)
    readme = DEMO_README.read_text(encoding="utf-8")
    for word in ("ILLUSTRATIVE", "示意", "Chen J. et al. 2020", "Scientific Data", "高新区"):
        assert word in readme
    assert "示意数据" in ILLUSTRATIVE_NOTE and "Illustrative data" in ILLUSTRATIVE_NOTE


def test_regions_and_years() -> None:
    recs = demo_activity()
    assert {r.region for r in recs} == set(COUNTY_CODES)  # no city row, no 高新区 row
    assert {r.year for r in recs} == set(DEMO_YEARS)
    assert demo_activity() is not demo_activity()  # a fresh list each call
    notes = {r.year: r.note for r in recs if r.fuel == "clinker"}
    assert "calibrated to Chen et al. 2020" in notes[2017]
    assert "trend extension" in notes[2018]


def test_the_comparison_matches_the_county_series(
    inv: Inventory, county: list[ReferenceValue]
) -> None:
    """What ``carbonpeak inventory compare`` shows: every district-year of the bundled Chen et
    al. 2020 series inside the demo years, platform within 0.1 % of the reference."""
    checked = 0
    for district, code in COUNTY_CODES.items():
        result = compare(
            platform_rows(inv, district), county, dataset="chen2020-county", region=code
        )
        published = {v.year for v in county if v.region_code == code and v.year in DEMO_YEARS}
        for row in result.totals:
            if row.year not in published:
                continue
            assert row.relative_difference is not None, (district, row.year)
            assert abs(row.relative_difference) < 1e-3, (district, row.year, row)
            checked += 1
    assert checked == 4 * len(CALIBRATED_YEARS) == 52


def test_territorial_exceeds_the_compared_total_by_what_is_out_of_scope(inv: Inventory) -> None:
    """``territorial`` = compared (1.A + 2.A.1) + other IPPU (2.C steel, aluminium) + 1.B."""
    for district in COUNTY_CODES:
        rows = platform_rows(inv, district)
        for year in CALIBRATED_YEARS:
            inside = sum(t for y, c, t in rows if y == year and in_reference_scope(c))
            outside = sum(t for y, c, t in rows if y == year and not in_reference_scope(c))
            got = inv.totals[(district, year)].value("territorial")
            assert got == pytest.approx(inside + outside, rel=1e-12)
    steel = [c for y, c, t in platform_rows(inv, "520201") if y == 2017 and t > 0]
    assert "2.C.1" in steel and not in_reference_scope("2.C.1")
    assert not in_reference_scope("1.B.1.a") and not in_reference_scope("2.C.3")
    assert (
        in_reference_scope("1.A.1.a") and in_reference_scope("2.A.1") and in_reference_scope(None)
    )


def test_city_is_the_sum_of_its_districts(inv: Inventory) -> None:
    for year in DEMO_YEARS:
        city = inv.totals[(CITY, year)]
        assert city.derived_from_districts
        parts = [inv.totals[(d, year)].value("territorial") or 0.0 for d in COUNTY_CODES]
        assert city.value("territorial") == pytest.approx(sum(parts), rel=1e-12)
    # 2005 compared CO2 (1.A + 2.A.1): 5.96686 + 1.78198 + 4.16083 + 13.13857 Mt (Chen et al.
    # 2020, rounded here)
    compared = sum(t for y, c, t in platform_rows(inv, CITY) if y == 2005 and in_reference_scope(c))
    assert compared == pytest.approx((5.96686 + 1.78198 + 4.16083 + 13.13857) * 1e6, rel=1e-5)


def test_power_coal_row_by_hand(inv: Inventory) -> None:
    """1.A.1.a CO2 of 盘州市 2020 = power coal (t) x 20.908 GJ/t x 26.37 tC/TJ x 0.94 x 44/12
    (raw coal under provincial-2011: 1.900299 tCO2/t, published 1.9003)."""
    coal = next(
        r
        for r in demo_activity()
        if (r.region, r.year, r.sector, r.fuel) == ("520281", 2020, "1.A.1.a", "raw_coal")
    )
    tonnes = -float(coal.quantity.to("t").magnitude)
    row = inv.row("520281", 2020, "1.A.1.a", "CO2")
    assert row is not None and row.value is not None
    assert row.value.value == pytest.approx(tonnes * 20.908e-3 * 26.37 * 0.94 * 44 / 12, rel=1e-9)
    assert inv.method == "provincial-2011"


def test_indicators_move_toward_the_plan_targets(inv: Inventory) -> None:
    share = {
        y: _value(indicators(inv, CITY, y).get("nonfossil_share", "coal_equivalent"))
        for y in DEMO_YEARS
    }
    assert share[2005] == pytest.approx(5.0, abs=0.01)
    assert share[2024] == pytest.approx(19.0, abs=0.01)  # plan: about 20 % in 2025
    assert all(share[y] < share[y + 1] for y in DEMO_YEARS[:-1])
    table = indicators(inv, CITY, 2024)
    fall = _value(table.get("co2_intensity_change_vs_2005", "territorial"))
    assert -65.0 < fall < -40.0  # on the way to the plan's -65 % by 2030, not past it
    for year in DEMO_YEARS:  # a net power exporter in every year
        net = inv.row(CITY, year, "M.electricity_net_import", "CO2")
        assert net is not None and net.value is not None and net.value.value < 0
        assert _value(inv.total(CITY, year, "regional_energy_co2")) < _value(
            inv.total(CITY, year, "territorial")
        )
    for region, year in inv.region_years:
        t = indicators(inv, region, year)
        assert isinstance(t.get("gdp"), Traced) and isinstance(t.get("population"), Traced)
        assert t.price_year == 2020


def test_indicator_tables_equal_one_by_one(inv: Inventory) -> None:
    tables = indicator_tables(inv)
    assert set(tables) == set(inv.region_years)
    for key in [(CITY, 2005), ("520201", 2017), (CITY, 2024)]:
        one = indicators(inv, *key)
        assert [(i.name, i.method, i.unit) for i in tables[key].items] == [
            (i.name, i.method, i.unit) for i in one.items
        ]
        assert [getattr(i.value, "value", None) for i in tables[key].items] == [
            getattr(i.value, "value", None) for i in one.items
        ]


def test_activity_for_indexes_by_region_and_year(inv: Inventory) -> None:
    want = [a for a in inv.activity if a.region == "520203" and a.year == 2010]
    assert list(inv.activity_for("520203", 2010)) == want
    assert inv.activity_for(CITY, 2010) == ()


def test_unit_helpers_cache_and_agree_with_pint() -> None:
    recs: list[ActivityRecord] = activity(
        ("520201", 2020, "1.A.2.a", "raw_coal", "3", "万吨"),
        ("520201", 2020, "1.A.4.b", "natural_gas", "2", "万立方米"),
    )
    coal, gas = recs
    assert unit_of(coal.quantity) == str(coal.quantity.units) == "metric_ton"
    assert unit_of(quantity(7, "吨")) == "metric_ton"
    assert is_a(coal, "t") and not is_a(coal, "m**3")
    assert is_a(gas, "m**3") and not is_a(gas, "t")


def test_gc_paused_restores_the_collector_state() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # was off before: stays off
    finally:
        gc.enable()


def test_generator_reproduces_the_file(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_demo_inventory", ROOT / "scripts" / "make_demo_inventory.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        rows = module.build()
        out = tmp_path / "demo.csv"
        module.write(rows, out)
        assert out.read_bytes() == DEMO_PATH.read_bytes()
    finally:
        sys.modules.pop(spec.name, None)


@given(
    value=st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False),
    unit=st.sampled_from(["万吨", "吨", "亿立方米", "万立方米", "万千瓦时", "tce", "GJ"]),
)
def test_importer_unit_cache_gives_what_quantity_gives(value: float, unit: str) -> None:
    """The importer parses each unit text once; the quantity is the one ``quantity`` makes."""
    fuel = "natural_gas" if "立方米" in unit else "raw_coal"
    if unit == "万千瓦时":
        fuel = "electricity"
    (rec,) = activity(("520201", 2020, "1.A.2.a", fuel, repr(value), unit))
    want = quantity(value, unit)
    assert rec.quantity.magnitude == want.magnitude
    assert rec.quantity.units == want.units
