"""Energy in tce (GB/T 2589 coefficients; calorific vs coal-equivalent method), non-fossil and
coal shares, CO2 intensity change against 2005, transformation and non-energy use in the energy
account: worked examples with the arithmetic written out."""

from __future__ import annotations

import pytest

from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.inventory.accounting.indicators import indicators
from carbonpeak.inventory.accounting.trace import NotAvailable, Traced
from tests.inventory.helpers import activity

ZS = "520201"


def _v(m: object) -> float:
    assert isinstance(m, Traced), m
    return m.value


# Two years of 钟山区 (literal data, not statistics):
#   2005: raw coal 10 万吨 in iron and steel; GDP 20 亿元 (2020 prices)
#   2022: raw coal 10 万吨; hydro 1 亿千瓦时 generated; 发电煤耗 300 gce/kWh; GDP 50 亿元
DATA = activity(
    (ZS, 2005, "1.A.2.a", "原煤", 10, "万吨"),
    (ZS, 2005, "", "gdp@2020", 20, "亿元"),
    (ZS, 2022, "1.A.2.a", "原煤", 10, "万吨"),
    (ZS, 2022, "", "水电发电量", 10_000, "万千瓦时"),
    (ZS, 2022, "", "power_coal_rate", 300, "克标准煤/千瓦时"),
    (ZS, 2022, "", "gdp@2020", 50, "亿元"),
)


def test_energy_by_two_methods_and_non_fossil_share() -> None:
    # coal 100,000 t × 0.7143 kgce/kg (GB/T 2589)        = 71,430 tce
    # hydro 100,000,000 kWh × 0.1229 kgce/kWh (calorific) = 12,290 tce -> total 83,720 tce
    # hydro 100,000,000 kWh × 300 gce/kWh (coal-equiv.)   = 30,000 tce -> total 101,430 tce
    # non-fossil share: 12,290 / 83,720 = 14.6799 %; 30,000 / 101,430 = 29.5771 %
    # coal share: 71,430 / 83,720 = 85.3201 %; 71,430 / 101,430 = 70.4229 %
    t = indicators(calculate(DATA), ZS, 2022)
    assert _v(t.get("energy_consumption", "calorific")) == pytest.approx(83_720.0)
    assert _v(t.get("energy_consumption", "coal_equivalent")) == pytest.approx(101_430.0)
    assert _v(t.get("nonfossil_share", "calorific")) == pytest.approx(12_290 / 83_720 * 100)
    assert _v(t.get("nonfossil_share", "coal_equivalent")) == pytest.approx(30_000 / 101_430 * 100)
    assert _v(t.get("coal_share", "calorific")) == pytest.approx(71_430 / 83_720 * 100)
    assert _v(t.get("coal_share", "coal_equivalent")) == pytest.approx(71_430 / 101_430 * 100)


def test_co2_intensity_change_against_2005() -> None:
    # CO2 both years = 100,000 t × 1.9003 = 190,030 t
    # intensity 2005 = 190,030 t / 200,000 万元 = 0.95015 t/万元
    # intensity 2022 = 190,030 t / 500,000 万元 = 0.38006 t/万元
    # change = (0.38006 / 0.95015 − 1) × 100 = (20/50 − 1) × 100 = −60 %
    # energy intensity (calorific): 83,720 / 500,000 = 0.16744 vs 71,430 / 200,000 = 0.35715
    #   change = (0.16744 / 0.35715 − 1) × 100 = −53.1177 %
    t = indicators(calculate(DATA), ZS, 2022)
    assert t.price_year == 2020
    assert _v(t.get("co2_intensity", "regional_energy_co2")) == pytest.approx(0.38006)
    change = t.get("co2_intensity_change_vs_2005", "regional_energy_co2")
    assert _v(change) == pytest.approx(-60.0)
    assert _v(t.get("energy_intensity_change_vs_2005", "calorific")) == pytest.approx(
        (0.16744 / 0.35715 - 1) * 100
    )
    # no 2020 inventory: not available, with the reason (never 0)
    vs2020 = t.get("co2_intensity_change_vs_2020", "regional_energy_co2")
    assert isinstance(vs2020, NotAvailable) and "no inventory for 520201 2020" in vs2020.reason


def test_coal_equivalent_needs_the_power_coal_rate() -> None:
    data = [r for r in DATA if r.fuel != "power_coal_rate"]
    t = indicators(calculate(data), ZS, 2022)
    m = t.get("energy_consumption", "coal_equivalent")
    assert isinstance(m, NotAvailable) and "power_coal_rate" in m.reason
    assert _v(t.get("energy_consumption", "calorific")) == pytest.approx(83_720.0)


def test_gbt2589_coefficients_through_the_energy_account() -> None:
    # coke 1 万吨 × 0.9714 kgce/kg = 9,714 tce; diesel 1 万吨 × 1.4571 = 14,571 tce;
    # natural gas 1 亿立方米 × 1.33 kgce/m³ = 133,000 tce;
    # anthracite has no coefficient in the sets: 10,000 t × 22.867 GJ/t (provincial-2011: GB/T
    #   2589 has no anthracite row, the steel guideline fills the gap)
    #   = 228,670 GJ ÷ 29.3076 GJ/tce = 7,802.41 tce
    # total = 9,714 + 14,571 + 133,000 + 7,802.41 = 165,087.41 tce
    inv = calculate(
        activity(
            (ZS, 2022, "1.A.2.a", "焦炭", 1, "万吨"),
            (ZS, 2022, "1.A.3", "柴油", 1, "万吨"),
            (ZS, 2022, "1.A.4.b", "天然气", 1, "亿立方米"),
            (ZS, 2022, "1.A.2.a", "无烟煤", 1, "万吨"),
        )
    )
    account = inv.energy[(ZS, 2022)]
    energy = account.total["calorific"]
    assert isinstance(energy, Traced)
    parts = {p.activity_ids[0].split("/")[3]: p.value for p in energy.parts if p.activity_ids}
    assert parts["coke"] == pytest.approx(9_714.0)
    assert parts["diesel"] == pytest.approx(14_571.0)
    assert parts["natural_gas"] == pytest.approx(133_000.0)
    assert parts["anthracite"] == pytest.approx(228_670 / 29.3076)
    assert energy.value == pytest.approx(9_714 + 14_571 + 133_000 + 228_670 / 29.3076)
    assert any("derived from its NCV" in n for n in energy.all_notes())


def test_transformation_and_non_energy_use_in_the_energy_account() -> None:
    # coking: cleaned coal in 5 万吨 (counted: 50,000 t × 0.9 = 45,000 tce), coke out 3.5 万吨
    # (subtracted: 35,000 t × 0.9714 = 33,999 tce), the coke burned in iron and steel (+33,999).
    # Energy = 45,000 − 33,999 + 33,999 = 45,000 tce: the coal entered once.
    # Non-energy natural gas 0.1 亿立方米 × 1.33 kgce/m³ = 13,300 tce counts as energy use,
    # but gives no combustion CO2 (excluded with the reason).
    # Power: raw coal into a thermal plant −10 万吨 (counted: 100,000 t × 0.7143 = 71,430 tce);
    # the 25 亿千瓦时 it generates is secondary energy and not added again.
    # Energy = 45,000 + 13,300 + 71,430 = 129,730 tce; coal = 45,000 + 71,430 = 116,430 tce
    # CO2: the coke burned, 3.5 × 28,604.18825 t (test_combustion), plus the power-plant coal
    # 190,029.8849 t (test_combustion); the coking coal is not burned here
    inv = calculate(
        activity(
            (ZS, 2022, "炼焦", "洗精煤", -5, "万吨"),
            (ZS, 2022, "炼焦", "焦炭", 3.5, "万吨"),
            (ZS, 2022, "1.A.2.a", "焦炭", 3.5, "万吨"),
            (ZS, 2022, "化学原料和化学制品制造业|非能源使用", "天然气", 0.1, "亿立方米"),
            (ZS, 2022, "火力发电", "原煤", -10, "万吨"),
            (ZS, 2022, "火力发电", "电力", 250_000, "万千瓦时"),
        )
    )
    account = inv.energy[(ZS, 2022)]
    assert _v(account.total["calorific"]) == pytest.approx(45_000 + 13_300 + 71_430)
    assert _v(account.coal) == pytest.approx(45_000.0 + 71_430)
    assert _v(inv.total(ZS, 2022, "territorial")) == pytest.approx(
        28_604.18825 * 3.5 + 190_029.8849
    )
    reasons = {e.activity_id: e.reason for e in inv.excluded}
    assert "non-energy" in reasons["520201/2022/1.A.2.c/natural_gas/non_energy"]
