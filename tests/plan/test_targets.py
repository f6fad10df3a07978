"""Target extraction on sentences written for the test; expectations read off by hand."""

from __future__ import annotations

from carbonpeak.plan.reading.targets import extract


def rows(text: str) -> list[tuple[object, ...]]:
    return [
        (f.kind, f.year, f.indicator, f.value, f.unit, f.comparator, f.aspirational)
        for f in extract(text)
    ]


def test_one_sentence_two_years() -> None:
    assert rows(
        "到2025年,城镇建筑可再生能源替代率达8%;到2030年,城镇建筑可再生能源替代率提高到10%。"
    ) == [
        ("target", 2025, "城镇建筑可再生能源替代率", 8.0, "%", ">=", False),
        ("target", 2030, "城镇建筑可再生能源替代率", 10.0, "%", ">=", False),
    ]


def test_respectively_splits_subjects() -> None:
    got = rows("到2025年,光伏、风电和水电发电装机容量分别达到300万千瓦、95万千瓦、130万千瓦。")
    assert [(r[2], r[3]) for r in got] == [
        ("光伏发电装机容量", 300.0),
        ("风电发电装机容量", 95.0),
        ("水电发电装机容量", 130.0),
    ]


def test_comparator_words() -> None:
    got = {
        r[2]: r[5]
        for r in rows(
            "到2025年,甲率不低于43%,乙量控制在5万吨以内,丙容量约1300万千瓦,丁率达到20%左右,"
            "戊数达到3个以上,己率不高于30%。"
        )
    }
    assert got == {
        "甲率": ">=",
        "乙量": "<=",
        "丙容量": "~",
        "丁率": "~",
        "戊数": ">=",
        "己率": "<=",
    }


def test_aspirational_and_continuation() -> None:
    got = rows(
        "到2025年,非化石能源消费比重达到20%左右、力争达到21.6%,力争瓦斯发电装机容量达50万千瓦以上,"
        "到2030年提高到100万千瓦。"
    )
    assert got == [
        ("target", 2025, "非化石能源消费比重", 20.0, "%", "~", False),
        ("target", 2025, "非化石能源消费比重", 21.6, "%", ">=", True),
        ("target", 2025, "瓦斯发电装机容量", 50.0, "万千瓦", ">=", True),
        ("target", 2030, "瓦斯发电装机容量", 100.0, "万千瓦", ">=", True),
    ]


def test_base_year_change() -> None:
    (f,) = extract("到2030年,单位地区生产总值二氧化碳排放比2005年下降65%以上。")
    assert (f.year, f.indicator, f.value, f.base_year, f.change, f.comparator) == (
        2030,
        "单位地区生产总值二氧化碳排放",
        65.0,
        2005,
        "decrease",
        ">=",
    )


def test_period_words() -> None:
    (f,) = extract("“十四五”期间新增集中供热覆盖面积600万平方米以上。")
    assert (f.year, f.indicator, f.value, f.unit) == (
        2025,
        "新增集中供热覆盖面积",
        600.0,
        "万平方米",
    )
    (g,) = extract("“十五五”期间新增充电桩9000个。")
    assert g.year == 2030


def test_benchmarks_and_process() -> None:
    got = [
        (f.kind, f.process, f.value, f.comparator, f.aspirational)
        for f in extract(
            "使炼铁工序能耗≤435kgce/t,鼓励企业进一步将能耗降低至≤361 kgce/t;"
            "使电解铝电耗≤13000kWh/t。"
        )
    ]
    assert got == [
        ("benchmark", "炼铁工序", 435.0, "<=", False),
        ("benchmark", "炼铁工序", 361.0, "<=", True),
        ("benchmark", "电解铝", 13000.0, "<=", False),
    ]


def test_descriptive_numbers_are_not_targets() -> None:
    assert (
        extract(
            "推进66万千瓦级及以上超超临界机组,以500千伏变电站为中心,完成原2500t/d水泥熟料生产线改造,"
            "高浓度CO2捕集,废玻璃等9种主要再生资源,新型储能390万千瓦(抽水蓄能340+50万千瓦)"
        )[0].value
        == 390
    )


def test_ranges() -> None:
    (f,) = extract("各县建设1-2个生态文明宣传教育示范基地。")
    assert (f.indicator, f.value, f.value_max, f.unit, f.comparator) == (
        "生态文明宣传教育示范基地",
        1.0,
        2.0,
        "个",
        "=",
    )
