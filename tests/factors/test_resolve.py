"""Precedence: measured > provincial > national > IPCC, with what was passed over and why."""

from __future__ import annotations

import pytest

from carbonpeak.core.errors import FactorNotFound
from carbonpeak.factors import FactorRecord, FactorSet, resolve
from carbonpeak.regions import factor_chain

LPS = factor_chain("520201")  # 钟山区 > 六盘水 > 贵州 > CN-South > CN


def _measured(fuel: str, parameter: str, value: float, unit: str) -> FactorSet:
    rec = FactorRecord(
        id=f"lab/{fuel}/{parameter}",
        set_name="lab",
        parameter=parameter,
        value=value,
        unit=unit,
        fuel=fuel,
        tier="measured",
        publisher="plant lab",
        document="test report",
    )
    return FactorSet("lab", (rec,))


def test_a_user_override_wins_and_the_others_are_reported() -> None:
    res = resolve(
        "coke", "carbon_content", overrides=_measured("coke", "carbon_content", 30.1, "t/TJ")
    )
    assert res.record.id == "lab/coke/carbon_content" and res.value == 30.1
    passed = {p.record.id: p.reason for p in res.passed_over}
    assert passed["cn_provincial_guideline_2011/coke/carbon_content"] == (
        "lower precedence (tier): tier national after measured"
    )
    assert passed["ipcc2006/coke/carbon_content"].startswith("lower precedence (tier)")
    assert "cn_enterprise_guidelines/coke/carbon_content" in passed
    assert "used lab/coke/carbon_content" in res.explain()


def test_same_tier_goes_by_set_order() -> None:
    res = resolve("coke", "carbon_content")
    assert res.record.id == "cn_provincial_guideline_2011/coke/carbon_content"
    reasons = {p.record.id: p.reason for p in res.passed_over}
    assert reasons["cn_enterprise_guidelines/coke/carbon_content"] == (
        "lower precedence (set order): set cn_enterprise_guidelines after "
        "cn_provincial_guideline_2011"
    )


def test_grid_factor_guizhou_then_south_then_proxy_year() -> None:
    r2022 = resolve("electricity", "grid_factor", region=LPS, year=2022)
    assert (r2022.record.region, r2022.value, r2022.record.tier) == ("520000", 0.4989, "provincial")
    # 2023: no Guizhou value published in the reference; the southern grid region stands
    r2023 = resolve("electricity", "grid_factor", region=LPS, year=2023)
    assert (r2023.record.region, r2023.value) == ("CN-South", 0.4042)
    with pytest.raises(FactorNotFound):
        resolve("electricity", "grid_factor", region=LPS, year=2024)
    r2024 = resolve("electricity", "grid_factor", region=LPS, year=2024, allow_proxy_year=True)
    assert (r2024.record.region, r2024.record.year_from) == ("CN-South", 2023)
    assert "no record for 2024" in r2024.proxy
    r2005 = resolve("electricity", "grid_factor", region=LPS, year=2005, allow_proxy_year=True)
    assert (r2005.record.region, r2005.record.year_from) == ("520000", 2021)


def test_sector_class_and_fuel_class() -> None:
    manufacturing = resolve("raw_coal", "ch4_factor", sector=("1.A.2.a", "manufacturing"))
    residential = resolve("raw_coal", "ch4_factor", sector=("1.A.4.b", "residential"))
    assert (manufacturing.value, residential.value) == (10, 300)
    assert manufacturing.record.fuel == "class:coal"
    lpg = resolve("lpg", "ch4_factor", sector=("1.A.4.b", "residential"))
    assert (lpg.record.fuel, lpg.value) == ("lpg", 5)  # the fuel's own row before class:oil
    with pytest.raises(FactorNotFound, match="transport"):
        resolve("diesel", "ch4_factor", sector=("1.A.3", "transport"))


def test_units_that_cannot_apply_are_passed_over() -> None:
    res = resolve("natural_gas", "ncv", per="m**3", gives="GJ")
    assert res.record.id == "cn_enterprise_guidelines/natural_gas/ncv"
    reasons = {p.record.id: p.reason for p in res.passed_over}
    assert reasons["ipcc2006/natural_gas/ncv"] == "not applicable: TJ/Gg × m**3 is not GJ"
