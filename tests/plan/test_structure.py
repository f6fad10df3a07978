"""Texts without an outline, and a notice or news lead before the plan: read, never refused."""

from __future__ import annotations

from carbonpeak.plan.reading.parser import parse_text

NEWS = """某市出台碳达峰实施方案
近日,某市人民政府印发《某市碳达峰实施方案》。方案明确,到2025年,全市非化石能源消费比重达到20%左右,单位地区生产总值能耗比2020年下降13.5%。
方案提出,实施能源绿色低碳转型行动,大力发展光伏发电,到2025年光伏装机达到300万千瓦。(牵头单位:市能源局)
市发展改革委有关负责人表示,将推动方案落地见效。"""

NOTICE = """某市人民政府关于印发某市碳达峰实施方案的通知
各区县人民政府,市直各部门:
现将《某市碳达峰实施方案》印发给你们,请认真贯彻落实。到2030年,全市单位地区生产总值二氧化碳排放比2005年下降65%以上。
某市碳达峰实施方案
一、总体要求
(一)主要目标。到2025年,非化石能源消费比重达到20%。
二、重点任务
(一)能源绿色低碳转型行动
1.推进煤炭消费替代。严控煤炭消费。(牵头单位:市能源局;责任单位:市发展改革委)
"""


def test_news_summary_without_headings_is_one_section() -> None:
    plan = parse_text(NEWS)
    assert plan.title == "某市出台碳达峰实施方案"
    assert [(n.id, n.level) for n in plan.nodes] == [("1", 1)]
    assert plan.warnings[0].code == "no_headings"
    # the lead frames the text (not a task); the annotated paragraph and the closing one are
    assert [t.lead_units for t in plan.tasks] == [["市能源局"], []]
    got = {(t.year, t.indicator, t.comparator, t.value, t.unit, t.base_year) for t in plan.targets}
    assert got == {
        (2025, "全市非化石能源消费比重", "~", 20.0, "%", None),
        (2025, "单位地区生产总值能耗", ">=", 13.5, "%", 2020),
        (2025, "光伏装机", ">=", 300.0, "万千瓦", None),
    }
    solar = next(t for t in plan.targets if t.unit == "万千瓦")
    assert solar.task == "1-1" and solar.lead_units == ["市能源局"]


def test_notice_before_the_plan_keeps_its_targets_as_preamble() -> None:
    plan = parse_text(NOTICE)
    assert plan.title == "某市碳达峰实施方案"
    codes = [w.code for w in plan.warnings]
    assert codes[:2] == ["preamble", "preamble_targets"]
    preamble = [t for t in plan.targets if t.id.startswith("preamble:")]
    assert [(t.id, t.year, t.value, t.base_year, t.task, t.node) for t in preamble] == [
        ("preamble:t1", 2030, 65.0, 2005, None, None)
    ]
    assert [(t.node, t.title) for t in plan.tasks] == [("2.1.1", "严控煤炭消费")]
    assert plan.tasks[0].lead_units == ["市能源局"]


def test_outline_starting_at_the_second_level() -> None:
    plan = parse_text(
        "某县节能工作方案\n(一)推进工业节能。到2025年,规上工业单位增加值能耗下降14%。"
        "(牵头单位:县工信局)\n(二)推进建筑节能。新建建筑全面执行节能标准。(牵头单位:县住建局)"
    )
    assert [n.title for n in plan.nodes] == ["推进工业节能", "推进建筑节能"]
    assert [t.lead_units for t in plan.tasks] == [["县工信局"], ["县住建局"]]
    assert [(t.year, t.value) for t in plan.targets] == [(2025, 14.0)]


def test_a_notice_without_headings_takes_the_plan_name_as_title() -> None:
    plan = parse_text(
        "日前,某市人民政府印发碳达峰实施方案的通知,到2025年,全市光伏装机达到100万千瓦。\n"
        "各县(区)人民政府,市政府各部门:\n现将《某市碳达峰实施方案》印发给你们。\n"
        "某市碳达峰实施方案\n"
    )
    assert plan.title == "某市碳达峰实施方案"
    assert [(t.year, t.value) for t in plan.targets] == [(2025, 100.0)]
