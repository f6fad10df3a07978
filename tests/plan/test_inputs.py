"""Plan inputs other than plain text: PDF (text layer, layout), saved web pages, traditional
characters, compatibility glyphs."""

from __future__ import annotations

import importlib.util
import io
import logging
import subprocess
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType

import docx
import pytest

from carbonpeak.core.errors import InputError
from carbonpeak.plan.reading.parser import parse_text
from carbonpeak.plan.reading.pdf import Glyph, Line, layout_text, lines_of
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


def test_pdf_line_puts_each_glyph_at_its_own_place() -> None:
    # a LibreOffice line of a .docx (11-point text from x=189.1): the quote marks come first, as
    # one run of their own font over the line; the glyphs between them follow. A gap of a third
    # of a character or more is a space between words.
    glyphs = [
        Glyph(211.1, 174.1, 11.0, "“", 216.7),
        Glyph(238.7, 174.1, 11.0, "”", 244.3),
        *(
            Glyph(x, 174.1, 11.0, ch, x + 11.0)
            for x, ch in [(189.1, "强"), (200.1, "度"), (216.7, "双"), (227.7, "控"), (244.3, "制")]
        ),
        Glyph(260.0, 174.1, 11.0, "Liupanshui", 310.0),
        Glyph(314.0, 174.1, 11.0, "City", 334.0),
    ]
    (only,) = lines_of(glyphs)
    assert (only.x0, only.x1, only.text) == (189.1, 334.0, "强度“双控”制 Liupanshui City")


def _pdf(content: bytes) -> bytes:
    """A one-page PDF drawing ``content`` with Courier (/C) and Helvetica (/H), WinAnsi."""
    fonts = b"<< /C 4 0 R /H 5 0 R >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 6 0 R"
        b" /Resources << /Font " + fonts + b" >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def test_pdf_quote_marks_drawn_as_one_run_over_the_line() -> None:
    # ab“cd”ef at 12 points from x=100: Courier 7.2 a letter, Helvetica’s “ and ” 4.0 (333/1000).
    # The marks are one TJ drawn first; -1200 moves the second 14.4 on, past cd.
    content = (
        b"BT /H 12 Tf 114.4 100 Td [(\223) -1200 (\224)] TJ ET\n"
        b"BT /C 12 Tf 100 100 Td (ab) Tj ET\n"
        b"BT /C 12 Tf 118.4 100 Td (cd) Tj ET\n"
        b"BT /C 12 Tf 136.8 100 Td (ef) Tj ET"
    )
    assert read_document(_pdf(content), "quotes.pdf").text == "ab“cd”ef"


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
def test_seed_printed_to_pdf_parses_like_the_text(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pdf = tmp_path / "seed.pdf"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_seed_pdf.py"), str(pdf)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with caplog.at_level(logging.WARNING):
        from_pdf = parse_text(read_path(pdf).text)
    # Chromium's fonts lack details pdfminer warns about once per glyph: not for the user
    assert not [r for r in caplog.records if r.name.startswith("pdfminer")]
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


def _seed_pdf_script() -> ModuleType:
    """scripts/make_seed_pdf.py, the seed's printers (Chromium, LibreOffice), shared with
    benchmarks/bench_plan.py."""
    spec = importlib.util.spec_from_file_location(
        "make_seed_pdf", ROOT / "scripts" / "make_seed_pdf.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SEED_PDF = _seed_pdf_script()


@pytest.fixture(scope="module")
def libreoffice_prints(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed printed to PDF by LibreOffice, once for the module: as a .txt (wrapped at the
    page width, no indent, no spacing) and as a .docx of one paragraph per line (the quote marks,
    commas and ASCII brackets in the Latin font, the quote marks of a line drawn as one run)."""
    if SEED_PDF.SOFFICE is None:
        pytest.skip("needs LibreOffice (soffice) to print the seed to PDF")
    folder = tmp_path_factory.mktemp("libreoffice")
    seed = (resources.files("carbonpeak.data") / SEED).read_bytes()
    (folder / "plan.txt").write_bytes(seed)
    document = docx.Document()
    for text in seed.decode("utf-8").splitlines():
        document.add_paragraph(text)
    document.save(str(folder / "plan_docx.docx"))
    profile = folder / "profile"
    return {
        "txt": SEED_PDF.libreoffice_pdf(folder / "plan.txt", profile),
        "docx": SEED_PDF.libreoffice_pdf(folder / "plan_docx.docx", profile),
        "docx_source": folder / "plan_docx.docx",
    }


def test_seed_printed_by_libreoffice_parses_like_the_text(
    libreoffice_prints: dict[str, Path],
) -> None:
    seed = (resources.files("carbonpeak.data") / SEED).read_bytes()
    from_pdf = parse_text(read_path(libreoffice_prints["txt"]).text)
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


def test_seed_docx_printed_by_libreoffice_parses_like_the_text(
    libreoffice_prints: dict[str, Path],
) -> None:
    # LibreOffice draws a line's quote marks (in the .docx's Latin font) as one run, the second
    # mark moved past the Chinese between them by a kerning offset. Read at the run's place
    # they made 坚持重点行业领域能源消耗“”双控 (2.2.2-1), 乘”无缝衔接 (2.10.2-1, the line
    # before looked ended) and 下游缠绕“”、拉挤、模压 (the target of 2.3.1.3-2).
    seed = (resources.files("carbonpeak.data") / SEED).read_bytes()
    from_text = parse_text(read_document(seed, SEED).text)
    from_docx = parse_text(read_path(libreoffice_prints["docx_source"]).text)
    from_pdf = parse_text(read_path(libreoffice_prints["docx"]).text)

    by_id = {t.id: t for t in from_pdf.tasks}
    assert [by_id[i].title for i in ("2.2.2-1", "2.10.2-1")] == [
        "坚持重点行业领域能源消耗“双控”",
        "倡导绿色出行",
    ]
    (target,) = [t for t in from_pdf.targets if t.id == "2.3.1.3-2:t1"]
    assert target.indicator == (
        "气电结合工艺拉丝炉玄武岩纤维生产线及下游“缠绕、拉挤、模压”三大类产品生产线"
    )

    def read(plan: object) -> tuple[list[object], ...]:
        return (
            list(plan.actions),  # type: ignore[attr-defined]
            [(n.id, n.title) for n in plan.nodes],  # type: ignore[attr-defined]
            [
                (t.id, t.title, t.lead_units, t.responsible_units, t.default_units)
                for t in plan.tasks  # type: ignore[attr-defined]
            ],
            [
                (t.id, t.year, t.indicator, t.value, t.unit, t.comparator, t.lead_units)
                for t in plan.targets  # type: ignore[attr-defined]
            ],
            [(b.process, b.value) for b in plan.benchmarks],  # type: ignore[attr-defined]
        )

    assert [len(from_pdf.actions), len(from_pdf.tasks), len(from_pdf.targets)] == [11, 109, 86]
    assert read(from_pdf) == read(from_text)
    assert read(from_docx) == read(from_text)


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
