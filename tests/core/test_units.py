"""The one unit registry: Chinese unit words, standard coal, hand-computed conversions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pint.testing import assert_allclose

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import Q_, chinese_units, normalised, quantity, short_text


@pytest.mark.parametrize(
    ("value", "word", "expected", "unit"),
    [
        (300, "万千瓦", 3.0, "GW"),  # 300 × 10^4 kW = 3 × 10^6 kW
        (1, "亿千瓦时", 100.0, "GWh"),  # 10^8 kWh = 10^5 MWh = 100 GWh
        (5, "万千瓦时", 50.0, "MWh"),
        (2, "万吨", 20000.0, "t"),
        (16, "亿立方米", 1.6e9, "m**3"),
        (3, "万立方米", 3e4, "m**3"),
        (15, "万亩", 10000.0, "hectare"),  # 1 亩 = 1/15 ha: 15 × 10^4 / 15 = 10^4 ha
        (6, "万平方米", 6e4, "m**2"),
        (100, "亿元", 1e10, "yuan"),
        (2, "万元", 2e4, "yuan"),
        (1, "吨标准煤", 29.3076, "GJ"),  # GB/T 2589-2020: 1 kgce = 29.3076 MJ
        (1000, "千克标准煤", 1.0, "tce"),
        (7, "吨二氧化碳当量", 7.0, "t"),
        (45, "kgce/t", 45.0, "kgce/t"),
        (13000, "kWh/t", 13.0, "MWh/t"),
        (20, "%", 0.2, "dimensionless"),
    ],
)
def test_chinese_unit_words(value: float, word: str, expected: float, unit: str) -> None:
    assert_allclose(quantity(value, word).to(unit), Q_(expected, unit), rtol=1e-12)


def test_normalised_units_and_text() -> None:
    q = normalised(300, "万千瓦")
    assert str(q.units) == "gigawatt"
    assert short_text(q) == "3 GW"
    assert short_text(normalised(45, "kgce/t")) == "45 kgce/t"
    assert short_text(normalised(1250, "°C")) == "1250 °C"


def test_every_unit_word_parses() -> None:
    for word in chinese_units():
        quantity(1, word)


def test_unknown_unit_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="无法识别的单位"):
        quantity(1, "斤两")


@given(
    st.floats(min_value=1e-6, max_value=1e9, allow_nan=False),
    st.sampled_from(["万千瓦", "万吨", "亿立方米", "万亩", "万吨标准煤", "亿元"]),
)
def test_round_trip_through_base_units(value: float, word: str) -> None:
    q = quantity(value, word)
    back = q.to_base_units().to(q.units)
    assert back.magnitude == pytest.approx(value * q.magnitude / value, rel=1e-12)
