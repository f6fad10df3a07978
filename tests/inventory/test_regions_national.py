"""Every region of China (GB/T 2260 via yescallop/areacodes, CC0): names, former codes, parents,
and a city anywhere computes with its own province's or the national grid factor."""

from __future__ import annotations

import pytest

from carbonpeak.core.errors import InputError
from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.regions import CITY, factor_chain, find_region, members, region_code, regions
from tests.inventory.helpers import activity


def test_current_codes_of_every_level() -> None:
    table = regions()
    assert len([r for r in table.values() if r.level == "province"]) == 34  # 31 + 港 澳 台
    assert table["440300"].name_zh == "深圳市" and table["440300"].parent == "440000"
    # a Beijing district has no prefecture level: its parent is the municipality
    assert table["110105"].name_zh == "朝阳区" and table["110105"].parent == "110000"
    assert region_code("北京市朝阳区") == "110105"
    assert region_code("广东省深圳市南山区") == "440305"
    # the platform's own rows still win: English names, the city sum, the zone
    assert members(CITY) == ("520201", "520203", "520204", "520281")
    assert find_region("Liupanshui") is not None and region_code("六盘水") == CITY


def test_renamed_and_abolished_codes_lead_to_the_current_one() -> None:
    # 520221 水城县 (1987-2020) → 520204 水城区; 520222 盘县 (1999-2017) → 520281 盘州市
    assert region_code("520221") == "520204" and region_code("水城县") == "520204"
    assert region_code("520222") == "520281"
    # a former code with one current successor, outside the curated rows: 110103 崇文区 → 110101
    assert region_code("110103") == "110101"


def test_a_shared_name_is_not_guessed() -> None:
    with pytest.raises(InputError, match=r"ambiguous region '朝阳区'.*110105 北京市朝阳区"):
        region_code("朝阳区")
    with pytest.raises(InputError, match="unknown region '火星市': expected a GB/T 2260 code"):
        region_code("火星市")


def test_grid_region_and_province_factor_come_from_the_code() -> None:
    assert factor_chain("440305") == ("440305", "440300", "440000", "CN-South", "CN")
    assert factor_chain("110105") == ("110105", "110000", "CN-North", "CN")
    inv = calculate(
        activity(
            ("深圳市", 2022, "城镇居民", "电力", 10_000, "万千瓦时"),
            ("北京市朝阳区", 2022, "城镇居民", "电力", 10_000, "万千瓦时"),
        )
    )
    # 100,000 MWh × Guangdong 2022 0.4403 = 44,030 t; × Beijing 2022 0.558 = 55,800 t
    assert inv.total("440300", 2022, "scope2").value == pytest.approx(44_030)  # type: ignore[union-attr]
    assert inv.total("110105", 2022, "scope2").value == pytest.approx(55_800)  # type: ignore[union-attr]
    assert not any("110105 2022: no provincial" in n for n in inv.notes)


def test_an_activity_row_for_an_unknown_or_shared_region_names_row_field_and_expected() -> None:
    with pytest.raises(InputError, match=r"row 2, region: .*unknown region '火星市': expected"):
        activity(("火星市", 2022, "1.A.2.a", "原煤", 1, "万吨"))
    with pytest.raises(InputError, match=r"region: .*ambiguous region '朝阳区'"):
        activity(("朝阳区", 2022, "1.A.2.a", "原煤", 1, "万吨"))
