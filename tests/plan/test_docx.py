"""A plan delivered as .docx reads like the same plan as text."""

from __future__ import annotations

import io

import docx
import pytest

from carbonpeak.core.errors import InputError
from carbonpeak.plan.reading.parser import parse_text
from carbonpeak.plan.reading.reader import read_document

LINES = [
    "某市碳达峰实施方案",
    "一、重点任务",
    "（一）能源绿色低碳转型行动",
    "1. 大力发展新能源",
    "推动高比例零碳电力。到2025年，光伏装机容量达到300万千瓦。〔牵头单位：市能源局；责任单位：市水务局〕",
]


def make_docx(lines: list[str]) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_plan_equals_text_plan() -> None:
    from_docx = parse_text(read_document(make_docx(LINES), "plan.docx").text)
    from_text = parse_text("\n".join(LINES))
    assert from_docx == from_text
    (task,) = from_docx.tasks
    assert (task.lead_units, task.responsible_units) == (["市能源局"], ["市水务局"])
    (target,) = from_docx.targets
    assert (target.year, target.value, target.unit) == (2025, 300.0, "万千瓦")


def test_broken_docx_and_legacy_doc() -> None:
    with pytest.raises(InputError, match="docx"):
        read_document(b"PK\x03\x04 not really a zip", "plan.docx")
    with pytest.raises(InputError, match=r"\.doc"):
        read_document(b"\xd0\xcf\x11\xe0 old word", "plan.doc")
