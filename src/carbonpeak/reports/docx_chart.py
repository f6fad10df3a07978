"""Bar charts as native Word charts (DrawingML ``c:chartSpace`` parts) for the annual report.

Word and LibreOffice draw them with the document's own fonts, so every Chinese label shows:
a title on each axis with its unit, tick labels on both axes, and the value of every bar
written on it. The values are kept in the chart part (the cached series), so the chart is read
back — and tested — as data, not pixels. :func:`chart_xml` is pure; :func:`add_chart` puts a
chart part into a python-docx document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx.document import Document as DocumentType
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Cm

Color = tuple[int, int, int]
CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class BarChart:
    """One series of bars. ``horizontal``: bars from the left, categories top to bottom in
    the given order (a ranking); else columns. ``None`` values draw no bar."""

    categories: Sequence[str]
    values: Sequence[float | None]
    colors: Sequence[Color]
    category_title: str  # the category axis title
    value_title: str  # the value axis title, with its unit: 总分（分）
    series_name: str
    number_format: str = "0"
    horizontal: bool = False
    max_value: float | None = None
    major_unit: float | None = None
    font: str = "仿宋_GB2312"
    font_size_pt: float = 10.5


def _hex(color: Color) -> str:
    return "".join(f"{c:02X}" for c in color)


def _text_props(font: str, size: float, *, bold: bool = False) -> str:
    b = ' b="1"' if bold else ' b="0"'
    return (
        f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{round(size * 100)}"{b}>'
        f'<a:latin typeface="{escape(font)}"/><a:ea typeface="{escape(font)}"/></a:defRPr>'
        '</a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>'
    )


def _title(text: str, font: str, size: float) -> str:
    return (
        "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>"
        f'<a:defRPr sz="{round(size * 100)}" b="0"><a:latin typeface="{escape(font)}"/>'
        f'<a:ea typeface="{escape(font)}"/></a:defRPr></a:pPr><a:r><a:rPr lang="zh-CN" '
        f'sz="{round(size * 100)}" b="0"><a:latin typeface="{escape(font)}"/>'
        f'<a:ea typeface="{escape(font)}"/></a:rPr><a:t>{escape(text)}</a:t></a:r></a:p>'
        '</c:rich></c:tx><c:overlay val="0"/></c:title>'
    )


def chart_xml(chart: BarChart) -> bytes:
    """The chart part of ``chart``: axis titles, tick labels, a value label on every bar."""
    n = len(chart.categories)
    if not (n == len(chart.values) == len(chart.colors)):
        raise ValueError("categories, values and colors must have the same length")
    font, size = chart.font, chart.font_size_pt
    points = "".join(
        f'<c:dPt><c:idx val="{i}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/>'
        f'<c:spPr><a:solidFill><a:srgbClr val="{_hex(color)}"/></a:solidFill></c:spPr></c:dPt>'
        for i, color in enumerate(chart.colors)
    )
    cats = "".join(
        f'<c:pt idx="{i}"><c:v>{escape(name)}</c:v></c:pt>'
        for i, name in enumerate(chart.categories)
    )
    vals = "".join(
        f'<c:pt idx="{i}"><c:v>{v:g}</c:v></c:pt>'
        for i, v in enumerate(chart.values)
        if v is not None
    )
    fmt = escape(chart.number_format)
    labels = (
        f'<c:dLbls><c:numFmt formatCode="{fmt}" sourceLinked="0"/><c:spPr><a:noFill/><a:ln>'
        f"<a:noFill/></a:ln></c:spPr>{_text_props(font, size)}"
        '<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
        '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/>'
        '<c:showBubbleSize val="0"/></c:dLbls>'
    )
    series = (
        '<c:ser><c:idx val="0"/><c:order val="0"/>'
        f'<c:tx><c:strRef><c:f/><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>'
        f"{escape(chart.series_name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>"
        f'<c:invertIfNegative val="0"/>{points}{labels}'
        f'<c:cat><c:strRef><c:f/><c:strCache><c:ptCount val="{n}"/>{cats}</c:strCache>'
        f"</c:strRef></c:cat>"
        f"<c:val><c:numRef><c:f/><c:numCache><c:formatCode>{fmt}</c:formatCode>"
        f'<c:ptCount val="{n}"/>{vals}</c:numCache></c:numRef></c:val></c:ser>'
    )
    bar_dir = "bar" if chart.horizontal else "col"
    # a ranking reads top to bottom: categories in reverse order, the value axis at the bottom
    cat_orientation = "maxMin" if chart.horizontal else "minMax"
    scale_max = f'<c:max val="{chart.max_value:g}"/>' if chart.max_value is not None else ""
    major = f'<c:majorUnit val="{chart.major_unit:g}"/>' if chart.major_unit else ""
    cat_pos, val_pos = ("l", "b") if chart.horizontal else ("b", "l")
    body = (
        f'<c:chartSpace xmlns:c="{C}" xmlns:a="{A}" xmlns:r="{R}">'
        '<c:lang val="zh-CN"/><c:roundedCorners val="0"/>'
        '<c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/>'
        f'<c:barChart><c:barDir val="{bar_dir}"/><c:grouping val="clustered"/>'
        f'<c:varyColors val="0"/>{series}<c:gapWidth val="60"/>'
        '<c:axId val="1001"/><c:axId val="1002"/></c:barChart>'
        f'<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="{cat_orientation}"/>'
        f'</c:scaling><c:delete val="0"/><c:axPos val="{cat_pos}"/>'
        f"{_title(chart.category_title, font, size)}"
        '<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'{_text_props(font, size)}<c:crossAx val="1002"/><c:crosses val="autoZero"/>'
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>'
        '<c:noMultiLvlLbl val="0"/></c:catAx>'
        '<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/>'
        f'{scale_max}<c:min val="0"/></c:scaling><c:delete val="0"/>'
        f'<c:axPos val="{val_pos}"/><c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill>'
        '<a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>'
        f"{_title(chart.value_title, font, size)}"
        # ticks are whole steps (0, 20, 40 ...): no decimals even when the values have one
        '<c:numFmt formatCode="0" sourceLinked="0"/><c:majorTickMark val="out"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'{_text_props(font, size)}<c:crossAx val="1001"/>'
        f'<c:crosses val="{"max" if chart.horizontal else "autoZero"}"/>'
        f'<c:crossBetween val="between"/>{major}</c:valAx>'
        '</c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        f"{_text_props(font, size)}</c:chartSpace>"
    )
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body).encode()


def add_chart(doc: DocumentType, chart: BarChart, *, width_cm: float, height_cm: float) -> None:
    """A paragraph holding ``chart`` as a native chart of the given size."""
    package = doc.part.package
    taken = {str(p.partname) for p in package.iter_parts()}
    number = 1 + sum(1 for name in taken if name.startswith("/word/charts/chart"))
    partname = PackURI(f"/word/charts/chart{number}.xml")
    part = Part(partname, CHART_CONTENT_TYPE, chart_xml(chart), package)
    rid = doc.part.relate_to(part, RT.CHART)
    cx, cy = Cm(width_cm), Cm(height_cm)
    drawing = parse_xml(
        f'<w:drawing xmlns:w="{W}" xmlns:wp="{WP}" xmlns:a="{A}" xmlns:c="{C}" xmlns:r="{R}">'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{1000 + number}" name="图表 {number}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{C}"><c:chart r:id="{rid}"/></a:graphicData>'
        "</a:graphic></wp:inline></w:drawing>"
    )
    doc.add_paragraph().add_run()._r.append(drawing)
