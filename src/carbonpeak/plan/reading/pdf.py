"""A plan's PDF (text layer) → text with one paragraph per block, as it was typeset.

PDF text comes as positioned glyphs, lines broken by the page width. The reader takes each
character at its own place (pdfminer.six: where every glyph starts and ends, widths from the
font). A text run's place is not enough: LibreOffice draws a line's quote marks (“ ”, in a
.docx's Latin font) as one run, ``[“ -1997 ”] TJ``, the second mark moved past the Chinese in
between by a kerning offset; pypdf's runs put both marks at the first one's place, so
强度“双控”制度 read 强度“”双控制度, and titles and unit lists broke. The reader rebuilds lines
(glyphs on one baseline, a space where a gap of 0.3 character or more separates two glyphs),
drops page furniture (page numbers, headers and footers repeated at the
top or bottom of most pages), and joins lines into paragraphs by layout: a paragraph ends where
a line stops short of the right margin, the next line is indented, or a wider gap follows.

Where paragraphs are not indented (LibreOffice's print of a .txt file: lines wrapped at the page
width, no indent, no spacing), layout alone is ambiguous, so two rules of Chinese line breaking
and two of plan text decide:

* a line stops short without ending its paragraph when the next line's first unbreakable piece
  would not have fitted in the room left: a closing mark may not start a line and pulls the
  character before it down (…市卫生健康 / 局〕, …光储直 / 柔’建筑), an opening mark may not
  end one (…杜绝 / “大拆大建”, …提升。 / 〔牵头单位…〕), a Latin word or number moves whole
  (…减量置换 / 4000t/d产能);
* a line reaching the margin still ends its paragraph when it closes a unit annotation
  (…〔牵头单位:市能源局〕 / 2. 大力发展新能源, … / 推进人工智能产业发展。…) or ends a
  sentence before a line that starts with a heading's number (…转型。 / 1. 推进煤炭消费…).

A paragraph that ends a sentence exactly at the margin, followed by one that starts without a
number or an annotation before it, cannot be told from a wrapped line and is joined.
A PDF without any text (a scan) is refused with a message saying so.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from carbonpeak.core.errors import InputError
from carbonpeak.plan.reading.annotations import find_annotations
from carbonpeak.plan.reading.headings import starts_with_marker

# Top and bottom bands of a page (share of its height) where headers and footers live.
MARGIN_BAND = 0.08
# A header or footer repeats (digits aside) on at least this share of pages.
REPEATED_SHARE = 0.5
# How many characters short of the right margin a line may end and still be continued.
SHORT_LINE_SLACK = 1.5
# A gap between two glyphs (share of the font size) that reads as a space between words.
WORD_GAP = 0.3
# Room (characters) a line's next piece may need beyond its own width and still have been moved
# down, for the estimate of glyph widths (fonts differ from _width's by a fraction of a character).
FIT_SLACK = 0.5
# Chinese line breaking (GB/T 15834, the kinsoku rules of LibreOffice and browsers): marks that may
# not end a line (they move down with the next character) and marks that may not start one (they
# pull the character before them down).
_NO_LINE_END = "([{〔【《〈「『“‘（［｛〖"
_NO_LINE_START = ")]}〕】》〉」』”’）］｝〗、。，．：；！？,.:;!?%‰°℃"
# A Latin word or number, with a sign before it (≤135kgce/t, 4000t/d), moves down whole.
_ALNUM = "0-9A-Za-z０-９Ａ-Ｚａ-ｚ"
_WORD = re.compile(rf"[<>≤≥＜＞±~+\-]*[{_ALNUM}][{_ALNUM}./%+\-_~@#&*=]*")
_SENTENCE_END = "。;:!?〕)】；：！？）"
_PAGE_NUMBER = re.compile(
    r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:/|共)\s*\d{1,4}\s*页?)?[-—–\s]*$"
    r"|^(?:page\s*)?\d{1,4}\s*(?:of|/)\s*\d{1,4}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Glyph:
    """A glyph (or a run of text) at a point of a page (PDF units, y upwards), with its font size
    and, where the extractor knows it, where it ends."""

    x: float
    y: float
    size: float
    text: str
    x1: float | None = None

    @property
    def end(self) -> float:
        return self.x1 if self.x1 is not None else self.x + _width(self.text, self.size)


@dataclass(frozen=True)
class Line:
    x0: float
    x1: float
    y: float
    size: float
    text: str


def pdf_text(data: bytes, filename: str) -> str:
    """The text of a PDF plan, paragraphs separated by blank lines."""
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:  # (pdfminer checks some of a broken file's structure with assert)
        pages = _pages(data)
    except (
        PDFSyntaxError,
        PSException,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        AssertionError,
    ) as exc:
        raise InputError(f"{filename}: 不是有效的 PDF 文件 / not a valid PDF: {exc}") from exc
    if not any(glyphs for glyphs, _ in pages):
        raise InputError(
            f"{filename}: PDF 没有文字层(可能是扫描件),请先做文字识别(OCR)或提供 .docx/.txt / "
            "the PDF has no text layer (a scan?): run OCR first or provide .docx/.txt"
        )
    return layout_text([(lines_of(glyphs), height) for glyphs, height in pages])


def _pages(data: bytes) -> list[tuple[list[Glyph], float]]:
    """Every page's characters at their origin (baseline), with their ends, and its height."""
    # pdfminer warns once per glyph about font details a printer left out (Chromium's PDFs:
    # "Could not get FontBBox", hundreds per page); the text does not depend on them, and a
    # user can do nothing about it: only its errors are let through.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=None)  # characters as drawn, not grouped
    interpreter = PDFPageInterpreter(manager, device)
    pages = []
    for page in PDFPage.get_pages(io.BytesIO(data)):
        interpreter.process_page(page)
        glyphs = [
            Glyph(item.matrix[4], item.matrix[5], item.size, item.get_text(), item.x1)
            for item in device.get_result()
            if isinstance(item, LTChar) and item.upright and item.get_text().strip()
        ]
        pages.append((glyphs, float(page.mediabox[3] - page.mediabox[1])))
    return pages


def _width(text: str, size: float) -> float:
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.55 for ch in text)


def lines_of(glyphs: list[Glyph]) -> list[Line]:
    """Glyphs on one baseline (within a third of the font size) make a line, top to bottom."""
    rows: list[list[Glyph]] = []
    for g in sorted(glyphs, key=lambda g: (-g.y, g.x)):
        if rows and abs(rows[-1][0].y - g.y) <= max(g.size, 1.0) / 3:
            rows[-1].append(g)
        else:
            rows.append([g])
    lines = []
    for row in rows:
        row.sort(key=lambda g: g.x)
        parts: list[str] = []
        for before, g in zip([None, *row], row, strict=False):
            if before is not None and g.x - before.end >= WORD_GAP * g.size:
                parts.append(" ")  # a gap between glyphs drawn without a space glyph
            parts.append(g.text.replace("\n", ""))
        text = re.sub(r" {2,}", " ", "".join(parts)).strip()
        if text:
            size = max(g.size for g in row)
            # the rightmost end, not the last run's: a run drawn over another's gap (a quote
            # mark in its own font, LibreOffice) starts inside it
            x1 = max(g.end for g in row)
            lines.append(Line(row[0].x, x1, row[0].y, size, text))
    return lines


def _furniture(pages: list[tuple[list[Line], float]]) -> set[tuple[int, int]]:
    """(page, line) indexes of page numbers and of headers/footers repeated on most pages."""

    def key(text: str) -> str:
        return re.sub(r"\d+", "#", text.replace(" ", ""))

    in_band: list[tuple[int, int, str]] = []
    for p, (lines, height) in enumerate(pages):
        for i, line in enumerate(lines):
            if line.y > height * (1 - MARGIN_BAND) or line.y < height * MARGIN_BAND:
                in_band.append((p, i, line.text))
    counts = Counter(key(text) for _, _, text in in_band)
    repeated = {k for k, n in counts.items() if len(pages) > 1 and n >= len(pages) * REPEATED_SHARE}
    return {(p, i) for p, i, text in in_band if _PAGE_NUMBER.match(text) or key(text) in repeated}


def layout_text(pages: list[tuple[list[Line], float]]) -> str:
    """Join the lines of all pages into paragraphs by layout (see the module docstring)."""
    skip = _furniture(pages)
    body = [
        (p, line)
        for p, (lines, _) in enumerate(pages)
        for i, line in enumerate(lines)
        if (p, i) not in skip
    ]
    if not body:
        return ""
    left = min(line.x0 for _, line in body)
    right = sorted(line.x1 for _, line in body)[int(len(body) * 0.9)]
    gaps = Counter(round(a.y - b.y, 1) for (pa, a), (pb, b) in itertools.pairwise(body) if pa == pb)
    spacing = gaps.most_common(1)[0][0] if gaps else 0.0
    # Where first lines are indented (as in printed plans), the indent alone starts a paragraph:
    # a line inside one may end well short of the margin (a closing mark may not start a line,
    # a long number or unit such as ≤13000kWh/t moves down whole).
    indented_layout = sum(1 for _, line in body if line.x0 > left + 1.5 * line.size) * 20 >= len(
        body
    )
    paragraphs: list[str] = []
    previous: tuple[int, Line] | None = None
    for page, line in body:
        new = previous is None
        if previous is not None:
            prev_page, prev = previous
            # a line that stops before the middle ends its paragraph in any layout
            short = prev.x1 < (left + right) / 2 or (
                not indented_layout and _room_left(prev, right, line.text, line.size)
            )
            indented = line.x0 > left + 0.8 * line.size
            gap = page == prev_page and spacing > 0 and prev.y - line.y > spacing * 1.5
            new = short or indented or gap
            if not new and not indented_layout:
                new = _ends_before(paragraphs[-1], line.text)
        if new:
            paragraphs.append(line.text)
        else:
            paragraphs[-1] = _join(paragraphs[-1], line.text)
        previous = (page, line)
    return "\n\n".join(paragraphs)


def first_piece(text: str) -> str:
    """What of ``text`` could not have been left at the end of the line above: opening marks, the
    first character or Latin word or number, and the closing marks after it."""
    i = 0
    while i < len(text) and text[i] in _NO_LINE_END:
        i += 1
    word = _WORD.match(text, i)
    j = word.end() if word else min(i + 1, len(text))
    while j < len(text) and text[j] in _NO_LINE_START:
        j += 1
    return text[:j]


def _room_left(prev: Line, right: float, following: str, size: float) -> bool:
    """Whether ``prev`` stops short of the margin by more than the next line's first piece."""
    room = right - prev.x1
    needed = _width(first_piece(following), size) + FIT_SLACK * size
    return room > SHORT_LINE_SLACK * prev.size and room > needed


def _ends_before(paragraph: str, following: str) -> bool:
    """Whether a paragraph whose last line reached the margin ends there all the same: it closes a
    unit annotation, or ends a sentence before a line starting with a heading's number."""
    text = unicodedata.normalize("NFKC", paragraph)
    if text[-1:] not in _SENTENCE_END or following[:1] in _NO_LINE_START:
        return False  # (a mark that may not start a line shows the line goes on)
    if starts_with_marker(following):
        return True
    return text[-1] in ")〕】" and any(a.end == len(text) for a in find_annotations(text))


def _join(left: str, right: str) -> str:
    # words of Latin letters keep a space; numbers and Chinese broken at a line end do not
    if left[-1:].isascii() and left[-1:].isalpha() and right[:1].isascii() and right[:1].isalpha():
        return f"{left} {right}"
    return left + right
