"""The registry as an .xlsx workbook (pure: no database; storing it is :mod:`.service`).

Registry workbook: sheets ``enterprises`` (code, name, industry_code, district, capacity,
key_unit, illustrative), ``points`` (code, enterprise, name, energy, purpose, unit,
multiplier, kind, product, rollover, interval_minutes, commissioned 投运日期 YYYY-MM-DD, may be
empty) and ``processes`` (code, enterprise,
name, benchmark, energy_points separated by commas, output_point). Chinese words are accepted
for purpose (外购/自产/消耗/外供/产量) and kind (累计值/时段值). Every bad row is reported with
its sheet, row and field, then the import is refused as a whole.

:func:`cell_text` and :func:`cell_flag` read a spreadsheet cell as this module does; files of
readings (:mod:`carbonpeak.monitoring.readings.files`) read theirs the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from carbonpeak.core.errors import InputError, Problem
from carbonpeak.core.exports import text_cells
from carbonpeak.core.intake import check_workbook
from carbonpeak.monitoring.model import (
    Enterprise,
    Point,
    Process,
    Registry,
    parse_date,
    parse_kind,
    parse_purpose,
    registered,
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
        "commissioned",
    ),
    "processes": ("code", "enterprise", "name", "benchmark", "energy_points", "output_point"),
}
TRUE = {"1", "true", "yes", "y", "是", "t"}


def cell_text(value: Any) -> str:
    """A cell as trimmed text (an empty cell: "")."""
    return "" if value is None else str(value).strip()


def cell_flag(value: Any, default: bool) -> bool:
    """A yes/no cell (1, true, yes, y, 是, t); ``default`` when empty."""
    text = cell_text(value).lower()
    return default if not text else text in TRUE


def _float(value: Any, default: float | None) -> float | None:
    text = cell_text(value)
    if not text:
        return default
    try:
        return float(text)
    except ValueError:
        raise InputError(f"不是数字 {text!r} / not a number {text!r}") from None


#: Chinese headers read as the English column names
HEADER_WORDS = {"投运日期": "commissioned"}


def _date(value: Any) -> date | None:
    """A date cell (a spreadsheet date, or text YYYY-MM-DD); None when empty."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if not text:
        return None
    try:
        return parse_date(text, "commissioned 投运日期")
    except InputError as exc:
        raise InputError(f"commissioned: {exc}") from None


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
                p.commissioned,
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
    text_cells(wb).save(path)  # a "=…" name stays text


def _sheet_rows(wb: Any, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    if name not in wb.sheetnames:
        raise InputError(f"缺少工作表 {name} / sheet {name} is missing")
    it = wb[name].iter_rows(values_only=True)
    header = [HEADER_WORDS.get(cell_text(h), cell_text(h).lower()) for h in next(it, ())]
    missing = [c for c in SHEETS[name][:2] if c not in header]
    if missing:
        raise InputError(f"{name}: 缺少列 {', '.join(missing)} / missing columns")
    for number, values in enumerate(it, start=2):
        if all(v is None or cell_text(v) == "" for v in values):
            continue
        yield number, dict(zip(header, values, strict=False))


def read_registry(path: Path) -> Registry:
    """The registry in a workbook; InputError listing every bad row."""
    check_workbook(path, label=path.name)  # before openpyxl inflates a zip bomb
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
        lambda r: registered(
            Enterprise(
                code=cell_text(r.get("code")),
                name=cell_text(r.get("name")),
                industry_code=cell_text(r.get("industry_code")),
                district=cell_text(r.get("district")),
                capacity=cell_text(r.get("capacity")),
                key_unit=cell_flag(r.get("key_unit"), True),
                illustrative=cell_flag(r.get("illustrative"), False),
            )
        ),
        reg.enterprises,
    )
    collect(
        "points",
        lambda r: Point(
            code=cell_text(r.get("code")),
            enterprise_code=cell_text(r.get("enterprise")).upper(),
            energy=cell_text(r.get("energy")),
            purpose=parse_purpose(cell_text(r.get("purpose"))),
            unit=cell_text(r.get("unit")),
            multiplier=_float(r.get("multiplier"), 1.0) or 0.0,
            kind=parse_kind(cell_text(r.get("kind")) or "interval"),
            product=cell_text(r.get("product")),
            rollover=_float(r.get("rollover"), None),
            interval_minutes=int(_float(r.get("interval_minutes"), 15) or 0),
            name=cell_text(r.get("name")),
            commissioned=_date(r.get("commissioned")),
        ),
        reg.points,
    )
    collect(
        "processes",
        lambda r: Process(
            code=cell_text(r.get("code")),
            enterprise_code=cell_text(r.get("enterprise")).upper(),
            name=cell_text(r.get("name")),
            energy_points=tuple(
                c.strip() for c in cell_text(r.get("energy_points")).split(",") if c.strip()
            ),
            output_point=cell_text(r.get("output_point")),
            benchmark=cell_text(r.get("benchmark")),
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
