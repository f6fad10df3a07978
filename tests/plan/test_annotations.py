"""The annotation rules (plan/reading/annotations.py) on the forms real plans use."""

from __future__ import annotations

import pytest

from carbonpeak.plan.reading.annotations import find_annotations, parse_annotation
from carbonpeak.plan.reading.parser import parse_text
from carbonpeak.plan.reading.text import normalize


@pytest.mark.parametrize(
    ("body", "lead", "responsible"),
    [
        # 六盘水市碳达峰实施方案 (2023), the seed
        (
            "牵头单位:市能源局、市生态环境局;责任单位:市发展改革委",
            ["市能源局", "市生态环境局"],
            ["市发展改革委"],
        ),
        # a space between labelled clauses, 参加单位
        (
            "牵头单位:市交通运输局 参加单位:市公安局、市财政局",
            ["市交通运输局"],
            ["市公安局", "市财政局"],
        ),
        ("负责单位:市住房城乡建设局", ["市住房城乡建设局"], []),
        ("牵头单位:市能源局,配合单位:市发展改革委", ["市能源局"], ["市发展改革委"]),
        ("牵头部门:省工业和信息化厅;协同部门:省生态环境厅", ["省工业和信息化厅"], ["省生态环境厅"]),
        # 贵州省碳达峰实施方案 (2022): by duty
        ("省能源局、省住房城乡建设厅按职责分工负责", ["省能源局", "省住房城乡建设厅"], []),
        # by duty with 等 and a trailing clause
        (
            "市商务局、市市场监管局等按职责分工负责,各县区人民政府落实",
            ["市商务局", "市市场监管局"],
            ["各县区人民政府"],
        ),
        # verb clauses
        ("市能源局牵头,市发展改革委、市财政局配合", ["市能源局"], ["市发展改革委", "市财政局"]),
        ("由市生态环境局牵头;市工信局参与", ["市生态环境局"], ["市工信局"]),
        ("牵头单位:市交通运输局,各区县人民政府负责", ["市交通运输局"], ["各区县人民政府"]),
        ("市交通运输局牵头,各区县人民政府负责", ["市交通运输局"], ["各区县人民政府"]),
        # ministries by short name (部门分工)
        (
            "国家发展改革委、工业和信息化部、生态环境部等按职责分工负责",
            ["国家发展改革委", "工业和信息化部", "生态环境部"],
            [],
        ),
    ],
)
def test_forms(body: str, lead: list[str], responsible: list[str]) -> None:
    ann = parse_annotation(normalize(body))
    assert ann is not None
    assert (ann.lead, ann.responsible) == (lead, responsible)


@pytest.mark.parametrize(
    "note",
    [
        "抽水蓄能340+50万千瓦",
        "黔党发〔2022〕24号",
        "由企业自行负责",
        "2023年3月17日-4月16日",
        "CFB",
    ],
)
def test_notes_that_are_not_annotations(note: str) -> None:
    assert parse_annotation(note) is None


def test_full_width_brackets_and_colons_in_a_paragraph() -> None:
    text = normalize(
        "推广新能源汽车。（牵头单位：市交通运输局；配合单位：市公安局）【负责单位：市商务局】"
    )
    anns = find_annotations(text)
    assert [(a.lead, a.responsible) for a in anns] == [
        (["市交通运输局"], ["市公安局"]),
        (["市商务局"], []),
    ]


def test_parsed_task_gets_units_from_a_verb_clause() -> None:
    plan = parse_text(
        "某市节能方案\n一、重点任务\n(一)交通\n推广新能源公交车。(市交通运输局牵头,市财政局配合)\n"
    )
    assert [(t.lead_units, t.responsible_units) for t in plan.tasks] == [
        (["市交通运输局"], ["市财政局"])
    ]
