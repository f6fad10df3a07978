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
from carbonpeak.monitoring.registry.exchange import cell_flag, cell_text


def read_readings(path: Path) -> list[dict[str, Any]]:
    """Rows ``{point, ts, value[, correction, reason]}`` of a CSV or .xlsx export; values are
    kept as written (numbers parsed from text), the validation is the ingest path's."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        wb = load_workbook(path, read_only=True, data_only=True)
        it = wb.worksheets[0].iter_rows(values_only=True)
        header = [cell_text(h).lower() for h in next(it, ())]
        raw = [dict(zip(header, values, strict=False)) for values in it]
        wb.close()
    elif suffix in (".csv", ".txt"):
        text = path.read_bytes().decode("utf-8-sig")
        raw = list(csv.DictReader(io.StringIO(text)))
    else:
        raise InputError(
            f"不支持的文件类型 {suffix} / unsupported file type {suffix} (.csv, .xlsx)"
        )
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
