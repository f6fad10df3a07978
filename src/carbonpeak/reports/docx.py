"""The annual evaluation report (碳达峰目标任务年度评估报告) as a Word document.

Built from an assessment payload (:func:`carbonpeak.tracking.payload_of`): the published
snapshot when the year is published, so the report of a published year never changes.
Chinese text is set in an East Asian font (``EAST_ASIA_FONT``, SimSun 宋体, substituted by
any CJK font the reader has); charts are text-free PNGs whose labels are in the document.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from carbonpeak.reports import charts
from carbonpeak.reports.labels import ILLUSTRATIVE_NOTE, KIND_ZH, title
from carbonpeak.tracking import RESULT_ZH, STATUS_ZH, TASK_STATE_ZH, Status, TaskState

EAST_ASIA_FONT = "SimSun"
LATIN_FONT = "Times New Roman"
THEME_ATTRS = ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme")


def _set_fonts(rpr: Any) -> None:
    """Explicit fonts on one ``w:rPr``; theme fonts removed (they would win over ours)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), EAST_ASIA_FONT)


def _fonts(doc: DocumentType) -> None:
    """Every style and the document defaults in an East Asian font, language zh-CN."""
    styles = doc.styles.element
    default = styles.find(qn("w:docDefaults"))
    rpr_default = (
        default.find(qn("w:rPrDefault")).find(qn("w:rPr")) if default is not None else None
    )
    if rpr_default is not None:
        _set_fonts(rpr_default)
        lang = rpr_default.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:eastAsia"), "zh-CN")
    for fonts in list(styles.iter(qn("w:rFonts"))):
        parent = fonts.getparent()
        if parent is not None:
            _set_fonts(parent)
    _set_fonts(doc.styles["Normal"].element.get_or_add_rPr())
    doc.styles["Normal"].font.size = Pt(10.5)


def _table(doc: DocumentType, header: list[str], rows: list[list[Any]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = _cell(value)


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _picture(doc: DocumentType, png: bytes, caption: str) -> None:
    doc.add_picture(io.BytesIO(png), width=Cm(15))
    p = doc.add_paragraph(caption)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _target_value(t: dict[str, Any]) -> str:
    unit = "%" if t["change"] else t["unit"]
    rng = f"–{t['value_max']:g}" if t["value_max"] is not None else ""
    verb = {"decrease": "下降", "increase": "提高"}.get(t["change"] or "", "")
    base = f"比{t['base_year']}年{verb}" if verb else ""
    stretch = "（力争）" if t["aspirational"] else ""
    return f"{t['year'] or '—'}年 {base}{t['comparator']} {t['value']:g}{rng}{unit}{stretch}"


def _summary(doc: DocumentType, payload: dict[str, Any]) -> None:
    doc.add_heading("一、总体情况", level=1)
    counts = payload["status_counts"]
    total = sum(counts.values())
    doc.add_paragraph(
        f"截至{payload['year']}年12月31日，纳入跟踪的量化目标共{total}个，其中"
        + "，".join(f"{STATUS_ZH[s]}{counts[s.value]}个" for s in Status)
        + "。"
    )
    _table(
        doc,
        ["目标状态", "个数", "占比"],
        [
            [STATUS_ZH[s], counts[s.value], f"{counts[s.value] / total:.0%}" if total else "—"]
            for s in Status
        ],
    )
    parts = [(counts[s.value], charts.STATUS_COLORS[s.value]) for s in Status]
    _picture(
        doc,
        charts.stacked_bar(parts),
        "图1 目标状态构成（自左至右：已完成、进度正常、存在风险、进度滞后、无数据；"
        "宽度与个数成比例）",
    )
    tc = payload["task_counts"]
    doc.add_paragraph(
        f"重点任务共{sum(tc.values())}项："
        + "，".join(f"{TASK_STATE_ZH[s]}{tc[s.value]}项" for s in TaskState)
        + "。"
    )


def _targets(doc: DocumentType, payload: dict[str, Any]) -> None:
    doc.add_heading("二、主要目标进展", level=1)
    rows = []
    for t in payload["targets"]:
        status = STATUS_ZH[Status(t["status"])] + ("（人工认定）" if t["overridden"] else "")
        latest = "—" if t["latest_value"] is None else f"{t['latest_value']:g}（{t['latest_on']}）"
        rows.append(
            [t["target"], t["indicator"], _target_value(t), latest, status, t["explanation_zh"]]
        )
    _table(doc, ["编号", "指标", "目标", "最新值", "状态", "说明"], rows)


def _units(doc: DocumentType, payload: dict[str, Any]) -> None:
    doc.add_heading("三、责任单位考核得分", level=1)
    scheme = payload["scheme"]
    doc.add_paragraph(f"考核办法：{scheme['title']}（版本 {scheme['version']}）。")
    units = payload["units"]
    rows = [
        [
            i + 1,
            u["name"],
            KIND_ZH.get(u["kind"], u["kind"]),
            u["target_score"],
            u["task_score"],
            u["deductions"],
            u["score"],
            RESULT_ZH[u["result"]],
        ]
        for i, u in enumerate(units)
    ]
    _table(doc, ["序号", "单位", "类型", "目标得分", "任务得分", "扣分", "总分", "结果"], rows)
    png = charts.horizontal_bars(
        [u["score"] for u in units], [charts.RESULT_COLORS[u["result"]] for u in units]
    )
    _picture(
        doc,
        png,
        "图2 各单位总分（自上而下与上表序号一致；刻度 0–100，每格 20 分；"
        "绿色表彰、蓝色无、红色通报）",
    )


def _results(doc: DocumentType, payload: dict[str, Any]) -> None:
    doc.add_heading("四、表彰与通报建议", level=1)
    by_name = {u["name"]: u for u in payload["units"]}
    doc.add_paragraph("拟表彰单位：" + ("、".join(payload["commend"]) or "无") + "。")
    doc.add_paragraph("拟通报批评和约谈单位：" + ("、".join(payload["notify"]) or "无") + "。")
    for name in payload["notify"]:
        doc.add_paragraph(f"{name}：" + "；".join(by_name[name]["reasons_zh"]), style="List Bullet")


def _districts(doc: DocumentType, payload: dict[str, Any]) -> None:
    doc.add_heading("五、各市（特区、区）情况汇总", level=1)
    rows = []
    for u in payload["units"]:
        if u["kind"] != "district":
            continue
        tasks = [t for t in payload["tasks"] if u["name"] in t["lead_units"]]
        done = sum(1 for t in tasks if t["state"] == "completed")
        rows.append([u["name"], u["targets"], len(tasks), done, u["score"], RESULT_ZH[u["result"]]])
    if rows:
        _table(
            doc, ["市（特区、区）", "牵头目标数", "牵头任务数", "已完成任务", "总分", "结果"], rows
        )
    else:
        doc.add_paragraph("本年度无市（特区、区）牵头的目标或任务。")


def _task_sheets(doc: DocumentType, payload: dict[str, Any]) -> None:
    doc.add_heading("六、各单位任务清单", level=1)
    for u in payload["units"]:
        tasks = [t for t in payload["tasks"] if u["name"] in t["lead_units"]]
        if not tasks:
            continue
        doc.add_heading(u["name"], level=2)
        counter = Counter(t["state"] for t in tasks)
        doc.add_paragraph(
            "，".join(f"{TASK_STATE_ZH[TaskState(s)]}{n}项" for s, n in sorted(counter.items()))
        )
        _table(
            doc,
            ["任务", "名称", "状态", "完成%", "完成日期", "逾期报告", "逾期节点"],
            [
                [
                    t["task"],
                    t["title"],
                    TASK_STATE_ZH[TaskState(t["state"])],
                    t["percent"],
                    t["completed_on"],
                    t["overdue_reports"],
                    t["overdue_milestones"],
                ]
                for t in tasks
            ],
        )


def build(payload: dict[str, Any]) -> DocumentType:
    doc = Document()
    _fonts(doc)
    heading = doc.add_heading(title(payload), level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    state = "已发布（冻结快照）" if payload.get("state") == "published" else "草稿（未发布）"
    doc.add_paragraph(
        f"方案：{payload['plan']['title']}（第{payload['plan']['version']}版）；评估年度：{payload['year']}；"
        f"状态：{state}；计算：{payload.get('computed_by', '—')} {payload.get('computed_at', '')}"
    )
    if payload.get("illustrative"):
        doc.add_paragraph(ILLUSTRATIVE_NOTE).runs[0].bold = True
    _summary(doc, payload)
    _targets(doc, payload)
    _units(doc, payload)
    _results(doc, payload)
    _districts(doc, payload)
    _task_sheets(doc, payload)
    doc.add_heading("附：考核办法", level=1)
    doc.add_paragraph(
        f"{payload['scheme']['name']}，SHA-256 {payload['scheme']['sha256']}"
        "（评分规则全文见数据表“考核办法”）。"
    )
    return doc


def write(payload: dict[str, Any], path: Path) -> Path:
    build(payload).save(str(path))
    return path
