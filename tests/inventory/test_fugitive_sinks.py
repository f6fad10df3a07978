"""Coal-mine methane flaring, forest stock change, wetland and the karst memo: worked examples
with the arithmetic written out (removals are negative)."""

from __future__ import annotations

import pytest

from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.inventory.accounting.result import Inventory
from carbonpeak.inventory.accounting.trace import Traced
from tests.inventory.helpers import activity, measured

ZS = "520201"
# normal m³ (0 °C, 101.325 kPa): ρ(CH4) = 16.043 × 101.325 / (8.314462618 × 273.15) kg/m³
RHO_KG_M3 = 16.043 * 101.325 / (8.314462618 * 273.15)


def _value(inv: Inventory, year: int, category: str, gas: str = "CO2") -> float:
    row = inv.row(ZS, year, category, gas)
    assert row is not None and row.value is not None, (category, gas, row)
    return row.value.value


def _total(inv: Inventory, year: int, name: str) -> float:
    m = inv.total(ZS, year, name)
    assert isinstance(m, Traced), m
    return m.value


def test_flaring_co2_is_ch4_times_44_over_16() -> None:
    # 100 万吨 high-gas coal: mining CH4 = 1,000,000 t × 12.06 kg/t = 12,060 t (IPCC Tier 1)
    # flared 1000 万立方米 = 10,000,000 m³ × ρ / 1000 = 7,157.7 t CH4 (subtracted)
    # flaring CO2 = 7,157.7 t × 44/16 = 19,683.7 t, reported in 1.B.1.a.i.1
    inv = calculate(
        activity(
            (ZS, 2022, "", "coal_output_high_gas", 100, "万吨"),
            (ZS, 2022, "", "瓦斯火炬燃烧量", 1000, "万立方米"),
        )
    )
    flared = 10_000_000 * RHO_KG_M3 / 1000
    assert flared == pytest.approx(7_157.7, rel=1e-4)
    assert _value(inv, 2022, "1.B.1.a.i.1", "CH4") == pytest.approx(12_060 - flared, rel=1e-9)
    assert _value(inv, 2022, "1.B.1.a.i.1", "CO2") == pytest.approx(flared * 44 / 16, rel=1e-9)
    assert _value(inv, 2022, "1.B.1.a.i.1", "CO2") == pytest.approx(19_683.7, rel=1e-4)
    # fugitive CO2 is scope 1: in the territorial total (nothing else here)
    assert _total(inv, 2022, "territorial") == pytest.approx(flared * 44 / 16, rel=1e-9)


def test_recovery_above_mining_is_flagged() -> None:
    # 1 万吨 low-gas coal: 10,000 t × 12.06 kg/t = 120.6 t CH4; 1000 万立方米 recovered = 7,157.7 t
    inv = calculate(
        activity(
            (ZS, 2022, "", "coal_output_low_gas", 1, "万吨"),
            (ZS, 2022, "", "cmm_recovered", 1000, "万立方米"),
        )
    )
    row = inv.row(ZS, 2022, "1.B.1.a.i.1", "CH4")
    assert row is not None and row.partial and "check data" in row.explanation


def test_forest_stock_change_chain() -> None:
    # stock volume 1000 万立方米 (2020) -> 1100 万立方米 (2022):
    #   ΔV per year = (11,000,000 − 10,000,000) m³ / 2 a = 500,000 m³/a
    #   stem dry matter = 500,000 × 0.45 t/m³ (SVD)       = 225,000 t
    #   biomass = 225,000 × 1.5 (BEF) × (1 + 0.2) (R)      = 405,000 t
    #   carbon = 405,000 × 0.47 (IPCC CF)                  = 190,350 t C
    #   CO2 = −190,350 × 44/12                             = −697,950 t (a removal)
    # raw coal 100 万吨 × 1.9003 t/t = 1,900,300 t
    #   territorial (gross, excl. LULUCF) = 1,900,300; co2_t (net) = 1,900,300 − 697,950
    lab = measured(
        ("forest", "wood_density", 0.45, "t/m**3"),
        ("forest", "bef", 1.5, "dimensionless"),
        ("forest", "root_shoot_ratio", 0.2, "dimensionless"),
    )
    inv = calculate(
        activity(
            (ZS, 2020, "", "森林蓄积量", 1000, "万立方米"),
            (ZS, 2022, "", "forest_stock_volume", 1100, "万立方米"),
            (ZS, 2022, "1.A.2.a", "raw_coal", 100, "万吨"),
        ),
        overrides=lab,
    )
    assert _value(inv, 2022, "3.B.1.a") == pytest.approx(-697_950.0)
    row = inv.row(ZS, 2022, "3.B.1.a", "CO2")
    assert row is not None and row.value is not None
    steps = {s.label: s.value for s in row.value.parts[0].steps}
    assert steps["ΔV per year"] == pytest.approx(500_000.0)
    assert steps["stem dry matter = ΔV × SVD"] == pytest.approx(225_000.0)
    assert steps["biomass = stem × BEF × (1 + R)"] == pytest.approx(405_000.0)
    assert steps["carbon = biomass × CF"] == pytest.approx(190_350.0)
    assert "ipcc2006/forest/carbon_fraction" in {u.record.id for u in row.value.all_factors()}
    assert _total(inv, 2022, "territorial") == pytest.approx(1_900_300.0)
    assert _total(inv, 2022, "co2_t") == pytest.approx(1_900_300.0 - 697_950.0)
    assert _total(inv, 2022, "lulucf_co2e_t") == pytest.approx(-697_950.0)
    # the first year has no earlier stock: NE with the reason
    first = inv.row(ZS, 2020, "3.B.1.a", "CO2")
    assert first is not None and first.notation == "NE"
    assert "earlier year" in first.explanation


def test_forest_without_species_parameters_is_ne() -> None:
    inv = calculate(
        activity(
            (ZS, 2020, "", "forest_stock_volume", 1000, "万立方米"),
            (ZS, 2022, "", "forest_stock_volume", 1100, "万立方米"),
        )
    )
    row = inv.row(ZS, 2022, "3.B.1.a", "CO2")
    assert row is not None and row.value is None and row.notation == "NE"
    assert "forest parameters missing" in row.explanation and "wood_density" in row.explanation


def test_karst_memo_is_not_in_any_total_and_wetland_is_a_data_gap() -> None:
    # karst 100 km², no catchment: mean of the three Guizhou fluxes (29 + 33 + 39) / 3 t/km²/a
    #   CO2 = −100 × 101/3 = −3,366.667 t (memo); range −3,900 to −2,900 t
    # raw coal 1 万吨 × 1.9003 = 19,003 t
    inv = calculate(
        activity(
            (ZS, 2022, "", "岩溶(碳酸盐岩)面积", 100, "平方公里"),
            (ZS, 2022, "", "wetland_area", 500, "公顷"),
            (ZS, 2022, "1.A.2.a", "raw_coal", 1, "万吨"),
        )
    )
    assert _value(inv, 2022, "M.karst") == pytest.approx(-100 * (29 + 33 + 39) / 3)
    karst = inv.row(ZS, 2022, "M.karst", "CO2")
    assert karst is not None and karst.value is not None
    assert "range -3900 to -2900 t CO2" in " ".join(karst.value.all_notes())
    assert _total(inv, 2022, "karst_memo_t") == pytest.approx(-3_366.6667, rel=1e-6)
    for name in ("territorial", "co2_t"):
        assert _total(inv, 2022, name) == pytest.approx(19_003.0)
    assert _total(inv, 2022, "co2e_t") == pytest.approx(
        _total(inv, 2022, "co2e_gross_t")  # no LULUCF number: wetland is NE
    )
    wetland = inv.row(ZS, 2022, "3.B.4", "CO2")
    assert wetland is not None and wetland.notation == "NE"
    assert "data gap" in wetland.explanation
