"""The CSV format of indicator values (pure): columns date (YYYY-MM-DD), value, unit,
source[, comment]; UTF-8 (with or without BOM) or GB18030."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from carbonpeak.core.errors import InputError, Problem


@dataclass(frozen=True)
class ImportRow:
    row: int
    observed_on: date
    value: float
    unit: str | None
    source: str
    comment: str | None


IMPORT_COLUMNS = ("date", "value", "unit", "source", "comment")


def parse_values_csv(data: bytes, *, name: str = "upload.csv") -> list[ImportRow]:
    """Rows of a CSV with columns date (YYYY-MM-DD), value, unit, source[, comment]. Every
    problem is collected (row, field, reason), then raised once: nothing is half-imported.
    The bytes are read as UTF-8 when they are valid UTF-8, else as GB18030."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="strict")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("date", "value", "source") if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(
            f"{name}: 缺少列 missing columns {missing}; 需要 expected {list(IMPORT_COLUMNS)}"
        )
    rows: list[ImportRow] = []
    problems: list[Problem] = []
    for i, raw in enumerate(reader, start=2):
        try:
            observed = date.fromisoformat((raw.get("date") or "").strip())
        except ValueError:
            problems.append(
                Problem(i, "date", f"日期应为 YYYY-MM-DD / not a date: {raw['date']!r}")
            )
            continue
        try:
            number = float((raw.get("value") or "").replace(",", ""))
        except ValueError:
            problems.append(Problem(i, "value", f"不是数字 / not a number: {raw['value']!r}"))
            continue
        source = (raw.get("source") or "").strip()
        if not source:
            problems.append(Problem(i, "source", "来源必填 / a source is required"))
            continue
        rows.append(
            ImportRow(i, observed, number, raw.get("unit") or None, source, raw.get("comment"))
        )
    if problems:
        lines = "; ".join(str(p) for p in problems[:20])
        raise InputError(f"{name}: {len(problems)} 行有误 rows with problems: {lines}", problems)
    return rows
