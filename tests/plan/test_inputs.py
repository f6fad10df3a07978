"""Plan inputs other than plain text: PDF (text layer, layout), saved web pages, traditional
characters, compatibility glyphs."""

from __future__ import annotations

import io
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from carbonpeak.core.errors import InputError
from carbonpeak.plan.reading.parser import parse_text
from carbonpeak.plan.reading.pdf import Line, layout_text
from carbonpeak.plan.reading.reader import read_document, read_path
from carbonpeak.plan.reading.text import normalize

ROOT = Path(__file__).parents[2]
SEED = "liupanshui_carbon_peak_plan_2023.txt"


def line(x0: float, x1: float, y: float, text: str) -> Line:
    return Line(x0, x1, y, 10.0, text)


def test_pdf_layout_joins_lines_and_drops_page_furniture() -> None:
    # two pages of text between x=50 and x=550, first lines indented by 2 characters
    page1 = [
        line(50, 300, 780, "六盘水市人民政府文件"),  # header, repeated on page 2
        line(70, 130, 700, "一、总体要求"),
        line(70, 550, 680, "到2025年,非化石能源消费比重达"),
        line(50, 300, 660, "到20%。〔牵头单位:市能源局〕"),
        line(70, 130, 640, "二、重点任务"),
        line(280, 320, 30, "- 1 -"),  # page number
    ]
    page2 = [
        line(50, 300, 780, "六盘水市人民政府文件"),
        line(50, 550, 700, "接上页的正文继续"),
        line(280, 320, 30, "- 2 -"),
    ]
    text = layout_text([(page1, 800.0), (page2, 800.0)])
    assert text.split("\n\n") == [
        "一、总体要求",
        "到2025年,非化石能源消费比重达到20%。〔牵头单位:市能源局〕",
        "二、重点任务",
        "接上页的正文继续",
    ]


def test_pdf_without_text_layer_is_refused_clearly() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(InputError, match=r"没有文字层.*OCR"):
        read_document(buffer.getvalue(), "scan.pdf")
    with pytest.raises(InputError, match="不是有效的 PDF"):
        read_document(b"%PDF-1.4 broken", "broken.pdf")


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs /usr/bin/chromium")
def test_seed_printed_to_pdf_parses_like_the_text(tmp_path: Path) -> None:
    pdf = tmp_path / "seed.pdf"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_seed_pdf.py"), str(pdf)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    from_pdf = parse_text(read_path(pdf).text)
    seed = (resources.files("carbonpeak.data") / SEED).read_bytes()
    from_text = parse_text(read_document(seed, SEED).text)

    def tasks(plan: object) -> list[tuple[object, ...]]:
        return [
            (t.id, t.title, t.lead_units, t.responsible_units, t.default_units)
            for t in plan.tasks  # type: ignore[attr-defined]
        ]

    def targets(plan: object) -> list[tuple[object, ...]]:
        return [
            (t.id, t.year, t.indicator, t.value, t.unit, t.comparator, t.lead_units)
            for t in plan.targets  # type: ignore[attr-defined]
        ]

    assert len(from_pdf.tasks) == 109
    assert tasks(from_pdf) == tasks(from_text)
    assert targets(from_pdf) == targets(from_text)
    assert [(b.process, b.value) for b in from_pdf.benchmarks] == [
        (b.process, b.value) for b in from_text.benchmarks
    ]


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>某市碳达峰实施方案</title>
<script>var nav = "一、不是正文";</script></head><body>
<div class="nav"><a href="/">首页</a> <a>政务公开</a> <a>一、机构概况</a></div>
<div class="position">当前位置:首页 > 政策文件</div>
<div class="TRS_Editor">
<p style="text-align:center">某市碳达峰实施方案</p>
<p>一、主要目标</p>
<p>　　到2025年，全市非化石能源消费比重达到20%左右。</p>
<p>二、重点任务</p>
<p>(一)能源绿色低碳转型行动</p>
<p>　　推进光伏发电。到2025年，光伏装机达到300万千瓦。
（牵头单位：市能源局；配合单位：市发展改革委）</p>
</div>
<div class="footer">主办:某市人民政府办公室 版权所有 网站标识码 1234567890</div>
</body></html>"""


def test_saved_government_page_gives_the_article() -> None:
    document = read_document(PAGE.encode("utf-8"), "plan.html")
    assert document.kind == "html"
    assert "首页" not in document.text and "版权所有" not in document.text
    plan = parse_text(document.text)
    assert plan.title == "某市碳达峰实施方案"
    assert [(t.lead_units, t.responsible_units) for t in plan.tasks] == [
        (["市能源局"], ["市发展改革委"])
    ]
    assert [(t.year, t.value, t.unit) for t in plan.targets] == [
        (2025, 20.0, "%"),
        (2025, 300.0, "万千瓦"),
    ]


def test_traditional_characters_are_read_as_simplified() -> None:
    text = (
        "某市碳達峰實施方案\n一、重點任務\n(一)能源綠色低碳轉型行動\n"
        "推進光伏發電。到2025年，光伏裝機達到300萬千瓦，力爭達到400萬千瓦。"
        "(牽頭單位：市能源局)\n"
    )
    plan = parse_text(text)
    assert plan.title == "某市碳达峰实施方案"
    assert [(t.value, t.unit, t.aspirational) for t in plan.targets] == [
        (300.0, "万千瓦", False),
        (400.0, "万千瓦", True),
    ]
    assert plan.tasks[0].lead_units == ["市能源局"]


def test_simplified_text_is_left_alone() -> None:
    # t2s would turn 显著 into 显着; a simplified text is not converted
    assert normalize("显著提升能效水平。") == "显著提升能效水平。"


def test_compatibility_glyphs_from_pdfs() -> None:
    # Kangxi radicals (NFKC), CJK radicals supplement and the horizontal bar
    assert normalize("绿⾊低碳⼤⼒发展⻛电,⻓效机制,煤炭―煤层气") == (
        "绿色低碳大力发展风电,长效机制,煤炭—煤层气"
    )


def test_legacy_doc_still_refused() -> None:
    with pytest.raises(InputError, match=r"\.doc"):
        read_document(b"\xd0\xcf\x11\xe0 old word", "plan.doc")
