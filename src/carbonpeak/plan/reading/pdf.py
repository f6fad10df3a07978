"""A plan's PDF (text layer) → text with one paragraph per block, as it was typeset.

PDF text comes as positioned glyphs, lines broken by the page width. The reader rebuilds lines
(glyphs on one baseline), drops page furniture (page numbers, headers and footers repeated at the
top or bottom of most pages), and joins lines into paragraphs by layout: a paragraph ends where
a line stops short of the right margin, the next line is indented, or a wider gap follows.
A PDF without any text (a scan) is refused with a message saying so.
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from carbonpeak.core.errors import InputError

# Top and bottom bands of a page (share of its height) where headers and footers live.
MARGIN_BAND = 0.08
# A header or footer repeats (digits aside) on at least this share of pages.
REPEATED_SHARE = 0.5
# How many characters short of the right margin a line may end and still be continued.
SHORT_LINE_SLACK = 1.5
_PAGE_NUMBER = re.compile(
    r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:/|共)\s*\d{1,4}\s*页?)?[-—–\s]*$"
    r"|^(?:page\s*)?\d{1,4}\s*(?:of|/)\s*\d{1,4}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Glyph:
    """A run of text at a point of a page (PDF units, y upwards), with its font size."""

    x: float
    y: float
    size: float
    text: str


@dataclass(frozen=True)
class Line:
    x0: float
    x1: float
    y: float
    size: float
    text: str


def pdf_text(data: bytes, filename: str) -> str:
    """The text of a PDF plan, paragraphs separated by blank lines."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [(_glyphs(page), float(page.mediabox.height)) for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{filename}: 不是有效的 PDF 文件 / not a valid PDF: {exc}") from exc
    if not any(glyphs for glyphs, _ in pages):
        raise InputError(
            f"{filename}: PDF 没有文字层(可能是扫描件),请先做文字识别(OCR)或提供 .docx/.txt / "
            "the PDF has no text layer (a scan?): run OCR first or provide .docx/.txt"
        )
    return layout_text([(lines_of(glyphs), height) for glyphs, height in pages])


def _glyphs(page: object) -> list[Glyph]:
    out: list[Glyph] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            scale = abs(cm[3] * tm[3]) or 1.0
            out.append(Glyph(tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], size * scale, text))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return out


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
        text = "".join(g.text.replace("\n", "") for g in row).strip()
        if text:
            last = row[-1]
            size = max(g.size for g in row)
            lines.append(
                Line(row[0].x, last.x + _width(last.text, last.size), row[0].y, size, text)
            )
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
                not indented_layout and prev.x1 < right - SHORT_LINE_SLACK * prev.size
            )
            indented = line.x0 > left + 0.8 * line.size
            gap = page == prev_page and spacing > 0 and prev.y - line.y > spacing * 1.5
            new = short or indented or gap
        if new:
            paragraphs.append(line.text)
        else:
            paragraphs[-1] = _join(paragraphs[-1], line.text)
        previous = (page, line)
    return "\n\n".join(paragraphs)


def _join(left: str, right: str) -> str:
    # words of Latin letters keep a space; numbers and Chinese broken at a line end do not
    if left[-1:].isascii() and left[-1:].isalpha() and right[:1].isascii() and right[:1].isalpha():
        return f"{left} {right}"
    return left + right
