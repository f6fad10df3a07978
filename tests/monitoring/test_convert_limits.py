"""tce and CO2 through the shared factor library; unit consumption against limits."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from carbonpeak.factors.resolve import FactorBook
from carbonpeak.monitoring.consumption.convert import Converter, comprehensive_sign, enterprise_co2
from carbonpeak.monitoring.consumption.limits import (
    classify,
    family,
    limits_for,
    national_limits,
    plan_limits,
    unit_consumption,
)
from carbonpeak.monitoring.model import Purpose


def test_tce_uses_gbt2589_coefficients_from_the_library() -> None:
    conv = Converter()
    assert conv.tce("raw_coal", 1000.0, "t") == pytest.approx(1000 * 0.7143)  # 0.7143 kgce/kg
    assert conv.tce("electricity", 1e6, "kWh") == pytest.approx(1e6 * 0.1229 / 1000)
    assert conv.tce("natural_gas", 1e4, "m**3") == pytest.approx(1e4 * 1.33 / 1000)
    assert conv.tce("coke", 2.0, "万吨") == pytest.approx(2e4 * 0.9714)
    factor = conv.tce_factor("raw_coal", "t")
    assert not isinstance(factor, str)
    assert factor.record_id == "gbt2589_2020/raw_coal/coal_coefficient"


def test_gas_without_a_coefficient_goes_through_its_ncv() -> None:
    factor = Converter().tce_factor("blast_furnace_gas", "m**3")
    assert not isinstance(factor, str)
    # default method provincial-2011: GB/T 2589 gives no blast-furnace gas NCV, the steel
    # guideline fills the gap: 33.0 GJ per 10^4 m3; 1 tce = 29.3076 GJ
    assert factor.per_unit == pytest.approx(33.0 / 1e4 / 29.3076)
    assert "NCV" in factor.note


def test_missing_factor_is_a_reason_not_a_zero() -> None:
    empty = Converter(FactorBook(sets=()))
    assert isinstance(empty.tce("raw_coal", 1.0, "t"), str)


def test_comprehensive_energy_signs() -> None:
    assert comprehensive_sign(Purpose.PURCHASED, "electricity") == 1
    assert comprehensive_sign(Purpose.TRANSFERRED_OUT, "coke") == -1
    assert comprehensive_sign(Purpose.SELF_GENERATED, "raw_coal") == 1  # coal mine
    assert comprehensive_sign(Purpose.SELF_GENERATED, "blast_furnace_gas") == 0  # recovered
    assert comprehensive_sign(Purpose.CONSUMED, "raw_coal") == 0


def test_co2_matches_the_inventory_formulas() -> None:
    book = FactorBook()
    coal = enterprise_co2({"raw_coal": (1000.0, "t")}, district="520201", year=2022, book=book)
    assert coal.indirect_t == 0
    assert coal.gaps == ()
    assert 1500 < coal.combustion_t < 2200  # about 1.9 tCO2/t of raw coal
    elec = enterprise_co2({"electricity": (1e6, "kWh")}, district="520201", year=2022, book=book)
    assert elec.combustion_t == 0
    assert 300 < elec.indirect_t < 700  # grid factor of the order 0.3-0.7 kg/kWh
    both = enterprise_co2(
        {"raw_coal": (1000.0, "t"), "electricity": (1e6, "kWh")},
        district="520201",
        year=2022,
        book=book,
    )
    assert both.total_t == pytest.approx(coal.total_t + elec.total_t)


@dataclass
class Bench:
    process: str
    indicator: str
    value: float
    unit: str
    comparator: str
    aspirational: bool = False
    source_text: str = "plan"


PLAN = [
    Bench("烧结工序", "烧结工序能耗", 45, "kgce/t", "<="),
    Bench("已建焦化工序", "已建焦化工序能耗", 135, "kgce/t", "<="),
    Bench("炼铁工序", "TRT发电量", 50, "kWh/t", ">="),
    Bench("炼铁工序", "炼铁工序能耗", 435, "kgce/t", "<="),
    Bench("炼铁工序", "能耗", 361, "kgce/t", "<=", aspirational=True),
    Bench("电解铝", "电解铝电耗", 13000, "kWh/t", "<="),
    Bench("水泥熟料", "水泥熟料能耗", 100, "kgce/t", "<"),
]


def test_plan_limits_keep_consumption_limits_only() -> None:
    limits = plan_limits(PLAN)
    assert [lim.indicator for lim in limits if lim.process == "炼铁工序"] == [
        "炼铁工序能耗",
        "能耗",
    ]
    assert {lim.grade for lim in limits} == {"plan", "plan-encouraged"}


def test_unit_consumption_and_classification() -> None:
    # sinter line: 46.8 tce of energy for 1000 t sinter -> 46.8 kgce/t
    values = unit_consumption(energy_tce=46.8, electricity_kwh=None, output_t=1000.0)
    assert values["energy"] == pytest.approx(46.8 * 1000 / 1000)
    result = classify("烧结工序", values, [*plan_limits(PLAN), *national_limits()])
    assert result.status == "exceeded"  # plan 45 exceeded; national 3级 52 met
    assert [c.limit.grade for c in result.exceeded] == ["plan"]
    assert result.grade == "3"  # 46.8 > 46 (2级), <= 52 (3级)
    ok = classify("烧结工序", {"energy": 44.0, "electricity": None}, plan_limits(PLAN))
    assert ok.status == "within"


def test_aluminium_limit_is_electricity_per_tonne() -> None:
    values = unit_consumption(energy_tce=9999.0, electricity_kwh=13_100 * 500.0, output_t=500.0)
    assert values["electricity"] == pytest.approx(13_100)
    result = classify("电解铝", values, plan_limits(PLAN))
    assert [c.limit.value for c in result.exceeded] == [13000]


def test_strict_comparator_and_encouraged_limit() -> None:
    cement = classify("水泥熟料", {"energy": 100.0, "electricity": None}, plan_limits(PLAN))
    assert cement.status == "exceeded"  # < 100 is not met by exactly 100
    iron = classify("炼铁工序", {"energy": 400.0, "electricity": None}, plan_limits(PLAN))
    assert iron.status == "within"  # 鼓励 361 missed, but it does not bind
    assert [c.met for c in iron.checks] == [True, False]


def test_no_output_gives_no_unit_consumption() -> None:
    assert unit_consumption(energy_tce=5.0, electricity_kwh=1.0, output_t=0.0) == {
        "energy": None,
        "electricity": None,
    }
    assert classify("烧结工序", {"energy": None}, plan_limits(PLAN)).status == "no_limit"


def test_national_limits_are_sourced_and_matched_by_family() -> None:
    assert family("已建焦化工序") == "焦化工序"
    coke = limits_for("已建焦化工序", national_limits())
    assert sorted(lim.value for lim in coke) == [110, 110, 135]
    assert all("GB 21342-2025" in lim.source for lim in coke)
