"""Figures derived from published ones: GDP at constant prices chained from comparable-price
growth rates (hand-computed), and the published vs illustrative share of a set of inputs."""

from __future__ import annotations

import pytest

from carbonpeak.statistics import PublishedValue, Source, constant_price_gdp, input_share

SRC = Source("某统计局", "某年统计公报", "2021-04-01", "https://example.org", "一、综合")


def value(
    year: int, indicator: str, v: float, unit: str, status: str = "preliminary"
) -> PublishedValue:
    return PublishedValue("520200", "六盘水市", year, indicator, indicator, v, unit, status, SRC)


def test_constant_2020_prices_chain_forward_and_back_and_stop_at_a_gap() -> None:
    values = [
        value(2020, "gdp", 1339.62, "亿元"),
        value(2020, "gdp_growth", 4.5, "%"),
        value(2019, "gdp_growth", 7.5, "%"),
        value(2021, "gdp_growth", 8.2, "%"),
        value(2022, "gdp_growth", 0.7, "%"),
        value(2024, "gdp_growth", 5.0, "%"),  # 2023 missing: 2024 is not reached
    ]
    derived = constant_price_gdp(values, region="520200", base_year=2020)
    assert sorted(derived) == [2018, 2019, 2020, 2021, 2022]
    # by hand: 1339.62 / 1.045 = 1281.933; / 1.075 = 1192.496; × 1.082 = 1449.469; × 1.007
    assert derived[2019].value == pytest.approx(1281.933, abs=1e-3)
    assert derived[2018].value == pytest.approx(1192.496, abs=1e-3)
    assert derived[2021].value == pytest.approx(1449.469, abs=1e-3)
    assert derived[2022].value == pytest.approx(1459.615, abs=1e-3)
    assert "(1 + 8.2 %) × (1 + 0.7 %)" in derived[2022].formula
    assert len(derived[2022].inputs) == 3  # base GDP and two growth rates


def test_no_base_year_gdp_no_series_and_a_revision_is_used_over_a_first_release() -> None:
    assert (
        constant_price_gdp([value(2021, "gdp_growth", 8.2, "%")], region="520200", base_year=2020)
        == {}
    )
    two = [value(2020, "gdp", 1300.0, "亿元"), value(2020, "gdp", 1339.62, "亿元", "revised")]
    assert constant_price_gdp(two, region="520200", base_year=2020)[2020].value == 1339.62
    in_wan = [value(2020, "gdp", 13_396_200.0, "万元")]
    assert constant_price_gdp(in_wan, region="520200", base_year=2020)[2020].value == pytest.approx(
        1339.62
    )


def test_the_share_of_published_inputs() -> None:
    rows = input_share(
        {
            "economy": ["贵州统计年鉴(2021)", "ILLUSTRATIVE liupanshui-demo", "示意数据"],
            "tracking": ["示例数据（虚构）… illustrative", None],
        }
    )
    assert [(r.group, r.published, r.illustrative, r.unsourced) for r in rows] == [
        ("economy", 1, 2, 0),
        ("tracking", 0, 1, 1),
        ("total", 1, 3, 1),
    ]
    assert rows[-1].published_share == pytest.approx(0.2)
