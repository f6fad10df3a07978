"""The annual evaluation report (碳达峰目标任务年度评估报告) written from its payload (pure):
the Word document (``docx.py``) and its data beside it as a workbook (``xlsx.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from carbonpeak.reports import docx, xlsx


def write_annual(payload: dict[str, Any], output: Path) -> tuple[Path, Path]:
    """Write ``output`` (.docx) and the data beside it (same name, .xlsx)."""
    if output.suffix.lower() != ".docx":
        output = output.with_suffix(".docx")
    output.parent.mkdir(parents=True, exist_ok=True)
    docx.write(payload, output)
    data = output.with_suffix(".xlsx")
    xlsx.write(payload, data)
    return output, data
