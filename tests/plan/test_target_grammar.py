"""The target grammar on the forms of issue 13 (examples made up in the issue's words, not taken
from one plan): year forms, comparators, values without 达到, targets inside an object, floor and
aspiration in one clause, base years, and process limits tied to energy use."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonpeak.plan.reading.targets import Found, extract
from carbonpeak.plan.reading.text import normalize


def found(text: str) -> list[tuple[object, ...]]:
    return [
        (f.year, f.indicator, f.comparator, f.value, f.unit, f.aspirational)
        for f in extract(normalize(text))
        if f.kind == "target"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # single-year action plan, with the marker after the value
        (
            "2023年,全市单位地区生产总值能耗下降3%左右。",
            [(2023, "全市单位地区生产总值能耗", "~", 3.0, "%", False)],
        ),
        # full-width comma (NFKC) or ASCII comma after the year; 控制在…以内
        (
            "到2025年，全市能源消费总量控制在2800万吨标准煤以内。",
            [(2025, "全市能源消费总量", "<=", 2800.0, "万吨标准煤", False)],
        ),
        # a quantity without a 达到 verb
        ("推广200万平方米装配式建筑。", [(None, "装配式建筑", ">=", 200.0, "万平方米", False)]),
        # a target inside an object
        (
            "实现对全市80%重点用能单位的在线监测。",
            [(None, "全市重点用能单位在线监测比例", ">=", 80.0, "%", False)],
        ),
        # a floor and an aspiration in one clause: two values
        (
            "到2025年,光伏装机达到300万千瓦,力争达到400万千瓦。",
            [
                (2025, "光伏装机", ">=", 300.0, "万千瓦", False),
                (2025, "光伏装机", ">=", 400.0, "万千瓦", True),
            ],
        ),
        (
            "到2025年,城镇新建建筑中绿色建筑面积占比不低于75%。",
            [(2025, "城镇新建建筑中绿色建筑面积占比", ">=", 75.0, "%", False)],
        ),
        (
            "到2025年,煤电机组平均供电煤耗控制在300克标准煤/千瓦时以内。",
            [(2025, "煤电机组平均供电煤耗", "<=", 300.0, "克标准煤/千瓦时", False)],
        ),
        # 超过 is strictly more
        (
            "到2025年,新能源汽车新车销售量占比超过20%。",
            [(2025, "新能源汽车新车销售量占比", ">", 20.0, "%", False)],
        ),
        (
            "“十四五”末,非化石能源消费比重达到20%。",
            [(2025, "非化石能源消费比重", ">=", 20.0, "%", False)],
        ),
        # a period 2021—2025年 ends in its last year
        ("2021—2025年,累计淘汰燃煤小锅炉300台。", [(2025, "燃煤小锅炉", ">=", 300.0, "台", False)]),
        # values in 亿 units keep their unit
        (
            "到2030年,森林蓄积量达到2.5亿立方米。",
            [(2030, "森林蓄积量", ">=", 2.5, "亿立方米", False)],
        ),
        # the goal phrase is not the indicator's name; 力争 makes it aspirational
        (
            "确保完成国家下达的能耗强度降低目标,力争完成单位地区生产总值能耗下降14.5%的激励目标。",
            [(None, "单位地区生产总值能耗", ">=", 14.5, "%", True)],
        ),
        (
            "到2025年,确保清洁能源占比达到50%以上。",
            [(2025, "清洁能源占比", ">=", 50.0, "%", False)],
        ),
    ],
)
def test_target_forms(text: str, expected: list[tuple[object, ...]]) -> None:
    assert found(text) == expected


def test_base_year_and_source_phrase() -> None:
    (f,) = extract(normalize("到2025年,单位地区生产总值能耗较2020年下降13.5%。"))
    assert (f.base_year, f.change, f.value) == (2020, "decrease", 13.5)
    assert f.source_text == "到2025年,单位地区生产总值能耗较2020年下降13.5%"


def test_process_limits_only_for_energy_per_product() -> None:
    items = extract(normalize("提高TRT发电量至50kWh/t以上,使炼铁工序能耗≤435kgce/t。"))
    assert [(f.kind, f.indicator, f.process) for f in items] == [
        ("target", "TRT发电量", None),
        ("benchmark", "炼铁工序能耗", "炼铁工序"),
    ]


def test_a_year_of_reference_is_not_a_target_year() -> None:
    # 2020年以来 says since when, not by when
    assert found("2020年以来,全市光伏装机达到100万千瓦。") == [
        (None, "全市光伏装机", ">=", 100.0, "万千瓦", False)
    ]


YEARS = st.integers(2021, 2060)
VALUES = st.integers(1, 99_999).map(lambda n: n / 10)
UNITS = st.sampled_from(["%", "万千瓦", "万吨标准煤", "亿立方米", "万平方米"])
VERBS = st.sampled_from([("达到", ">="), ("不低于", ">="), ("不超过", "<="), ("超过", ">")])


@settings(max_examples=150, deadline=None)
@given(
    YEARS, VALUES, UNITS, VERBS, st.sampled_from(["到{y}年,", "到{y}年", "{y}年,", "到{y}年底,"])
)
def test_any_year_value_unit_and_verb_is_read_back(
    year: int, value: float, unit: str, verb: tuple[str, str], form: str
) -> None:
    text = f"{form.format(y=year)}全市光伏发电装机容量{verb[0]}{value:g}{unit}。"
    (f,) = extract(normalize(text))
    assert (f.year, f.indicator, f.value, f.unit, f.comparator) == (
        year,
        "全市光伏发电装机容量",
        value,
        unit,
        verb[1],
    )


@settings(max_examples=100, deadline=None)
@given(VALUES, VALUES)
def test_floor_and_aspiration_give_two_values(floor: float, hope: float) -> None:
    text = f"到2030年,风电装机达到{floor:g}万千瓦,力争达到{hope:g}万千瓦。"
    items: list[Found] = extract(normalize(text))
    assert [(f.value, f.aspirational) for f in items] == [(floor, False), (hope, True)]
    assert all(f.source_text == text.rstrip("。") for f in items)
