"""Published coefficient tables reproduced: 1,000 t (or 10,000 m³) of each fuel through each
accounting method (核算方法), compared to 4 significant digits with the numbers the documents
publish. Each expected number is written here with its table reference.

Where a document gives no value for a fuel, the method's gap filler is named in the result's
``notes`` (tested below); those fuels are not compared with the document that lacks them.
"""

from __future__ import annotations

import math

import pytest

from carbonpeak.inventory.accounting.engine import calculate
from tests.inventory.helpers import activity

ZS = "520201"


def _co2_t(method: str, fuel: str, qty: float, unit: str) -> float:
    inv = calculate(activity((ZS, 2022, "1.A.2.a", fuel, qty, unit)), method=method)
    assert inv.method == method
    row = inv.row(ZS, 2022, "1.A.2.a", "CO2")
    assert row is not None and row.value is not None, (method, fuel)
    return row.value.value


def _sig4(x: float) -> float:
    return float(f"{x:.4g}")


# 省级温室气体清单编制指南（试行）2011 carbon content and oxidation with GB/T 2589-2020 heating
# values: the emission factors (tCO2/t; tCO2/10^4 m3 for gases) as published in the coefficient
# table built from them, as recorded in shared/reference/china_standards.md §2.2 ("EF computed"
# column; seed files citing the guideline and the Energy Statistical Yearbook appendix).
# Raw coal 1.9003 tCO2/t = 26.37 tC/TJ × 20.908 GJ/t × 0.94 × 44/12 (issue 11; oxidation 0.94).
PROVINCIAL_2011 = {
    # fuel: (published factor, per quantity, unit)
    "raw_coal": (1.9003, 1000, "t"),
    "coke": (2.8604, 1000, "t"),
    "crude_oil": (3.0202, 1000, "t"),
    "fuel_oil": (3.1705, 1000, "t"),
    "gasoline": (2.9251, 1000, "t"),
    "diesel": (3.0959, 1000, "t"),
    "lpg": (3.1013, 1000, "t"),
    "lng": (2.8313, 1000, "t"),
    "petroleum_coke": (3.2115, 1000, "t"),
    "natural_gas": (21.622, 10_000, "立方米"),
    "blast_furnace_gas": (8.4811, 10_000, "立方米"),
    "converter_gas": (15.124, 10_000, "立方米"),
    "coke_oven_gas": (8.8638, 10_000, "立方米"),
}


@pytest.mark.parametrize("fuel", sorted(PROVINCIAL_2011))
def test_provincial_2011_reproduces_the_published_factors(fuel: str) -> None:
    factor, qty, unit = PROVINCIAL_2011[fuel]
    # 1,000 t × factor (t/t), or 10,000 m³ = 1 × 10^4 m³ × factor (t/10^4 m³)
    published = factor * (1000 if unit == "t" else 1)
    assert _sig4(_co2_t("provincial-2011", fuel, qty, unit)) == _sig4(published)


def test_provincial_2011_raw_coal_uses_oxidation_094() -> None:
    # 1,000 t × 20.908 GJ/t = 20.908 TJ × 26.37 tC/TJ × 0.94 × 44/12 = 1,900.2988 t (1.9003 t/t)
    got = _co2_t("provincial-2011", "raw_coal", 1000, "t")
    assert got == pytest.approx(20.908 * 26.37 * 0.94 * 44 / 12, rel=1e-12)
    assert _sig4(got) == 1900.0  # 1.9003 × 1,000 to 4 significant digits
    # the 0.93 shipped before gave 1,880.08 t: 1.1 % low against the published 1.9003
    assert _sig4(20.908 * 26.37 * 0.93 * 44 / 12) == 1880.0


# NDRC enterprise GHG accounting guidelines (24 industries, 2013-2015), appendix 常用化石燃料相关
# 参数缺省值 (china_standards.md §2.1): NCV (GJ/t; GJ/10^4 Nm3), carbon content (tC/GJ), oxidation
# (%). CO2 of 1,000 t = 1,000 × NCV × CC × OF × 44/12.
NDRC = {
    "anthracite": (24.515, 0.02749, 0.94),
    "bituminous_coal": (23.204, 0.02618, 0.93),
    "lignite": (14.449, 0.02800, 0.96),
    "cleaned_coal": (26.344, 0.02540, 0.93),
    "briquette": (17.46, 0.03360, 0.90),
    "coke": (28.446, 0.02940, 0.93),
    "crude_oil": (42.62, 0.02010, 0.98),
    "fuel_oil": (40.19, 0.02110, 0.98),
    "gasoline": (44.80, 0.01890, 0.98),
    "diesel": (43.33, 0.02020, 0.98),
    "kerosene": (44.75, 0.01960, 0.98),
    "naphtha": (41.031, 0.0200, 0.98),
    "petroleum_coke": (31.00, 0.02750, 0.98),
    "refinery_gas": (46.05, 0.01820, 0.99),
    "lpg": (47.31, 0.01720, 0.99),
    "lng": (41.868, 0.01530, 0.99),
}
NDRC_GAS = {  # per 10^4 Nm3
    "natural_gas": (389.31, 0.01530, 0.99),
    "coke_oven_gas": (173.854, 0.01360, 0.99),
    "blast_furnace_gas": (37.69, 0.07080, 0.99),
    "converter_gas": (79.54, 0.04960, 0.99),
}


@pytest.mark.parametrize("fuel", sorted(NDRC))
def test_ndrc_enterprise_solids_and_liquids(fuel: str) -> None:
    ncv, cc, of = NDRC[fuel]
    expected = 1000 * ncv * cc * of * 44 / 12
    assert _sig4(_co2_t("ndrc-enterprise", fuel, 1000, "t")) == _sig4(expected)


@pytest.mark.parametrize("fuel", sorted(NDRC_GAS))
def test_ndrc_enterprise_gases(fuel: str) -> None:
    ncv, cc, of = NDRC_GAS[fuel]
    expected = ncv * cc * of * 44 / 12  # 10,000 m3 = 1 × 10^4 Nm3
    assert _sig4(_co2_t("ndrc-enterprise", fuel, 10_000, "立方米")) == _sig4(expected)


# 2006 IPCC Guidelines Vol. 2 ch. 1: NCV Table 1.2 (TJ/Gg) × default CO2 factor Table 1.4
# (kg CO2/TJ, oxidation 1) — shared/reference/inventory_anchors.md.
IPCC = {
    "anthracite": (26.7, 98_300),
    "bituminous_coal": (25.8, 94_600),
    "coking_coal": (28.2, 94_600),
    "lignite": (11.9, 101_000),
    "coke": (28.2, 107_000),
    "crude_oil": (42.3, 73_300),
    "gasoline": (44.3, 69_300),
    "diesel": (43.0, 74_100),
    "kerosene": (43.8, 71_900),
    "fuel_oil": (40.4, 77_400),
    "lpg": (47.3, 63_100),
}


@pytest.mark.parametrize("fuel", sorted(IPCC))
def test_ipcc_2006_table_1_4(fuel: str) -> None:
    ncv, ef = IPCC[fuel]
    expected = 1.0 * ncv * ef / 1000  # 1 Gg × TJ/Gg × kg/TJ → t
    assert _sig4(_co2_t("ipcc-2006", fuel, 1000, "t")) == _sig4(expected)


# The IPCC gases: Table 1.4 gives kg CO2/TJ (natural gas 56,100; coke oven gas 44,400) and
# Table 1.2 an NCV per mass (TJ/Gg), which a volume in m³ cannot use. 1 TJ of each, given as
# energy, is the table's own number: 1 TJ × 56,100 kg/TJ = 56.1 t; 1 TJ × 44,400 kg/TJ = 44.4 t,
# with no gap filled. (10,000 m³ take the GB/T 2589 heating value, named in the notes below.)
IPCC_GAS_PER_TJ = {"natural_gas": 56.1, "coke_oven_gas": 44.4}


@pytest.mark.parametrize("fuel", sorted(IPCC_GAS_PER_TJ))
def test_ipcc_2006_table_1_4_gases_per_tj(fuel: str) -> None:
    inv = calculate(activity((ZS, 2022, "1.A.2.a", fuel, 1, "TJ")), method="ipcc-2006")
    row = inv.row(ZS, 2022, "1.A.2.a", "CO2")
    assert row and row.value
    assert _sig4(row.value.value) == _sig4(IPCC_GAS_PER_TJ[fuel])
    assert [f.record.id for f in row.value.parts[0].factors] == [f"ipcc2006/{fuel}/co2_factor"]
    assert not inv.notes
    by_volume = calculate(
        activity((ZS, 2022, "1.A.2.a", fuel, 10_000, "立方米")), method="ipcc-2006"
    )
    assert any(f"ipcc2006 gives no ncv for {fuel}; gbt2589_2020 fills the gap" in n
               for n in by_volume.notes)  # fmt: skip


def test_ipcc_2006_gaps_are_named() -> None:
    # IPCC has no row for China's aggregate 原煤: GB/T 2589 NCV 20.908 GJ/t and the provincial
    # guideline carbon content 26.37 tC/TJ fill the gap, oxidation stays 1 (IPCC):
    # 20.908 × 26.37 × 1 × 44/12 = 2,021.59 t per 1,000 t
    inv = calculate(activity((ZS, 2022, "1.A.2.a", "raw_coal", 1000, "t")), method="ipcc-2006")
    row = inv.row(ZS, 2022, "1.A.2.a", "CO2")
    assert row and row.value
    assert row.value.value == pytest.approx(20.908 * 26.37 * 44 / 12, rel=1e-12)
    assert any("ipcc2006 gives no ncv for raw_coal" in n for n in inv.notes)
    assert any("carbon_content for raw_coal" in n for n in inv.notes)


def test_ceads_uses_its_implied_factor_and_says_which_document_fills_its_gaps() -> None:
    # raw coal in iron and steel (1.A.2.a): the CEADs implied factor 1.6659 t CO2/t
    # (ceads_implied), 1,000 t × 1.6659 = 1,665.9 t, with no gap note
    inv = calculate(activity((ZS, 2022, "1.A.2.a", "raw_coal", 1000, "t")), method="ceads")
    row = inv.row(ZS, 2022, "1.A.2.a", "CO2")
    assert row and row.value
    assert row.value.value == pytest.approx(1665.9, rel=1e-12)
    assert inv.method == "ceads"
    assert [f.record.id for f in row.value.parts[0].factors] == [
        "ceads_implied/raw_coal/co2_factor/1.A.2.a"
    ]
    assert not any("fills the gap" in n for n in inv.notes)
    # chemicals (1.A.2.c): the CEADs chemical sectors give no constant raw-coal factor, so the
    # provincial guideline's 1.9003 t/t fills the gap and the result says so
    inv = calculate(activity((ZS, 2022, "1.A.2.c", "raw_coal", 1000, "t")), method="ceads")
    row = inv.row(ZS, 2022, "1.A.2.c", "CO2")
    assert row and row.value
    assert row.value.value == pytest.approx(1900.3, rel=1e-12)
    assert any(
        "ceads_implied gives no co2_factor for raw_coal" in n
        and "cn_provincial_guideline_2011 fills the gap" in n
        for n in inv.notes
    )


def test_one_method_never_mixes_documents_silently() -> None:
    # kerosene under provincial-2011: the guideline has no kerosene row, so carbon content and
    # oxidation come from the enterprise guidelines, and the notes say so
    inv = calculate(activity((ZS, 2022, "1.A.2.a", "kerosene", 1000, "t")))
    assert inv.method == "provincial-2011"
    gaps = [n for n in inv.notes if "kerosene" in n]
    assert len(gaps) == 2 and all("cn_enterprise_guidelines fills the gap" in n for n in gaps)
    # 43.070 GJ/t (GB/T 2589) × 0.0196 tC/GJ × 0.98 × 44/12 × 1,000 = 3,033.3 t
    row = inv.row(ZS, 2022, "1.A.2.a", "CO2")
    assert row and row.value
    assert row.value.value == pytest.approx(43.070 * 0.0196 * 0.98 * 44 / 12 * 1000)
    assert math.isclose(_sig4(row.value.value), 3033.0)
