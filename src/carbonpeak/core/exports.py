"""Safe spreadsheet exports (防公式注入): a text that begins with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return is written as text, never as a live formula, in every .xlsx and
.csv the platform produces (OWASP "CSV injection"). A task title ``=HYPERLINK(...)`` stays
the words someone typed.

- .xlsx: the cell is a string cell with Excel's quote prefix (shown as typed, not evaluated,
  and still text after someone edits it); the value itself is unchanged.
- .csv: the text gets a leading apostrophe (a CSV has no cell types; spreadsheet programs
  drop the apostrophe on display).

Numbers stay numbers: only text is touched, so a negative value is still a number.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def risky(value: object) -> bool:
    """Whether a spreadsheet program could take ``value`` for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_safe(value: Any) -> Any:
    """The value to write in a CSV cell."""
    return "'" + value if risky(value) else value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_safe(v) for v in values]


def csv_dict(row: dict[str, Any]) -> dict[str, Any]:
    return {k: csv_safe(v) for k, v in row.items()}


def text_cells(workbook: Any) -> Any:
    """Make every risky text cell of an (ordinary, not write-only) openpyxl workbook a text
    cell; returns the workbook. Call it just before ``save``."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if risky(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    return workbook


def write_only_row(ws: Any, values: Iterable[Any]) -> list[Any]:
    """``values`` for ``ws.append`` of a write-only worksheet, risky texts as text cells."""
    # openpyxl takes ~0.2 s to import: only when a workbook is written
    from openpyxl.cell import WriteOnlyCell

    out: list[Any] = []
    for v in values:
        if risky(v):
            cell = WriteOnlyCell(ws, value=v)
            cell.data_type = "s"
            cell.quotePrefix = True
            out.append(cell)
        else:
            out.append(v)
    return out
