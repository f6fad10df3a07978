"""The annual evaluation report (碳达峰目标任务年度评估报告) as a Word document.

Built from an assessment payload (:func:`carbonpeak.tracking.payload_of`): the published
snapshot when the year is published, so the report of a published year never changes.
Chinese text is set in an East Asian font (``EAST_ASIA_FONT``, SimSun 宋体, substituted by
any CJK font the reader has); charts are text-free PNGs whose labels are in the document.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from carbonpeak.reports import charts
from carbonpeak.reports.docx_chart import BarChart, add_chart
from carbonpeak.reports.labels import ILLUSTRATIVE_NOTE, KIND_ZH, title
from carbonpeak.tracking import RESULT_ZH, STATUS_ZH, TASK_STATE_ZH, Status, TaskState

EAST_ASIA_FONT = "SimSun"
LATIN_FONT = "Times New Roman"
#: GB/T 9704-2012 党政机关公文格式: fonts by role (the first name is the standard's; a reader
#: without it gets the next: Word and LibreOffice substitute by name), sizes in points
#: (二号 22 pt, 三号 16 pt, 四号 14 pt, 五号 10.5 pt).
FONTS = {
    "title": ("方正小标宋简体", 22.0),  # fallback: SimSun 宋体
    "body": ("仿宋_GB2312", 16.0),  # fallback: FangSong 仿宋
    "h1": ("黑体", 16.0),  # SimHei
    "h2": ("楷体_GB2312", 16.0),  # fallback: KaiTi 楷体
    "table": ("仿宋_GB2312", 10.5),
    "caption": ("仿宋_GB2312", 12.0),
}
#: Page margins of GB/T 9704 (天头 37 mm, 订口 28 mm; the text block 156 × 225 mm).
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
COMPARATOR_ZH = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "~": "约", "=": ""}
#: The text block's width (A4 210 mm less the margins), for sizing table columns.
TEXT_WIDTH_MM = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]
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


def _width(text: str) -> float:
    """Rendered width of ``text`` in em (a CJK character 1 em, anything else about half)."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)


def column_widths(header: list[str], rows: list[list[str]], total_mm: float) -> list[float]:
    """Column widths (mm) sized to content: no column narrower than its header on one line;
    the room left goes to the columns whose text is longest (the explanation, the name).

    >>> column_widths(["编号", "说明"], [["1", "一段很长的说明文字" * 4]], 100)
    [10.0, 90.0]
    """
    em_mm = FONTS["table"][1] * 0.3528  # 1 pt = 0.3528 mm
    pad = 2.6  # the cell's left and right margins
    need = [_width(h) * em_mm + pad for h in header]
    longest = [
        max([_width(h)] + [_width(r[i]) for r in rows]) * em_mm + pad for i, h in enumerate(header)
    ]
    spare = total_mm - sum(need)
    extra = [max(0.0, lo - n) for lo, n in zip(longest, need, strict=True)]
    if spare <= 0 or not sum(extra):
        return [round(n, 1) for n in need]
    share = min(1.0, spare / sum(extra))
    widths = [n + e * share for n, e in zip(need, extra, strict=True)]
    rest = total_mm - sum(widths)  # columns that fit: spread what is left by content
    widths = [w + rest * e / sum(extra) for w, e in zip(widths, extra, strict=True)]
    return [round(w, 1) for w in widths]


def _table(doc: DocumentType, header: list[str], rows: list[list[Any]]) -> None:
    texts = [[_cell(v) for v in row] for row in rows]
    widths = column_widths(header, texts, TEXT_WIDTH_MM)
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in texts:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    for i, width in enumerate(widths):
        for cell in table.columns[i].cells:
            cell.width = Mm(width)
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.style = doc.styles["Table Text"]


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _chart(doc: DocumentType, chart: BarChart, height_cm: float, caption: str) -> None:
    """A native chart (axis titles, tick labels, values on the bars) and its caption."""
    add_chart(doc, chart, width_cm=15, height_cm=height_cm)
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = doc.add_paragraph(caption, style="Caption")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _target_value(t: dict[str, Any]) -> str:
    unit = "%" if t["change"] else t["unit"]
    rng = f"–{t['value_max']:g}" if t["value_max"] is not None else ""
    verb = {"decrease": "下降", "increase": "提高"}.get(t["change"] or "", "")
    base = f"比{t['base_year']}年{verb}" if verb else ""
    stretch = "（力争）" if t["aspirational"] else ""
    cmp = COMPARATOR_ZH.get(t["comparator"], t["comparator"])
    year = f"{t['year']}年" if t["year"] else ""
    return f"{year}{base}{cmp}{t['value']:g}{rng}{unit}{stretch}".strip()


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
    status_chart = BarChart(
        categories=[STATUS_ZH[s] for s in Status],
        values=[counts[s.value] for s in Status],
        colors=[charts.STATUS_COLORS[s.value] for s in Status],
        category_title="目标状态",
        value_title="目标个数（个）",
        series_name="目标个数",
        font=FONTS["caption"][0],
    )
    _chart(doc, status_chart, 7.5, f"图1 {payload['year']}年量化目标状态构成（单位：个）")
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
    score_chart = BarChart(
        categories=[u["name"] for u in units],
        values=[u["score"] for u in units],
        colors=[charts.RESULT_COLORS[u["result"]] for u in units],
        category_title="责任单位",
        value_title="总分（分）",
        series_name="总分",
        number_format="0.0",
        horizontal=True,
        max_value=100,
        major_unit=20,
        font=FONTS["caption"][0],
    )
    _chart(
        doc,
        score_chart,
        2.5 + 0.55 * len(units),
        "图2 各单位总分（单位：分；自上而下与上表序号一致；绿色拟表彰、蓝色无、红色拟通报）",
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
    """One line per unit (the task-by-task sheets are the workbook's 任务清单: a report for
    leaders does not print 100 task rows)."""
    doc.add_heading("六、各单位任务完成情况", level=1)
    rows = []
    for u in payload["units"]:
        tasks = [t for t in payload["tasks"] if u["name"] in t["lead_units"]]
        if not tasks:
            continue
        counter = Counter(t["state"] for t in tasks)
        rows.append(
            [
                u["name"],
                len(tasks),
                counter.get(TaskState.COMPLETED.value, 0),
                sum(1 for t in tasks if t["overdue_reports"]),
                sum(1 for t in tasks if t["overdue_milestones"]),
            ]
        )
    _table(doc, ["单位", "牵头任务", "已完成", "有逾期报告", "有逾期节点"], rows)
    doc.add_paragraph("各项任务的完成情况见同名数据表（.xlsx）“任务清单”。")


def _role(doc: DocumentType, style_name: str, role: str, *, bold: bool = False) -> None:
    """Font and size of ``role`` (``FONTS``) on a paragraph style, black, no theme colour."""
    try:
        style = doc.styles[style_name]
    except KeyError:
        style = doc.styles.add_style(style_name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
    name, size = FONTS[role]
    rpr = style.element.get_or_add_rPr()
    _set_fonts(rpr)
    rpr.find(qn("w:rFonts")).set(qn("w:eastAsia"), name)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = None
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)


def _page(doc: DocumentType) -> None:
    """A4 with the margins of GB/T 9704, and the page number centred at the foot: — 1 —."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("— ")
    run = p.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    p.add_run(" —")
    for r in p.runs:
        r.font.size = Pt(14)


def beijing_date(iso: str | None) -> str:
    """A stored UTC time as the date in Beijing: 2024年12月31日.

    >>> beijing_date("2024-12-31T16:30:00+00:00")
    '2025年1月1日'
    """
    if not iso:
        return ""
    from datetime import datetime, timedelta, timezone

    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    day = moment.astimezone(timezone(timedelta(hours=8))).date()
    return f"{day.year}年{day.month}月{day.day}日"


def build(payload: dict[str, Any]) -> DocumentType:
    doc = Document()
    _fonts(doc)
    _page(doc)
    _role(doc, "Normal", "body")
    _role(doc, "Title", "title")
    _role(doc, "Heading 1", "h1")
    _role(doc, "Heading 2", "h2")
    _role(doc, "Table Text", "table")
    _role(doc, "Caption", "caption")
    doc.styles["Table Text"].paragraph_format.space_after = Pt(0)
    heading = doc.add_heading(title(payload), level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    state = "已发布" if payload.get("state") == "published" else "草稿，未发布"
    issued = doc.add_paragraph(
        f"六盘水市碳达峰碳中和工作领导小组办公室　{beijing_date(payload.get('computed_at'))}"
        f"（{state}）"
    )
    issued.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        f"依据《{payload['plan']['title']}》（第{payload['plan']['version']}版），"
        f"现将{payload['year']}年度碳达峰目标任务评估情况报告如下。"
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
