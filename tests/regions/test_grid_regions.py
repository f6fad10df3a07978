"""Every province's regional grid (regions/data/grid_regions.csv) and what a city in any province
gets as its electricity factor.

Membership: the CDM notice 中国区域电网基准线排放因子 lists
华北 北京 天津 河北 山西 山东 内蒙古(西部); 东北 辽宁 吉林 黑龙江 内蒙古(东部);
华东 上海 江苏 浙江 安徽 福建; 华中 河南 湖北 湖南 江西 (四川 重庆);
西北 陕西 甘肃 青海 宁夏 新疆; 南方 广东 广西 云南 贵州 海南. The MEE/NBS 2021+ series adds 西南
(四川, 重庆, 西藏: inferred, marked INFERRED in the data).
Factors (MEE/NBS, tCO2/MWh): 北京 2022 0.558; 西南 2023 0.2472; 华北 2023 0.6361;
national 2023 0.5306 (factors/data/cn_grid_factors.csv).
"""

from __future__ import annotations

import pytest

from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.regions import factor_chain, grid_region_note, grid_regions, regions
from tests.inventory.helpers import activity

MWH = 100_000  # 10,000 万千瓦时


def test_every_current_province_has_a_row() -> None:
    provinces = {c for c, r in regions().items() if r.level == "province"}
    assert len(provinces) == 34
    assert provinces <= set(grid_regions())


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("110105", "CN-North"),  # 北京市朝阳区
        ("370200", "CN-North"),  # 青岛
        ("210100", "CN-Northeast"),  # 沈阳
        ("320100", "CN-East"),  # 南京
        ("420100", "CN-Central"),  # 武汉
        ("510100", "CN-Southwest"),  # 成都 (MEE/NBS 西南, inferred)
        ("610100", "CN-Northwest"),  # 西安
        ("440300", "CN-South"),  # 深圳
        ("520201", "CN-South"),  # 钟山区
    ],
)
def test_a_city_finds_its_regional_grid(code: str, region: str) -> None:
    chain = factor_chain(code)
    assert region in chain and chain[-1] == "CN"


def test_inner_mongolia_is_split_and_says_why() -> None:
    chain = factor_chain("150100")  # 呼和浩特
    assert not any(c.startswith("CN-") for c in chain)
    note = grid_region_note("150100")
    assert "蒙西" in note and "蒙东" in note
    assert grid_region_note("110105") == ""
    assert grid_regions()["540000"]["status"] == "INFERRED"


def _s2(code: str, year: int) -> tuple[float, tuple[str, ...]]:
    inv = calculate(activity((code, year, "城镇居民", "电力", 10_000, "万千瓦时")))
    row = inv.row(code, year, "S2.electricity", "CO2")
    assert row is not None and row.value is not None
    return row.value.value, inv.notes


def test_a_beijing_district_uses_the_beijing_factor() -> None:
    value, notes = _s2("110105", 2022)
    assert value == pytest.approx(MWH * 0.558)
    assert not [n for n in notes if n.startswith("grid factor")]


def test_a_sichuan_city_falls_back_to_the_southwest_grid() -> None:
    value, notes = _s2("510100", 2023)  # no provincial 2023 factor
    assert value == pytest.approx(MWH * 0.2472)
    assert any("regional grid CN-Southwest" in n for n in notes)


def test_inner_mongolia_2023_uses_the_national_factor_with_the_reason() -> None:
    value, notes = _s2("150100", 2023)
    assert value == pytest.approx(MWH * 0.5306)
    (note,) = [n for n in notes if n.startswith("grid factor")]
    assert "national" in note and "蒙东" in note
