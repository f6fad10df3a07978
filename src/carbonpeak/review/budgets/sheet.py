"""Budgets of one year for many districts and units at once: a CSV with the columns
``scope, code, equivalent_tce, equal_value_tce, co2_t, source`` (用能预算分解表). Every row is
checked before any is stored; a problem names its row and field.

>>> rows = read_budgets("scope,code,equivalent_tce,equal_value_tce,co2_t,source\\n"
...                     "district,520201,1000,1200,2500,示意\\n")
>>> rows[0]["equal_value_tce"]
1200.0
>>> try:
...     read_budgets("scope,code\\ndistrict,520201\\n")
... except InputError as exc:
...     print(exc.problems[0])
file, equivalent_tce: 缺少列 missing column
"""

from __future__ import annotations

import csv
import io
from typing import Any

from carbonpeak.core.errors import InputError, Problem

COLUMNS = ("scope", "code", "equivalent_tce", "equal_value_tce", "co2_t", "source")
NUMBERS = ("equivalent_tce", "equal_value_tce", "co2_t")
MAX_ROWS = 5000


def read_budgets(text: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in COLUMNS[:-1] if c not in (reader.fieldnames or [])]
    if missing:
        problems = [Problem(None, c, "缺少列 missing column") for c in missing]
        raise InputError(f"预算表有误 / bad budget file: {problems[0]}", problems)
    rows: list[dict[str, Any]] = []
    problems = []
    for n, raw in enumerate(reader, start=2):
        if n - 1 > MAX_ROWS:
            problems.append(Problem(n, "row", f"超过 {MAX_ROWS} 行 / more than {MAX_ROWS} rows"))
            break
        row: dict[str, Any] = {
            "scope": (raw.get("scope") or "").strip(),
            "code": (raw.get("code") or "").strip(),
            "source": (raw.get("source") or "").strip(),
        }
        for col in NUMBERS:
            text_value = (raw.get(col) or "").strip()
            try:
                row[col] = float(text_value)
            except ValueError:
                problems.append(Problem(n, col, f"不是数字 / not a number: {text_value!r}"))
        if not row["code"]:
            problems.append(Problem(n, "code", "必填 / required"))
        rows.append(row)
    if problems:
        raise InputError(f"预算表有误 / bad budget file: {problems[0]}", problems)
    return rows
