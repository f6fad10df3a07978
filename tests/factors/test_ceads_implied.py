"""The CEADs implied CO2 factors (set ``ceads_implied``, method ``ceads``): published CEADs cells
reproduced from their published fuel use.

Each case is one cell of the CEADs provincial inventories for Guizhou 2019: the fuel use of the
energy inventory (``省级能源清单_2019.xlsx``, sheet Guizhou2019, 10^4 t or 10^8 m³) and the CO2 of
the emission inventory (``Emission_Inventories_for_30_Provinces_2019.xlsx``, Mt; the project's
shared extract ``ceads_province_sector_fuel_co2.csv.gz``), both copied here as published. The
factors are rounded to 4 significant decimals, so a cell is reproduced to 1e-4 relative.
"""

from __future__ import annotations

import pytest

from carbonpeak.factors import find_method, load_set
from carbonpeak.inventory.accounting.engine import calculate
from tests.inventory.helpers import activity

GZ = "520000"
# (IPCC sector of the CEADs sector, fuel, CEADs fuel use, unit, CEADs CO2 in Mt)
GUIZHOU_2019 = [
    # Nonmetal Mineral Products, Raw Coal: 95.9895 × 10^4 t × 1.7921 t/t = 1.72023 Mt
    ("1.A.2.f", "raw_coal", 95.98950644161232, "万吨", 1.7202551228341882),
    # Rural households, Raw Coal: 408.57 × 10^4 t × 1.4630 = 5.97738 Mt
    ("1.A.4.b", "raw_coal", 408.57, "万吨", 5.977223387806711),
    # Smelting and Pressing of Ferrous Metals, Coke: 183.2903 × 10^4 t × 2.8766 = 5.27258 Mt
    ("1.A.2.a", "coke", 183.29032179121128, "万吨", 5.272509310374503),
    # Transport, Storage, Post and Telecommunications, Diesel Oil: 239.48 × 3.0938 = 7.40903 Mt
    ("1.A.3", "diesel", 239.48, "万吨", 7.40907873916606),
    # Transport ..., Gasoline: 211.49 × 10^4 t × 2.9267 = 6.18968 Mt
    ("1.A.3", "gasoline", 211.49, "万吨", 6.189775098798035),
    # Urban households, Natural Gas: 7.8 × 10^8 m³ × 21.6073 t/10^4 m³ = 1.68537 Mt
    ("1.A.4.b", "natural_gas", 7.8, "亿立方米", 1.685368616255536),
]


@pytest.mark.parametrize(("sector", "fuel", "used", "unit", "ceads_mt"), GUIZHOU_2019)
def test_published_ceads_cells_are_reproduced(
    sector: str, fuel: str, used: float, unit: str, ceads_mt: float
) -> None:
    inv = calculate(activity((GZ, 2019, sector, fuel, used, unit)), method="ceads")
    row = inv.row(GZ, 2019, sector, "CO2")
    assert row and row.value
    assert row.value.value / 1e6 == pytest.approx(ceads_mt, rel=1e-4)
    (part,) = row.value.parts
    assert [f.record.set_name for f in part.factors] == ["ceads_implied"]
    assert not any("fills the gap" in n for n in inv.notes)


def test_the_provincial_method_gives_other_numbers_for_the_same_cells() -> None:
    # the cells are not reproduced by the default method: raw coal in nonmetal minerals gives
    # 95.99 × 10^4 t × 20.908 GJ/t × 26.37 tC/TJ × 0.94 × 44/12 = 1.8241 Mt against CEADs' 1.7203
    sector, fuel, used, unit, ceads_mt = GUIZHOU_2019[0]
    inv = calculate(activity((GZ, 2019, sector, fuel, used, unit)))
    row = inv.row(GZ, 2019, sector, "CO2")
    assert row and row.value
    assert row.value.value / 1e6 == pytest.approx(used * 20.908 * 26.37 * 0.94 * 44 / 12 / 1e5)
    assert abs(row.value.value / 1e6 / ceads_mt - 1) > 0.05


def test_the_set_is_derived_and_says_so() -> None:
    recs = load_set("ceads_implied").records
    assert len(recs) == 72
    assert {r.status for r in recs} == {"DERIVED"}
    assert {r.parameter for r in recs} == {"co2_factor", "process_factor"}
    assert all("not read in the papers' factor table" in r.note for r in recs)
    ceads = find_method("ceads")
    assert ceads.co2_paths[0] == "direct"
    assert ceads.sets_for("co2_factor")[0] == "ceads_implied"
    assert ceads.sets_for("carbon_content")[0] == "ceads_shan2018"  # the paper table: not found


def test_coal_products_differ_by_sector_in_one_proportion() -> None:
    # CEADs' coal factors differ by sector by the same ratio for raw coal and cleaned coal (an
    # oxidation rate by sector times one carbon content per fuel): raw / cleaned = 0.7937 in
    # every sector both cover, e.g. 1.A.2.f 1.7921 / 2.2581, 1.A.3 1.4630 / 1.8433
    by = {(r.fuel, r.sector): r.value for r in load_set("ceads_implied").records}
    shared = [s for (f, s) in by if f == "raw_coal" and ("cleaned_coal", s) in by]
    assert len(shared) == 14
    for sector in shared:
        assert by[("raw_coal", sector)] / by[("cleaned_coal", sector)] == pytest.approx(
            0.7937, abs=2e-4
        )


def test_cement_output_under_ceads_and_under_the_other_methods() -> None:
    # 1 万吨 cement under ceads: 10,000 t × 0.2906 t CO2/t = 2,906 t in 2.A.1
    inv = calculate(activity((GZ, 2019, "", "水泥产量", 1, "万吨")), method="ceads")
    row = inv.row(GZ, 2019, "2.A.1", "CO2")
    assert row and row.value
    assert row.value.value == pytest.approx(2906.0)
    # the MEE guideline counts clinker, not cement: no factor for cement output, NE with why
    inv = calculate(activity((GZ, 2019, "", "cement", 1, "万吨")))
    row = inv.row(GZ, 2019, "2.A.1", "CO2")
    assert row and row.value is None and row.notation == "NE"
    # with clinker in the same data the clinker basis is used and cement output is excluded
    inv = calculate(
        activity((GZ, 2019, "", "clinker", 1, "万吨"), (GZ, 2019, "", "cement", 1, "万吨")),
        method="ceads",
    )
    row = inv.row(GZ, 2019, "2.A.1", "CO2")
    assert row and row.value
    assert row.value.value == pytest.approx(5350.0)  # 10,000 t clinker × 0.535
    reasons = {e.activity_id: e.reason for e in inv.excluded}
    assert "clinker basis is used" in reasons["520000/2019/2.A.1/cement"]
