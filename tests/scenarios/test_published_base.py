"""The scenarios' base year takes published figures where the statistics domain has them: the
city's 2020 GDP (贵州统计年鉴2021: 1339.62 亿元 = 13,396,200 万元 at 2020 prices), and a
district's GDP and population records replaced in the demo inventory (六枝特区 2020:
133.64 亿元)."""

from __future__ import annotations

import pytest

from carbonpeak.scenarios.runs import runner


def test_the_city_base_year_gdp_is_the_published_one() -> None:
    base = runner._base("520200", 2020)
    assert base.gdp_wan_yuan == pytest.approx(13_396_200.0)
    found = runner.published_base_gdp("520200", 2020)
    assert found is not None and "1339.62" in found.formula


def test_a_district_base_year_reads_its_published_record() -> None:
    # 六枝特区 has no GDP of its own at constant 2020 prices other than its 2020 figure
    assert runner._base("520203", 2020).gdp_wan_yuan == pytest.approx(1_336_400.0)
    # a year without a published figure keeps the invented inventory value (not None, not 0)
    base_2024 = runner._base("520203", 2024).gdp_wan_yuan
    assert base_2024 is not None and base_2024 > 0
