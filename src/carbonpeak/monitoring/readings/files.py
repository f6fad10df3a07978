"""Files of readings as metering systems export them (CSV / .xlsx): columns ``point, ts,
value`` (optionally ``correction, reason``), one reading per row. Pure: the rows go through the
one validation path (:mod:`.validate`) when :mod:`.service` stores them.
"""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from carbonpeak.core.errors import InputError
from carbonpeak.core.intake import capped_rows, check_workbook
from carbonpeak.monitoring.registry.exchange import cell_flag, cell_text

REQUIRED = ("point", "ts", "value")


def _decode(data: bytes, label: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{label}: 无法识别的文件编码 / file is neither UTF-8 nor GB18030 text")


def _xlsx_rows(path: Path, label: str) -> list[dict[Any, Any]]:
    check_workbook(path, label=label)  # before openpyxl inflates a zip bomb
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken workbook
        raise InputError(f"{label}: 不是有效的xlsx文件 / not a valid .xlsx file ({exc})") from None
    try:
        it = wb.worksheets[0].iter_rows(values_only=True)
        header = [cell_text(h).lower() for h in next(it, ())]
        _check_header(header, label)
        return [dict(zip(header, values, strict=False)) for values in capped_rows(it, label=label)]
    finally:
        wb.close()


def _csv_rows(data: bytes, label: str) -> list[dict[Any, Any]]:
    text = _decode(data, label)
    if "\x00" in text:
        raise InputError(f"{label}: 不是文本文件 / not a text file (NUL bytes)")
    try:
        reader = csv.DictReader(io.StringIO(text))
        _check_header([(h or "").strip().lower() for h in reader.fieldnames or []], label)
        reader.fieldnames = [(h or "").strip().lower() for h in reader.fieldnames or []]
        return list(capped_rows(reader, label=label))
    except csv.Error as exc:
        raise InputError(f"{label}: CSV 格式错误 / malformed CSV: {exc}") from None


def _check_header(header: list[str], label: str) -> None:
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(
            f"{label}: 缺少列 / missing columns {', '.join(missing)} "
            f"(需要 needs {', '.join(REQUIRED)})"
        )


def read_readings(path: Path) -> list[dict[str, Any]]:
    """Rows ``{point, ts, value[, correction, reason]}`` of a CSV (UTF-8 or GB18030) or .xlsx
    export; values are kept as written (numbers parsed from text), the validation is the
    ingest path's. An empty file, a file that is not what its name says, or one without the
    ``point, ts, value`` columns is an ``InputError`` (one line), never a traceback."""
    label = path.name
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv", ".txt"):
        raise InputError(
            f"不支持的文件类型 {suffix} / unsupported file type {suffix} (.csv, .xlsx)"
        )
    if path.stat().st_size == 0:
        raise InputError(f"{label}: 空文件 / the file is empty")
    raw = _xlsx_rows(path, label) if suffix == ".xlsx" else _csv_rows(path.read_bytes(), label)
    if not raw:
        raise InputError(f"{label}: 文件中没有读数 / no readings in the file")
    rows = []
    for item in raw:
        row: dict[str, Any] = {k: v for k, v in item.items() if k in ("point", "ts", "value")}
        if hasattr(row.get("ts"), "isoformat"):
            row["ts"] = row["ts"].isoformat()  # a spreadsheet date: no offset, refused later
        if isinstance(row.get("value"), str):
            with contextlib.suppress(ValueError):  # else refused with its reason by ingest
                row["value"] = float(row["value"])
        if cell_flag(item.get("correction"), False):
            row["correction"] = True
            row["reason"] = cell_text(item.get("reason"))
        rows.append(row)
    return rows
