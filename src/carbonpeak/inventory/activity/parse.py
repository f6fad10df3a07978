"""Activity import (pure parsing): the tidy format, CSV or .xlsx, into activity records.

Columns: ``region, year, sector, fuel, quantity, unit[, source, note, uncertainty_pct]``
(Chinese headers 地区, 年份, 部门, 能源品种, 数量, 单位, 来源, 备注 also work).

- ``region``: code or name (520201, 钟山区, 水城县 ...);
- ``sector``: an IPCC 2006 code (1.A.2.a) or a Chinese statistical sector name from
  ``data/sector_crosswalk.csv`` (optionally ``<sector>|非能源使用``); required for fuels; for
  non-energy kinds it may be empty (the kind decides its category: clinker -> 2.A.1);
- ``fuel``: a fuel as in the energy balance (原煤 or raw_coal) or an activity kind from
  ``factors/data/activity_kinds.csv`` (clinker, coal_output_high_gas, gdp@2020 ...);
- ``quantity`` + ``unit``: through the shared pint registry (万吨, 亿立方米, 万千瓦时 ...); or a
  notation key NO/NE/IE/C with its explanation in ``note``.

Every row is checked (unknown region, sector, fuel, unit; a unit of the wrong kind; a negative
quantity where not allowed; a duplicate key ...). All problems are collected and raised once as an
:class:`InputError` naming row, field and reason; nothing is returned half-parsed.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from carbonpeak.core.errors import InputError, Problem
from carbonpeak.core.intake import capped_rows, check_workbook
from carbonpeak.core.units import Q_, quantity
from carbonpeak.factors import Fuel, find_fuel, find_kind
from carbonpeak.inventory.accounting.sectors import SectorMatch, categories, find_sector
from carbonpeak.inventory.model import NOTATION_KEYS, ActivityRecord
from carbonpeak.regions import region_code

REQUIRED = ("region", "year", "sector", "fuel", "quantity", "unit")
OPTIONAL = ("source", "note", "uncertainty_pct")
HEADER_ALIASES: dict[str, str] = {
    "地区": "region",
    "区域": "region",
    "年份": "year",
    "年": "year",
    "部门": "sector",
    "行业": "sector",
    "能源品种": "fuel",
    "品种": "fuel",
    "燃料": "fuel",
    "数量": "quantity",
    "数值": "quantity",
    "单位": "unit",
    "来源": "source",
    "备注": "note",
    "不确定性": "uncertainty_pct",
}
_SIGNED_USES = ("transformation", "transformation_burned")


def _header(name: object) -> str:
    text = str(name or "").strip()
    return HEADER_ALIASES.get(text, text.lower())


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_activity_rows(
    rows: Iterable[Mapping[str, object]], *, source: str, first_row: int = 2
) -> list[ActivityRecord]:
    """Records from rows keyed by column name (row numbers count from ``first_row``)."""
    records: list[ActivityRecord] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, int, str, str, str, str], int] = {}
    for rowno, raw in enumerate(rows, start=first_row):
        row = {_header(k): _text(v) for k, v in raw.items()}
        if not any(row.values()):
            continue
        rec, errs = _parse_row(row, rowno, source)
        problems += errs
        if rec is None:
            continue
        if rec.key in seen:
            problems.append(
                Problem(rowno, "fuel", f"重复 / duplicate key of row {seen[rec.key]} ({rec.id})")
            )
            continue
        seen[rec.key] = rowno
        records.append(rec)
    if problems:
        detail = "; ".join(str(p) for p in problems)
        raise InputError(f"{source}: 导入失败 / import failed: {detail}", problems)
    return records


#: Where a row's problems go: ``bad(field, reason)``.
Bad = Callable[[str, str], None]


@dataclass(frozen=True, slots=True)
class _Subject:
    """What a row's fuel column names, read with its sector: a fuel (with the IPCC category and
    use its sector gives) or an activity kind (its own category). ``unit``: what the quantity
    must measure ("" when the fuel is unknown); ``negative_ok``: may the quantity be < 0."""

    fuel_id: str = ""
    category: str = ""
    use: str = "combustion"
    unit: str = ""
    negative_ok: bool = False
    qualifier: str = ""
    fuel: Fuel | None = None


def _parse_row(
    row: Mapping[str, str], rowno: int, source: str
) -> tuple[ActivityRecord | None, list[Problem]]:
    """One row as a record, or every problem it has (each part checked, in column order)."""
    errs: list[Problem] = []

    def bad(field: str, reason: str) -> None:
        errs.append(Problem(rowno, field, reason))

    region = _region(row, bad)
    year = _year(row, bad)
    subject = _subject(row.get("fuel", ""), row.get("sector", ""), bad)
    note = row.get("note", "")
    q, notation = _amount(row.get("quantity", ""), row.get("unit", ""), note, subject, bad)
    pct = _uncertainty(row.get("uncertainty_pct", ""), bad)
    if errs or region is None or year is None:
        return None, errs
    record = ActivityRecord(
        region=region,
        year=year,
        sector=subject.category,
        fuel=subject.fuel_id,
        quantity=q,
        source=row.get("source", "") or source,
        note=note,
        row=rowno,
        use=subject.use,
        qualifier=subject.qualifier,
        notation=notation,
        uncertainty_pct=pct,
    )
    return record, []


def _region(row: Mapping[str, str], bad: Bad) -> str | None:
    try:  # the message names what was expected, or the candidates of a shared name
        return region_code(row.get("region", ""))
    except InputError as exc:
        bad("region", str(exc))
        return None


def _year(row: Mapping[str, str], bad: Bad) -> int | None:
    try:
        year = int(float(row.get("year", "")))
        if not 1949 <= year <= 2100:
            raise ValueError
    except ValueError:
        bad("year", f"不是年份 / not a year: {row.get('year')!r}")
        return None
    return year


def _subject(fuel_text: str, sector_text: str, bad: Bad) -> _Subject:
    """The fuel or activity kind of a row; an unknown one is reported (and an empty subject
    returned, so the quantity is still checked)."""
    fuel = find_fuel(fuel_text)
    kind_match = None if fuel else find_kind(fuel_text)
    match = _sector(sector_text, bad)
    if fuel:
        return _fuel_subject(fuel, sector_text, match, bad)
    if kind_match:
        kind, qualifier = kind_match
        # the kind decides its category (a sector written beside it is checked, not used)
        if kind.qualifier_required and not (qualifier.isdigit() and len(qualifier) == 4):
            bad("fuel", f"{kind.id} 需要价格基年 / needs a price base year: write {kind.id}@2020")
        unit, negative_ok = kind.unit, kind.negative_allowed
        return _Subject(kind.id, kind.category, "combustion", unit, negative_ok, qualifier)
    bad("fuel", f"未知能源品种或活动类型 / unknown fuel or activity kind {fuel_text!r}")
    return _Subject()


def _sector(text: str, bad: Bad) -> SectorMatch | None:
    """The sector as written (None where empty or unknown; an unknown one is reported)."""
    if not text:
        return None
    match = find_sector(text)
    if match is None or match.category not in categories():
        bad("sector", f"未知部门 / unknown sector {text!r}")
        return None
    return match


def _fuel_subject(fuel: Fuel, sector_text: str, match: SectorMatch | None, bad: Bad) -> _Subject:
    """A fuel: its category and use come from the sector, which a fuel row must have."""
    if not sector_text:
        bad("sector", "能源品种需要部门 / a fuel row needs a sector")
    if match is None:
        return _Subject(fuel.id, unit=fuel.default_unit, fuel=fuel)
    return _Subject(
        fuel.id,
        match.category,
        match.use,
        fuel.default_unit,
        negative_ok=match.use in _SIGNED_USES,
        fuel=fuel,
    )


def _amount(
    qty_text: str, unit_text: str, note: str, subject: _Subject, bad: Bad
) -> tuple[Any, str | None]:
    """(quantity, None), or (None, notation key) where NO/NE/IE/C stands instead of a number
    (it needs its explanation in ``note``); None after reporting a bad quantity."""
    notation = qty_text.upper() if qty_text.upper() in NOTATION_KEYS else None
    if notation:
        if not note:
            bad("note", f"标注 {notation} 需要说明 / notation key {notation} needs an explanation")
        return None, notation
    q = _quantity(qty_text, unit_text, subject.unit, subject.fuel is not None, bad)
    if q is not None:
        _check_sign(q, qty_text, subject, bad)
    return q, None


def _check_sign(q: Any, qty_text: str, subject: _Subject, bad: Bad) -> None:
    """Negative only where allowed; at power and heat plants (energy-balance signs) fuel inputs
    are negative and electricity/heat outputs positive."""
    if q.magnitude < 0 and not subject.negative_ok:
        bad("quantity", f"不允许负数 / negative quantity not allowed: {qty_text}")
    fuel = subject.fuel
    if fuel and subject.use == "transformation_burned":
        output = q.magnitude > 0
        if output != fuel.secondary and q.magnitude != 0:
            bad(
                "quantity",
                "加工转换: 投入为负, 产出为正 / power and heat plants: fuel inputs are "
                "negative, electricity/heat outputs positive",
            )


def _uncertainty(text: str, bad: Bad) -> float | None:
    if not text:
        return None
    try:
        pct = float(text)
        if pct < 0 or not math.isfinite(pct):
            raise ValueError
    except ValueError:
        bad("uncertainty_pct", f"不是非负数 / not a non-negative number: {text!r}")
        return None
    return pct


def _quantity(value_text: str, unit_text: str, expected: str, allow_energy: bool, bad: Bad) -> Any:
    """The quantity, or None after reporting why; fuels may also be given as energy (GJ, tce)."""
    try:
        value = float(value_text.replace(",", ""))
        if not math.isfinite(value):
            raise ValueError
    except ValueError:
        bad("quantity", f"不是数字 / not a number: {value_text!r}")
        return None
    try:
        one = _one(unit_text)
    except InputError:
        bad("unit", f"未知单位 / unknown unit {unit_text!r}")
        return None
    if expected and not _fits(unit_text, expected, allow_energy):
        bad("unit", f"单位不匹配 / unit {unit_text!r} does not measure what {expected} does")
        return None
    return Q_(value * one.magnitude, one.units)  # = quantity(value, unit_text), parsed once


@lru_cache(maxsize=1024)
def _one(unit_text: str) -> Any:
    """``quantity(1, unit_text)``, parsed by pint once per unit text (an unknown unit raises
    every time: errors are not cached)."""
    return quantity(1.0, unit_text)


@lru_cache(maxsize=1024)
def _fits(unit_text: str, expected: str, allow_energy: bool) -> bool:
    """Does ``unit_text`` measure what ``expected`` does (or energy, where allowed)?"""
    q = _one(unit_text)
    return bool(q.is_compatible_with(_one(expected)) or (allow_energy and q.check("[energy]")))


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("无法识别的文件编码 / file is neither UTF-8 nor GB18030")


def _check_header(fields: Iterable[object], source: str) -> None:
    have = {_header(f) for f in fields}
    missing = [c for c in REQUIRED if c not in have]
    if missing:
        raise InputError(
            f"{source}: 缺少列 / missing columns {', '.join(missing)}",
            [Problem(1, c, "missing column") for c in missing],
        )


def read_activity_csv(
    data: str | bytes | Path, *, source: str | None = None
) -> list[ActivityRecord]:
    """Records from a tidy CSV (path, bytes or text)."""
    label = source or (data.name if isinstance(data, Path) else "activity.csv")
    if isinstance(data, Path):
        data = data.read_bytes()
    text = _decode(data) if isinstance(data, bytes) else data.lstrip("\ufeff")
    if not text.strip():
        raise InputError(f"{label}: 空文件 / the file is empty")
    reader = csv.DictReader(io.StringIO(text))
    _check_header(reader.fieldnames or [], label)
    return parse_activity_rows(capped_rows(reader, label=label), source=label)


def read_activity_xlsx(
    data: bytes | Path | BinaryIO, *, sheet: str | None = None, source: str | None = None
) -> list[ActivityRecord]:
    """Records from the first (or the named) sheet of an .xlsx workbook."""
    # openpyxl takes ~0.2 s to import: loaded only when a workbook is read, not by every process
    # that parses CSV activity (the demo data, scenarios, tracking)
    from openpyxl import load_workbook

    label = source or (data.name if isinstance(data, Path) else "activity.xlsx")
    if isinstance(data, bytes | Path):
        check_workbook(data, label=label)  # before openpyxl inflates a zip bomb
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:
        raise InputError(f"{label}: 不是有效的xlsx文件 / not a valid .xlsx file ({exc})") from exc
    ws = book[sheet] if sheet else book.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise InputError(f"{label}: 空表 / the sheet is empty")
    _check_header(header, label)
    names = [str(h or "") for h in header]
    dict_rows = (dict(zip(names, r, strict=False)) for r in capped_rows(rows, label=label))
    return parse_activity_rows(dict_rows, source=label)


def read_activity(data: bytes | Path, *, filename: str | None = None) -> list[ActivityRecord]:
    """CSV or .xlsx by the file name's suffix."""
    name = filename or (data.name if isinstance(data, Path) else "")
    if name.lower().endswith(".xlsx"):
        return read_activity_xlsx(data, source=name)
    return read_activity_csv(data, source=name or None)
