"""Reading a plan document: UTF-8/GB18030 text or .docx. Returns text; parsing is elsewhere."""

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
    kind: str  # text | docx | yaml
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
    kind = "yaml" if lower.endswith((".yaml", ".yml")) else "text"
    return Document(filename, kind, decode(data, name=filename), digest)


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
