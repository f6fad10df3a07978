"""The registry as an .xlsx workbook, and reading files of readings (CSV / .xlsx).

Registry workbook: sheets ``enterprises`` (code, name, industry_code, district, capacity,
key_unit, illustrative), ``points`` (code, enterprise, name, energy, purpose, unit,
multiplier, kind, product, rollover, interval_minutes) and ``processes`` (code, enterprise,
name, benchmark, energy_points separated by commas, output_point). Chinese words are accepted
for purpose (外购/自产/消耗/外供/产量) and kind (累计值/时段值). Every bad row is reported with
its sheet, row and field, then the import is refused as a whole.

Readings files: columns ``point, ts, value`` (optionally ``correction, reason``), one reading
per row, as metering systems export them.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from carbonpeak.core.errors import InputError, Problem
from carbonpeak.monitoring.model import (
    Enterprise,
    Point,
    Process,
    Registry,
    parse_kind,
    parse_purpose,
)

SHEETS: dict[str, tuple[str, ...]] = {
    "enterprises": (
        "code",
        "name",
        "industry_code",
        "district",
        "capacity",
        "key_unit",
        "illustrative",
    ),
    "points": (
        "code",
        "enterprise",
        "name",
        "energy",
        "purpose",
        "unit",
        "multiplier",
        "kind",
        "product",
        "rollover",
        "interval_minutes",
    ),
    "processes": ("code", "enterprise", "name", "benchmark", "energy_points", "output_point"),
}
TRUE = {"1", "true", "yes", "y", "是", "t"}


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _bool(value: Any, default: bool) -> bool:
    text = _text(value).lower()
    return default if not text else text in TRUE


def _float(value: Any, default: float | None) -> float | None:
    text = _text(value)
    if not text:
        return default
    try:
        return float(text)
    except ValueError:
        raise InputError(f"不是数字 {text!r} / not a number {text!r}") from None


def write_registry(registry: Registry, path: Path) -> None:
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    rows: dict[str, list[list[Any]]] = {
        "enterprises": [
            [e.code, e.name, e.industry_code, e.district, e.capacity, e.key_unit, e.illustrative]
            for e in registry.enterprises.values()
        ],
        "points": [
            [
                p.code,
                p.enterprise_code,
                p.name,
                p.energy,
                p.purpose.value,
                p.unit,
                p.multiplier,
                p.kind.value,
                p.product,
                p.rollover,
                p.interval_minutes,
            ]
            for p in registry.points.values()
        ],
        "processes": [
            [
                p.code,
                p.enterprise_code,
                p.name,
                p.benchmark,
                ",".join(p.energy_points),
                p.output_point,
            ]
            for p in registry.processes.values()
        ],
    }
    for name, header in SHEETS.items():
        ws = wb.create_sheet(name)
        ws.append(list(header))
        for row in rows[name]:
            ws.append(row)
    wb.save(path)


def _sheet_rows(wb: Any, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    if name not in wb.sheetnames:
        raise InputError(f"缺少工作表 {name} / sheet {name} is missing")
    it = wb[name].iter_rows(values_only=True)
    header = [_text(h).lower() for h in next(it, ())]
    missing = [c for c in SHEETS[name][:2] if c not in header]
    if missing:
        raise InputError(f"{name}: 缺少列 {', '.join(missing)} / missing columns")
    for number, values in enumerate(it, start=2):
        if all(v is None or _text(v) == "" for v in values):
            continue
        yield number, dict(zip(header, values, strict=False))


def read_registry(path: Path) -> Registry:
    """The registry in a workbook; InputError listing every bad row."""
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a file that is not .xlsx
        raise InputError(f"无法读取工作簿 {path.name} / cannot read workbook: {exc}") from None
    problems: list[Problem] = []
    reg = Registry()

    def collect(sheet: str, build: Callable[[dict[str, Any]], Any], into: dict[str, Any]) -> None:
        for number, row in _sheet_rows(wb, sheet):
            try:
                item = build(row)
            except InputError as exc:
                problems.append(Problem(number, sheet, str(exc)))
                continue
            if item.code in into:
                problems.append(Problem(number, sheet, f"重复编码 / duplicate code {item.code}"))
            into[item.code] = item

    collect(
        "enterprises",
        lambda r: Enterprise(
            code=_text(r.get("code")),
            name=_text(r.get("name")),
            industry_code=_text(r.get("industry_code")),
            district=_text(r.get("district")),
            capacity=_text(r.get("capacity")),
            key_unit=_bool(r.get("key_unit"), True),
            illustrative=_bool(r.get("illustrative"), False),
        ),
        reg.enterprises,
    )
    collect(
        "points",
        lambda r: Point(
            code=_text(r.get("code")),
            enterprise_code=_text(r.get("enterprise")).upper(),
            energy=_text(r.get("energy")),
            purpose=parse_purpose(_text(r.get("purpose"))),
            unit=_text(r.get("unit")),
            multiplier=_float(r.get("multiplier"), 1.0) or 0.0,
            kind=parse_kind(_text(r.get("kind")) or "interval"),
            product=_text(r.get("product")),
            rollover=_float(r.get("rollover"), None),
            interval_minutes=int(_float(r.get("interval_minutes"), 15) or 0),
            name=_text(r.get("name")),
        ),
        reg.points,
    )
    collect(
        "processes",
        lambda r: Process(
            code=_text(r.get("code")),
            enterprise_code=_text(r.get("enterprise")).upper(),
            name=_text(r.get("name")),
            energy_points=tuple(
                c.strip() for c in _text(r.get("energy_points")).split(",") if c.strip()
            ),
            output_point=_text(r.get("output_point")),
            benchmark=_text(r.get("benchmark")),
        ),
        reg.processes,
    )
    wb.close()
    if problems:
        raise InputError(
            f"{path.name}: {len(problems)} 行有误 / {len(problems)} bad rows: "
            + "; ".join(str(p) for p in problems[:20]),
            problems,
        )
    return reg


def read_readings(path: Path) -> list[dict[str, Any]]:
    """Rows ``{point, ts, value[, correction, reason]}`` of a CSV or .xlsx export; values are
    kept as written (numbers parsed from text), the validation is the ingest path's."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        wb = load_workbook(path, read_only=True, data_only=True)
        it = wb.worksheets[0].iter_rows(values_only=True)
        header = [_text(h).lower() for h in next(it, ())]
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
        if _bool(item.get("correction"), False):
            row["correction"] = True
            row["reason"] = _text(item.get("reason"))
        rows.append(row)
    return rows
