"""Indicator names are whole and each indicator of a plan has one name (issue 19, point 1)."""

from __future__ import annotations

from collections import defaultdict
from importlib import resources

from carbonpeak.plan.reading.parser import parse_text
from carbonpeak.plan.reading.targets import extract

SEED = "liupanshui_carbon_peak_plan_2023.txt"


def test_bare_verb_takes_the_object_of_the_clause_before() -> None:
    found = extract(
        "引导45万吨/年及以下煤矿实施煤炭产业结构战略性调整,改造提升至90万吨/年以上,"
        "合理配置煤炭资源。"
    )
    assert [(f.indicator, f.value, f.unit, f.comparator) for f in found] == [
        ("45万吨/年及以下煤矿改造后产能", 90.0, "万吨/年", ">=")
    ]


def test_a_share_written_without_its_noun_is_the_same_indicator() -> None:
    plan = parse_text(
        "六盘水市测试方案\n一、主要目标\n到2025年,全市森林覆盖率稳定在62%以上;"
        "到2030年,全市森林覆盖维持在62%以上。\n"
    )
    assert [(t.year, t.indicator) for t in plan.targets] == [
        (2025, "全市森林覆盖率"),
        (2030, "全市森林覆盖率"),
    ]


def test_seed_plan_names_are_whole_and_unique() -> None:
    plan = parse_text((resources.files("carbonpeak.data") / SEED).read_text(encoding="utf-8"))
    names = {t.indicator for t in plan.targets}
    assert not any(n.endswith(("…", ",改造", ",")) or "," in n for n in names), names
    assert "全市森林覆盖" not in names
    assert "45万吨/年及以下煤矿改造后产能" in names
    # one name per indicator: no name is another plus a share ending
    for name in names:
        for ending in ("率", "比重", "比例"):
            assert name + ending not in names, name
    years: dict[str, list[int | None]] = defaultdict(list)
    for t in plan.targets:
        years[t.indicator].append(t.year)
    assert sorted(y for y in years["全市森林覆盖率"] if y) == [2025, 2030]
