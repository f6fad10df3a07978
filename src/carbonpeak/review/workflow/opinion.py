"""节能审查意见 the review opinion as a Chinese .docx (python-docx), from a project's detail
(``projects.service.detail``): the project, the assessment's numbers and sources, the decision
with its reasons or conditions. Illustrative data is labelled 示意数据.

A decision that records the higher authority's opinion (a project above the office's authority,
:mod:`.rules`) says so: the document carries that authority's name, 文号 and date, its conclusion
is that authority's, and the office signs as the one who recorded it, not as the reviewer."""

from __future__ import annotations

import io
from typing import Any

from docx import Document

from carbonpeak.review.workflow.rules import OFFICE, tier_name

OUTCOME_ZH = {
    "approve": "同意通过节能审查",
    "conditional": "有条件通过节能审查",
    "reject": "不予通过节能审查",
}


def _fmt(x: Any, digits: int = 2) -> str:
    return f"{x:,.{digits}f}" if isinstance(x, int | float) else str(x or "-")


def write_opinion(detail: dict[str, Any]) -> bytes:
    """The opinion of the project's latest decision as .docx bytes."""
    if not detail["decisions"]:
        raise ValueError("no decision yet")
    decision = detail["decisions"][-1]
    a = detail["assessment"] or {}
    e = a.get("energy_tce", {})
    higher = decision.get("on_behalf_of") or ""
    issuer = tier_name(higher or OFFICE)
    doc = Document()
    doc.add_heading("节能审查意见", level=0)
    if higher:
        doc.add_paragraph(
            f"审查意见文号：{decision['authority_document']}（{issuer}，"
            f"{decision['authority_document_date']}）"
        )
    else:
        doc.add_paragraph(
            f"审查意见编号：节审〔{str(decision['decided_at'])[:4]}〕{detail['id']}号"
        )
    doc.add_paragraph(f"{detail['owner_name'] or detail['owner_uscc']}：")
    if higher:
        doc.add_paragraph(
            f"你单位报送的《{detail['name']}节能报告》收悉。该项目审查权限属{issuer}，"
            f"超出本机关审查权限，经初审已转报。现记录{issuer}审查意见"
            f"（{decision['authority_document']}，{decision['authority_document_date']}）如下，"
            "本机关不另行出具审查意见："
        )
    else:
        doc.add_paragraph(
            f"你单位报送的《{detail['name']}节能报告》收悉。经审查，现提出审查意见如下："
        )
    doc.add_heading("一、项目概况", level=1)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    rows = [
        ("项目名称", detail["name"]),
        ("建设单位统一社会信用代码", detail["owner_uscc"]),
        ("建设地点（区县代码）", detail["district"]),
        ("行业（GB/T 4754）", f"{detail['industry']} {a.get('industry', {}).get('name', '')}"),
        ("投产年份", detail["start_year"]),
        ("年综合能源消费量（当量值）", f"{_fmt(e.get('equivalent'))} 吨标准煤"),
        ("年综合能源消费量（等价值）", f"{_fmt(e.get('equal_value'))} 吨标准煤"),
        ("其中原料用能（当量值）", f"{_fmt(e.get('feedstock', {}).get('equivalent'))} 吨标准煤"),
        (
            "其中新增可再生能源（当量值）",
            f"{_fmt(e.get('new_renewable', {}).get('equivalent'))} 吨标准煤",
        ),
        (
            "纳入能耗双控的能源消费量（等价值）",
            f"{_fmt(e.get('dual_control', {}).get('equal_value'))} 吨标准煤",
        ),
        ("年二氧化碳排放量", f"{_fmt(a.get('co2_t'))} 吨"),
        (
            "是否两高项目",
            ("是：" if a.get("two_high", {}).get("value") else "否：")
            + str(a.get("two_high", {}).get("reason", "")),
        ),
        ("审查权限", str(a.get("authority", {}).get("name", ""))),
        ("出具审查意见的机关", issuer + ("（本文件为其审查意见的记录）" if higher else "")),
    ]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, str(value)
    doc.add_heading("二、能效水平", level=1)
    for b in a.get("benchmarks", []):
        doc.add_paragraph(
            f"{b['name_zh']}：单位产品能耗 {b['value']} {b['unit']}，标杆水平 {b['benchmark']}，"
            f"基准水平 {b['baseline']}{_unverified(b.get('status', ''))}，{b['level']}"
            + (
                f"；实施方案限额 {b['plan_limit']['text']}，"
                + ("符合" if b["plan_limit"]["met"] else "不符合")
                if b.get("plan_limit")
                else ""
            )
            + "。",
            style="List Bullet",
        )
    if not a.get("benchmarks"):
        doc.add_paragraph("本项目产品无国家能效标杆水平和基准水平。")
    doc.add_heading("三、对能耗双控和碳排放目标的影响", level=1)

    for y in a.get("impact", []):
        doc.add_paragraph(
            f"{y['year']}年：单位GDP能耗变化 {y['energy_intensity']['change_pct']}%，"
            f"单位GDP二氧化碳排放变化 {y['co2_intensity']['change_pct']}%，"
            f"{_share(y, 'energy', '能耗')}，"
            f"{_share(y, 'co2', '碳排放')}。",
            style="List Bullet",
        )
    if a.get("impact"):
        doc.add_paragraph(f"测算基准：{a['impact'][0].get('source', '')}")
    doc.add_heading("四、审查结论", level=1)
    doc.add_paragraph(
        (f"{issuer}审查意见：" if higher else "") + f"{OUTCOME_ZH[decision['outcome']]}。"
    )
    if decision["conditions"]:
        doc.add_paragraph(f"须落实以下条件：{decision['conditions']}")
    if decision["reasons"]:
        doc.add_paragraph(f"理由：{decision['reasons']}")
    if decision["exception_reason"]:
        doc.add_paragraph(f"用能指标例外说明：{decision['exception_reason']}")
    doc.add_paragraph(
        "项目建成投产后，其能耗和单位产品能耗纳入在线监测，按月与审查核定值比对，实施事中事后监管。"
    )
    doc.add_heading("依据与数据来源", level=1)
    for s in a.get("sources", []):
        doc.add_paragraph(str(s), style="List Bullet")
    if a.get("illustrative"):
        doc.add_paragraph("注：本意见含示意数据（illustrative），不得用于正式审查。")
    signer = "记录人" if higher else "审查人"
    doc.add_paragraph(
        f"{signer}：{decision['decided_by']}    日期：{str(decision['decided_at'])[:10]}"
    )
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _unverified(status: str) -> str:
    """The 标杆/基准 values' standing, written beside them (a SECONDARY or UNVERIFIED value is
    not stated as the notice's text).

    >>> _unverified("UNVERIFIED"), _unverified("SECONDARY"), _unverified("VERIFIED")
    ('（数值未经原文核实：UNVERIFIED）', '（数值引自二手资料：SECONDARY）', '')
    """
    if status == "UNVERIFIED":
        return "（数值未经原文核实：UNVERIFIED）"
    if status == "SECONDARY":
        return "（数值引自二手资料：SECONDARY）"
    return ""


def _share(y: dict[str, Any], key: str, what: str) -> str:
    """A target year's share of the remaining room, or why there is none.

    >>> _share({"co2_budget_share_pct": 3.4}, "co2", "碳排放")
    '占剩余碳排放空间 3.4%'
    >>> _share({"co2_budget_share_pct": None, "co2_room_left": False,
    ...         "co2_room_note": "目标已无剩余碳排放空间：跟踪余量 -30.0 t / the target ..."},
    ...        "co2", "碳排放")
    '目标已无剩余碳排放空间：跟踪余量 -30.0 t'
    >>> _share({"co2_budget_share_pct": None, "co2_room_left": None}, "co2", "碳排放")
    '该年无碳排放强度目标'
    """
    value = y.get(f"{key}_budget_share_pct")
    if value is not None:
        return f"占剩余{what}空间 {value}%"
    if y.get(f"{key}_room_left") is False:  # a target with no room left, not no target
        return str(y.get(f"{key}_room_note", "")).split(" / ")[0] or f"目标已无剩余{what}空间"
    return f"该年无{what}强度目标"
