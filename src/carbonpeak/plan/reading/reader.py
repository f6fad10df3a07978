"""Reading a plan document: UTF-8/GB18030 text, .docx, .pdf (text layer) or a saved web page
(.html). Returns text; parsing is elsewhere. Traditional characters and compatibility glyphs are
handled by the parser's text clean-up (``text.normalize``)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from carbonpeak.core.errors import InputError
from carbonpeak.plan.reading.text import decode


@dataclass(frozen=True)
class Document:
    filename: str
    kind: str  # text | docx | pdf | html | yaml
    text: str
    sha256: str


def read_document(data: bytes, filename: str) -> Document:
    """Turn uploaded/read bytes into text. A .docx is read paragraph by paragraph."""
    digest = hashlib.sha256(data).hexdigest()
    lower = filename.lower()
    if lower.endswith(".docx") or data[:2] == b"PK":
        return Document(filename, "docx", _docx_text(data, filename), digest)
    if lower.endswith(".doc"):
        raise InputError(
            f"{filename}: 不支持旧版 .doc 格式,请另存为 .docx 或 .txt / "
            "legacy .doc is not supported: save as .docx or .txt"
        )
    if lower.endswith(".pdf") or data[:5] == b"%PDF-":
        from carbonpeak.plan.reading.pdf import pdf_text

        return Document(filename, "pdf", pdf_text(data, filename), digest)
    kind = "yaml" if lower.endswith((".yaml", ".yml")) else "text"
    text = decode(data, name=filename)
    if lower.endswith((".html", ".htm")) or _looks_like_html(text):
        from carbonpeak.plan.reading.webpage import html_text

        return Document(filename, "html", html_text(text, filename), digest)
    return Document(filename, kind, text, digest)


def _looks_like_html(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<html" in head[:200]


def read_path(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: 无法读取文件 / cannot read file: {exc.strerror}") from exc
    return read_document(data, path.name)


def _docx_text(data: bytes, filename: str) -> str:
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{filename}: 不是有效的 .docx 文件 / not a valid .docx file") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:  # some plans put task lists in tables
        for row in table.rows:
            lines.append(" ".join(cell.text for cell in row.cells))
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(f"{filename}: 文档没有文字 / the document has no text")
    return text
