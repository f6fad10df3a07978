"""The annual evaluation report: generated from the demo's published assessment, opened and
read back with python-docx and openpyxl, and checked against the numbers it was made from."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree
from openpyxl import load_workbook
from typer.testing import CliRunner

from carbonpeak.bootstrap import init_database
from carbonpeak.cli import app
from carbonpeak.core.settings import get_settings
from carbonpeak.db.session import session_scope
from carbonpeak.plan.orm import PlanRow
from carbonpeak.reports import charts
from carbonpeak.reports.docx_chart import BarChart, chart_xml
from carbonpeak.tracking.assessment import service as assessment
from carbonpeak.tracking.demo import service as demo
from carbonpeak.tracking.model import STATUS_ZH, Status

runner = CliRunner()


@pytest.fixture
def demo_db(plan_db: str, db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    init_database(url=plan_db)
    with session_scope(db_url) as db:
        plan = db.get(PlanRow, 1)
        assert plan is not None
        lines = demo.load(db_session=db, plan=plan, today=date(2025, 3, 1))
        assert any("published" in line for line in lines)
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    get_settings.cache_clear()
    return db_url


C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _chart_parts(doc: Any) -> list[etree._Element]:
    rels = [r for r in doc.part.rels.values() if r.reltype.endswith("/chart")]
    return [etree.fromstring(r.target_part.blob) for r in rels]


def _axis_titles(chart: etree._Element) -> list[str]:
    return [
        "".join(t.text or "" for t in ax.iter(f"{A}t"))
        for ax in chart.iter(f"{C}catAx", f"{C}valAx")
    ]


def test_a_chart_has_axis_titles_tick_labels_and_values() -> None:
    """Issue 19, point 6: the chart part names both axes with their units, shows the tick
    labels of both and writes every bar's value on it."""
    xml = chart_xml(
        BarChart(
            categories=["甲局", "乙局", "丙区"],
            values=[92.5, 41.0, None],
            colors=[charts.RESULT_COLORS["commend"], charts.RESULT_COLORS["notify"], (0, 0, 0)],
            category_title="责任单位",
            value_title="总分（分）",
            series_name="总分",
            number_format="0.0",
            horizontal=True,
            max_value=100,
            major_unit=20,
        )
    )
    chart = etree.fromstring(xml)
    assert _axis_titles(chart) == ["责任单位", "总分（分）"]
    for ax in chart.iter(f"{C}catAx", f"{C}valAx"):
        assert ax.find(f"{C}delete").get("val") == "0"
        assert ax.find(f"{C}tickLblPos").get("val") == "nextTo"
    labels = chart.find(f".//{C}ser/{C}dLbls")
    assert labels.find(f"{C}showVal").get("val") == "1"
    assert labels.find(f"{C}numFmt").get("formatCode") == "0.0"
    cats = [v.text for v in chart.iterfind(f".//{C}cat//{C}pt/{C}v")]
    vals = {p.get("idx"): p.find(f"{C}v").text for p in chart.iterfind(f".//{C}val//{C}pt")}
    assert cats == ["甲局", "乙局", "丙区"] and vals == {"0": "92.5", "1": "41"}
    assert chart.find(f".//{C}barDir").get("val") == "bar"
    assert chart.find(f".//{C}valAx/{C}scaling/{C}max").get("val") == "100"
    colours = [c.get("val") for c in chart.iterfind(f".//{C}dPt//{A}srgbClr")]
    assert colours == ["2E7D32", "D32F2F", "000000"]
    with pytest.raises(ValueError):
        chart_xml(BarChart(["a"], [1.0, 2.0], [(0, 0, 0)], "x", "y", "s"))


def test_annual_report_docx_and_xlsx_read_back(demo_db: str, tmp_path: Path) -> None:
    out = tmp_path / "评估" / "annual-2024.docx"
    result = runner.invoke(app, ["report", "annual", "--year", "2024", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "published" in result.output
    with session_scope(demo_db) as db:
        payload = assessment.payload_of(db_session=db, plan_id=1, year=2024)
    assert payload["state"] == "published" and payload["illustrative"]

    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "六盘水市碳达峰目标任务2024年度评估报告"
    assert any("示例数据" in t for t in texts)  # illustrative data is labelled
    assert any("已发布" in t for t in texts)
    # CJK text in the East Asian fonts of GB/T 9704 by role (no glyph boxes from a Latin font)
    roles = {"Normal": "仿宋_GB2312", "Title": "方正小标宋简体", "Heading 1": "黑体"}
    for name, font in (*roles.items(), ("Heading 2", "楷体_GB2312")):
        fonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == font
        assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would win over it
    styles_xml = doc.styles.element.xml
    assert "eastAsiaTheme" not in styles_xml and 'w:eastAsia="zh-CN"' in styles_xml
    body = "".join(texts) + "".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "\ufffd" not in body and "□" not in body
    # two native charts: axes titled with units, values on the bars, the numbers of the tables
    status_chart, score_chart = _chart_parts(doc)
    assert _axis_titles(status_chart) == ["目标状态", "目标个数（个）"]
    assert _axis_titles(score_chart) == ["责任单位", "总分（分）"]
    for chart in (status_chart, score_chart):
        assert chart.find(f".//{C}dLbls/{C}showVal").get("val") == "1"
    status_values = [float(v.text) for v in status_chart.iterfind(f".//{C}val//{C}pt/{C}v")]
    assert sum(status_values) == len(payload["targets"])
    names = [v.text for v in score_chart.iterfind(f".//{C}cat//{C}pt/{C}v")]
    assert names == [u["name"] for u in payload["units"]]
    assert not [r for r in doc.part.rels.values() if "image" in r.reltype]

    # table 1: status counts, equal to a recount of the targets
    counts = Counter(t["status"] for t in payload["targets"])
    status_rows = [[c.text for c in r.cells] for r in doc.tables[0].rows[1:]]
    assert status_rows == [
        [
            STATUS_ZH[s],
            str(counts.get(s.value, 0)),
            f"{counts.get(s.value, 0) / len(payload['targets']):.0%}",
        ]
        for s in Status
    ]
    # table 3: unit scores as in the snapshot, in the same order
    unit_rows = [[c.text for c in r.cells] for r in doc.tables[2].rows[1:]]
    assert [r[1] for r in unit_rows] == [u["name"] for u in payload["units"]]
    for row, unit in zip(unit_rows, payload["units"], strict=True):
        assert row[6] == (f"{unit['score']:.1f}" if unit["score"] is not None else "—")
    commend = next(t for t in texts if t.startswith("拟表彰单位"))
    assert commend == "拟表彰单位：" + ("、".join(payload["commend"]) or "无") + "。"

    wb = load_workbook(out.with_suffix(".xlsx"))
    assert wb.sheetnames == ["说明", "目标状态", "单位得分", "区县汇总", "任务清单", "考核办法"]
    scores = {r[0]: r[5] for r in wb["单位得分"].iter_rows(min_row=2, values_only=True)}
    assert scores == pytest.approx({u["name"]: u["score"] for u in payload["units"]})
    targets = list(wb["目标状态"].iter_rows(min_row=2, values_only=True))
    assert Counter(r[13] for r in targets) == counts
    # the hand check of one unit: score = (0.6 x target + 0.4 x task) - deductions
    u = next(x for x in payload["units"] if x["target_score"] is not None and x["task_score"])
    expected = max(0.0, 0.6 * u["target_score"] + 0.4 * u["task_score"] - u["deductions"])
    assert u["score"] == pytest.approx(expected)
    districts = [r[0] for r in wb["区县汇总"].iter_rows(min_row=2, values_only=True)]
    assert set(districts) <= {
        "钟山区人民政府",
        "六枝特区人民政府",
        "水城区人民政府",
        "盘州市人民政府",
        "六盘水高新区管委会",
    }
    assert districts


def test_draft_report_for_a_year_without_assessment(demo_db: str, tmp_path: Path) -> None:
    out = tmp_path / "annual-2025"
    result = runner.invoke(app, ["report", "annual", "--year", "2025", "--output", str(out)])
    assert result.exit_code == 0, result.output
    doc = Document(str(out.with_suffix(".docx")))
    assert any("草稿" in p.text for p in doc.paragraphs)


def test_tracking_cli(demo_db: str) -> None:
    res = runner.invoke(app, ["tracking", "status", "--as-of", "2024-12-31", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert len(data) == 86 and {d["status"] for d in data} >= {"achieved", "on_track"}
    res = runner.invoke(app, ["tracking", "assess", "show", "--year", "2024", "--json"])
    assert json.loads(res.output)["state"] == "published"
    res = runner.invoke(app, ["tracking", "assess", "run", "--year", "2024"])
    assert res.exit_code != 0  # published: frozen
    res = runner.invoke(app, ["tracking", "values", "show", "光伏发电装机容量", "--json"])
    rows = json.loads(res.output)
    assert rows and all(r["origin"] == "demo" for r in rows)
    res = runner.invoke(app, ["tracking", "override", "1.3:t1", "--status", "on_track"])
    assert res.exit_code != 0
    res = runner.invoke(app, ["tracking", "reports", "owed", "--unit", "市能源局", "--json"])
    assert res.exit_code == 0 and isinstance(json.loads(res.output), list)
    res = runner.invoke(app, ["tracking", "audit", "--json", "--limit", "5"])
    assert res.exit_code == 0 and all(
        e["entity"].startswith("tracking") for e in json.loads(res.output)
    )


def test_annual_report_renders_as_an_official_document(demo_db: str, tmp_path: Path) -> None:
    """LibreOffice renders the .docx to PDF: A4 pages, a reasonable page count, and no table
    column narrower than its header on one line (GB/T 9704 layout: 156 mm text block)."""
    import re
    import shutil
    import subprocess

    from docx.shared import Mm

    from carbonpeak.reports.docx import FONTS, _width

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed: apt-get install libreoffice-writer-nogui")
    out = tmp_path / "annual.docx"
    result = runner.invoke(app, ["report", "annual", "--year", "2024", "--output", str(out)])
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    section = doc.sections[0]
    assert abs(section.top_margin - Mm(37)) < Mm(0.1) and abs(section.left_margin - Mm(28)) < Mm(
        0.1
    )
    assert "PAGE" in section.footer.paragraphs[0]._p.xml  # page numbers
    em = FONTS["table"][1] * 0.3528
    for table in doc.tables:
        header = table.rows[0].cells
        for i, cell in enumerate(header):
            width_mm = table.columns[i].cells[1].width / 36000 if len(table.rows) > 1 else 99
            assert width_mm >= _width(cell.text) * em, (cell.text, width_mm)
    texts = [p.text for p in doc.paragraphs]
    assert not any("T" in t and "+00:00" in t for t in texts)  # no raw UTC stamp
    assert not any(">=" in t or "<=" in t or "≥=" in t for t in texts)
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = (tmp_path / "annual.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 5 <= pages <= 45, pages
