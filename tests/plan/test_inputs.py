"""Plan inputs other than plain text: PDF (text layer, layout), saved web pages, traditional
characters, compatibility glyphs."""

from __future__ import annotations

import io
import shutil
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


def test_pdf_layout_without_indents_rejoins_lines_by_chinese_line_breaking() -> None:
    # LibreOffice's print of a .txt: text from x=50, full lines end at 530 (48 characters of 10
    # points), no indent, no spacing. The shapes are those met in its print of the seed.
    lines = [
        "推进产能结构升级优化。完成海螺水泥原2500t/d水泥熟料生产线减量置换",  # 500: 3 short
        "4000t/d产能生产线。〔牵头单位:市工业和信息化局〕",  # whole word moved down
        "做强生物制药制剂产业。加快推动新药品开发。〔牵头单位:市卫生健康",  # 510: 2 short
        "局〕",  # 〕 may not start a line: it pulled 局 down
        "做大先进装备制造产业。打造高端装备制造及应用基地。〔牵头单位:市能源局〕",  # full
        "推进人工智能产业发展。开发人工智能通用应用系统。",  # a new task: after 〕
        "加快推动绿色建筑发展。严格执行建筑拆除管理办法,杜绝",  # 510: “ may not end a line
        "“大拆大建”。〔牵头单位:市自然资源局〕",  # 440: really short, the paragraph ends
        "提升地质碳汇能力。实现地质—生态—农业综合碳汇能力提升。",  # 510: 〔 moved down
        "〔牵头单位:市自然资源局;责任单位:市科技局〕",  # full
        "守住能源安全底线,引领经济社会发展绿色低碳转型。",  # full, a heading follows
        "1. 推进煤炭消费替代和转型升级",  # 350
        "完善能源消费总量和强度双控制度。",  # 495: room for 到, so the paragraph ends
        "到2025年,非化石能源消费比重达到20%。",  # 480
        "(十一)各区市梯次有序碳达峰行动",  # 400
    ]
    ends = [500, 530, 510, 70, 530, 300, 510, 440, 510, 530, 530, 350, 495, 480, 400]
    body = [
        line(50, x1, 780 - 15 * i, text)
        for i, (x1, text) in enumerate(zip(ends, lines, strict=True))
    ]
    # full lines make the right margin (a tenth of lines may reach past it)
    body += [line(50, 530, 540 - 15 * i, "正文" * 24) for i in range(20)]
    paragraphs = layout_text([(body, 800.0)]).split("\n\n")
    assert paragraphs[:11] == [
        "推进产能结构升级优化。完成海螺水泥原2500t/d水泥熟料生产线减量置换"
        "4000t/d产能生产线。〔牵头单位:市工业和信息化局〕",
        "做强生物制药制剂产业。加快推动新药品开发。〔牵头单位:市卫生健康局〕",
        "做大先进装备制造产业。打造高端装备制造及应用基地。〔牵头单位:市能源局〕",
        "推进人工智能产业发展。开发人工智能通用应用系统。",
        "加快推动绿色建筑发展。严格执行建筑拆除管理办法,杜绝“大拆大建”。〔牵头单位:市自然资源局〕",
        "提升地质碳汇能力。实现地质—生态—农业综合碳汇能力提升。"
        "〔牵头单位:市自然资源局;责任单位:市科技局〕",
        "守住能源安全底线,引领经济社会发展绿色低碳转型。",
        "1. 推进煤炭消费替代和转型升级",
        "完善能源消费总量和强度双控制度。",
        "到2025年,非化石能源消费比重达到20%。",
        "(十一)各区市梯次有序碳达峰行动",
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


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (soffice) to print the seed to PDF")
def test_seed_printed_by_libreoffice_parses_like_the_text(tmp_path: Path) -> None:
    # LibreOffice prints a .txt wrapped at the page width, without indents or spacing (one
    # conversion, ~10 s); its own profile so that a running LibreOffice does not block it
    seed = (resources.files("carbonpeak.data") / SEED).read_bytes()
    (tmp_path / "plan.txt").write_bytes(seed)
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--infilter=Text (encoded):UTF8,,,",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "plan.txt"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    from_pdf = parse_text(read_path(tmp_path / "plan.pdf").text)
    from_text = parse_text(read_document(seed, SEED).text)

    # the tasks whose lines LibreOffice wrapped inside a bracket, before a quote or a number, or
    # whose paragraph ended at the margin before the next task or heading (checked by hand
    # against the seed's lines)
    by_id = {t.id: t for t in from_pdf.tasks}
    assert [
        (by_id[i].title, by_id[i].lead_units, by_id[i].responsible_units)
        for i in ("2.3.1.3-1", "2.3.3-2", "2.3.3-4", "2.4.1-2", "2.9.2-2")
    ] == [
        ("推进产能结构升级优化", ["市工业和信息化局", "市住房城乡建设局", "市市场监管局"], []),
        ("做强生物制药制剂产业", ["市卫生健康局"], []),
        ("推进人工智能产业发展", ["市工业和信息化局"], []),
        ("加快推动绿色建筑发展", ["市住房城乡建设局", "市自然资源局"], []),
        ("提升地质碳汇能力", ["市自然资源局", "市农业农村局", "市林业局"], ["市科技局"]),
    ]
    assert not [t.title for t in from_pdf.tasks if t.title.startswith(("局〕", "柔’"))]
    assert from_pdf.node("2.11").title == "各区市梯次有序碳达峰行动"

    assert len(from_pdf.actions) == 11 and from_pdf.actions == from_text.actions
    assert [(n.id, n.title) for n in from_pdf.nodes] == [(n.id, n.title) for n in from_text.nodes]
    assert len(from_pdf.tasks) == 109
    assert [
        (t.id, t.title, t.lead_units, t.responsible_units, t.default_units) for t in from_pdf.tasks
    ] == [
        (t.id, t.title, t.lead_units, t.responsible_units, t.default_units) for t in from_text.tasks
    ]
    assert [
        (t.id, t.year, t.indicator, t.value, t.unit, t.lead_units) for t in from_pdf.targets
    ] == [(t.id, t.year, t.indicator, t.value, t.unit, t.lead_units) for t in from_text.targets]
    assert [(b.process, b.value) for b in from_pdf.benchmarks] == [
        (b.process, b.value) for b in from_text.benchmarks
    ]
    # The same warnings (the seed's own typo 事教育局 included); only the preamble counts differ:
    # the PDF's layout keeps the web page's 13 short lines apart, the text's line-joining makes 5.
    assert [w.code for w in from_pdf.warnings] == [w.code for w in from_text.warnings]
    preamble = [w.message for w in from_pdf.warnings + from_text.warnings if w.code == "preamble"]
    assert [m.split(" ")[1] for m in preamble] == ["13", "5"]


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
