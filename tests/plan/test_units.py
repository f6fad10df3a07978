"""Unit names of any plan: the city's table normalises, other governments' units are recognised
by form, suggestions only for a near miss of the same level (plan/reading/aliases.py)."""

from __future__ import annotations

import pytest

from carbonpeak.plan.reading.aliases import load_aliases, unit_level
from carbonpeak.plan.reading.parser import parse_text


@pytest.mark.parametrize(
    ("written", "status", "name", "suggestion"),
    [
        ("市发改委", "alias", "市发展改革委", None),  # the city's own table still normalises
        ("国家发展和改革委员会", "alias", "国家发展改革委", None),  # State Council table
        ("工信部", "alias", "工业和信息化部", None),
        ("省能源局", "generic", "省能源局", None),  # not "市能源局?"
        ("各区人民政府", "generic", "各区人民政府", None),  # not "钟山区人民政府?"
        ("省住房城乡建设厅", "generic", "省住房城乡建设厅", None),
        ("盘州市发展改革局", "generic", "盘州市发展改革局", None),
        ("市能源句", "suspect", "市能源句", "市能源局"),  # one character off, same level
        ("事教育局", "suspect", "事教育局", "市教育局"),  # the level character mistyped
        ("市农机站", "unknown", "市农机站", None),  # 站 alone does not make a government unit
        ("某某某", "unknown", "某某某", None),
    ],
)
def test_resolution(written: str, status: str, name: str, suggestion: str | None) -> None:
    res = load_aliases().resolve(written)
    assert (res.status, res.name, res.suggestion) == (status, name, suggestion)


def test_levels() -> None:
    assert [unit_level(n) for n in ("国家能源局", "省能源局", "市能源局", "县发展改革局")] == [
        "国家",
        "省",
        "市",
        "县",
    ]
    assert unit_level("各区县人民政府") == "各" and unit_level("六盘水供电局") is None


def test_a_provincial_plan_has_no_unit_warnings() -> None:
    plan = parse_text(
        "某省碳达峰实施方案\n一、重点任务\n(一)能源绿色低碳转型行动\n"
        "1.大力发展新能源。到2025年,光伏装机达到3000万千瓦。"
        "(省能源局、省住房城乡建设厅按职责分工负责,各市州人民政府落实)\n"
        "2.推进节能。强化节能审查。(牵头单位:省发展改革委;责任单位:省工业和信息化厅)\n"
    )
    assert [w.code for w in plan.warnings if w.code.startswith("unit_")] == []
    assert [(t.lead_units, t.responsible_units) for t in plan.tasks] == [
        (["省能源局", "省住房城乡建设厅"], ["各市州人民政府"]),
        (["省发展改革委"], ["省工业和信息化厅"]),
    ]
