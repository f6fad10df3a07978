"""Annotation forms and PDF-broken text, on short plans written for the test."""

from __future__ import annotations

import pytest

from carbonpeak.core.errors import InputError
from carbonpeak.plan.reading.aliases import AliasTable
from carbonpeak.plan.reading.annotations import find_annotations, parse_annotation
from carbonpeak.plan.reading.parser import parse_text

ALIASES = AliasTable(
    kinds={
        "省发展改革委": "department",
        "省能源局": "department",
        "省工业和信息化厅": "department",
        "省生态环境厅": "department",
        "市能源局": "department",
        "市市场监管局": "department",
    },
    aliases={"市市场监督管理局": "市市场监管局"},
)


def plan_of(body: str) -> str:
    return "某省碳达峰实施方案\n一、重点任务\n(一)能源绿色低碳转型行动\n" + body


@pytest.mark.parametrize(
    ("body", "lead", "responsible"),
    [
        (
            "推进煤电升级。内容。〔牵头单位:省能源局、省发展改革委;责任单位:省生态环境厅〕",
            ["省能源局", "省发展改革委"],
            ["省生态环境厅"],
        ),
        (
            "推进煤电升级。内容。(牵头单位:省能源局;配合单位:省工业和信息化厅、省生态环境厅)",
            ["省能源局"],
            ["省工业和信息化厅", "省生态环境厅"],
        ),
        ("推进煤电升级。内容。【责任单位:省能源局】", [], ["省能源局"]),
        (
            "推进煤电升级。内容。(省发展改革委、省能源局等按职责分工负责)",
            ["省发展改革委", "省能源局"],
            [],
        ),
        (
            "推进煤电升级。内容。〔牵头单位:市市场监督管理局;责任部门:市能源局〕",
            ["市市场监管局"],
            ["市能源局"],
        ),
        # full-width brackets and colons, as typed in Word
        (
            "推进煤电升级。内容。（牵头单位：省能源局；配合单位：省生态环境厅）",
            ["省能源局"],
            ["省生态环境厅"],
        ),
    ],
)
def test_annotation_forms(body: str, lead: list[str], responsible: list[str]) -> None:
    plan = parse_text(plan_of(body), aliases=ALIASES)
    assert len(plan.tasks) == 1
    task = plan.tasks[0]
    assert task.title == "推进煤电升级"
    assert task.text == "推进煤电升级。内容。"
    # a task with only 责任单位 has no lead; that is reported, not invented
    assert task.lead_units == lead
    assert task.responsible_units == responsible


def test_nested_brackets_inside_annotation() -> None:
    anns = find_annotations("正文。〔牵头单位:市住房城乡建设局(市城市综合执法局)、市能源局〕")
    assert len(anns) == 1
    assert anns[0].lead == ["市住房城乡建设局(市城市综合执法局)", "市能源局"]


def test_standing_clause_gives_default_units() -> None:
    ann = parse_annotation(
        "牵头单位:市能源局。以下重点任务除特别注明外均需各县(区)人民政府、某某新区管委会落实,"
        "不再一一列出"
    )
    assert ann is not None
    assert ann.lead == ["市能源局"]
    assert ann.standing == ["各县(区)人民政府", "某某新区管委会"]


def test_plain_parentheses_are_not_annotations() -> None:
    assert parse_annotation("含油气氢综合能源站") is None
    assert find_annotations("建成加氢站5座(含油气氢综合能源站)") == []


def test_pdf_broken_text() -> None:
    """Line breaks and spaces inside sentences and numbers, as pasted from a PDF."""
    broken = (
        "某市碳达峰实施方案\n"
        "一、 重点任务\n"
        "（一）能源绿色低碳转型\n"
        "行动\n"  # a heading wrapped? no: heading lines are short, this joins the next paragraph
        "1. 大力发展新能源\n"
        "推动高比例零碳电力。到 2030 年,光伏装机容量达到 400 万千\n"
        "瓦,非化石能源消费比重达到 15%以\n"
        "上。〔牵头单位:市能\n"
        "源局〕\n"
    )
    plan = parse_text(broken, aliases=ALIASES)
    task = next(t for t in plan.tasks if t.title == "推动高比例零碳电力")
    assert task.lead_units == ["市能源局"]
    by_indicator = {t.indicator: t for t in plan.targets}
    pv = by_indicator["光伏装机容量"]
    assert (pv.year, pv.value, pv.unit, pv.comparator) == (2030, 400, "万千瓦", ">=")
    nf = by_indicator["非化石能源消费比重"]
    assert (nf.year, nf.value, nf.unit, nf.comparator) == (2030, 15, "%", ">=")


def test_heading_levels_and_ids() -> None:
    text = (
        "某市方案\n一、总体要求\n(一)主要目标\n到2025年,单位地区生产总值能耗下降13.5%。\n"
        "二、重点任务\n(一)甲行动\n1. 子项\n(1)细项\n做某事。〔牵头单位:市能源局〕\n"
        "(二)乙行动\n做另一事。〔牵头单位:市能源局〕\n"
    )
    plan = parse_text(text, aliases=ALIASES)
    assert [(n.id, n.level, n.title) for n in plan.nodes] == [
        ("1", 1, "总体要求"),
        ("1.1", 2, "主要目标"),
        ("2", 1, "重点任务"),
        ("2.1", 2, "甲行动"),
        ("2.1.1", 3, "子项"),
        ("2.1.1.1", 4, "细项"),
        ("2.2", 2, "乙行动"),
    ]
    assert plan.actions == ["2.1", "2.2"]
    assert [t.id for t in plan.tasks] == ["2.1.1.1-1", "2.2-1"]
    target = plan.targets[0]
    assert (target.year, target.value, target.change, target.task) == (2025, 13.5, "decrease", None)


def test_unknown_and_mistyped_units_are_reported_not_dropped() -> None:
    text = plan_of("做某事。〔牵头单位:市能源句;责任单位:市农机站〕")
    plan = parse_text(text, aliases=ALIASES)
    task = plan.tasks[0]
    assert task.lead_units == ["市能源句"] and task.responsible_units == ["市农机站"]
    codes = {(w.code, w.message.split(": ")[-1].split(" ")[0]) for w in plan.warnings}
    assert ("unit_suspect", "市能源句") in codes  # one character off 市能源局
    assert ("unit_unknown", "市农机站") in codes


@pytest.mark.parametrize("text", ["", "   \n", "1234567890", "<html></html>"])
def test_not_a_plan(text: str) -> None:
    with pytest.raises(InputError):
        parse_text(text)


def test_a_text_without_headings_is_read_as_one_section() -> None:
    plan = parse_text("随便写点东西,没有标题。")
    assert [n.title for n in plan.nodes] == ["未命名方案"] and len(plan.tasks) == 1
    assert [w.code for w in plan.warnings] == ["no_headings", "task_without_lead"]
