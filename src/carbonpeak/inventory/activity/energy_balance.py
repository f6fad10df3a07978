"""能源平衡表 importer: a city energy balance sheet (.xlsx) -> activity records in the tidy format.

The standard layout: one header row of fuels (原煤, 洗精煤, 其他洗煤, 焦炭, ... 天然气, 热力, 电力,
其他能源; a 合计 column is ignored), a units row right below it (万吨, 亿立方米, 百万千焦,
万千瓦时 ...), then one row per balance item, the item name in the first text cell:

- 可供本地区消费的能源量 and its supply lines (一次能源生产量, 调入量, 调出量, 库存增减量 ...):
  not consumption; only the electricity column of 调入/调出 becomes records
  (electricity_imported / electricity_exported: the net-import term of the regional total);
- 加工转换投入(-)产出(+)量: 火力发电, 供热, 炼焦, 炼油, 制气 ... rows, signs as in the balance;
- 损失量;
- 终端消费量 by sector: 农林牧渔业, 工业 (其中: 用作原料、材料 is taken out of 工业 as
  non-energy use), 建筑业, 交通运输、仓储和邮政业, 批发和零售业、住宿和餐饮业, 其他行业,
  居民生活 (or its 城镇 / 乡村 lines where given).

What each row label means is data (``data/energy_balance_rows.csv``). Lines that fall on the same
IPCC category and use (火力发电 + 供热 -> 1.A.1.a; 批发零售 + 其他行业 -> 1.A.4.a; 城镇 + 乡村 ->
1.A.4.b) are summed into one record whose note names every line. Blank, "-" and 0 cells are
no flow. Every line not turned into records is listed in ``skipped`` with the reason; every bad
cell is reported by sheet row and fuel column, all at once, and nothing is returned half-read.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from carbonpeak.core.bundled import csv_rows
from carbonpeak.core.errors import InputError, Problem
from carbonpeak.core.intake import capped_rows, check_workbook
from carbonpeak.core.units import quantity
from carbonpeak.factors import Fuel, find_fuel
from carbonpeak.inventory.activity.parse import parse_activity_rows
from carbonpeak.inventory.model import ActivityRecord

_NOISE = re.compile(
    r"^[0-9]+[.、．]|^[一二三四五六七八九十]+、|^[(（][0-9]+[)）]|^其中"
    r"|\([^)]*\)|（[^）]*）|[\s、，,．.:：·]"
)
_TOTAL_COLUMNS = {"合计", "总计", "能源合计", "折标准煤合计", "能源消费总量"}
_NO_FLOW = {"", "-", "—", "－", "…"}


@dataclass(frozen=True, slots=True)
class RowRule:
    role: str
    sector: str
    note: str


@dataclass(frozen=True)
class EnergyBalance:
    records: list[ActivityRecord]
    #: Lines and cells not turned into records, and why.
    skipped: list[str]


def _norm(text: str) -> str:
    text = str(text).strip()
    for _ in range(3):
        text = _NOISE.sub("", text)
    return text


@lru_cache(maxsize=1)
def row_rules() -> dict[str, RowRule]:
    """Normalised row label -> what the line means."""
    return {
        _norm(r["label"]): RowRule(r["role"], r["sector"], r["note"])
        for r in csv_rows("carbonpeak.inventory", "data", "energy_balance_rows.csv")
    }


def _fuel(cell: object) -> Fuel | None:
    if cell is None:
        return None
    return find_fuel(str(cell).strip()) or find_fuel(_norm(str(cell)))


def _label(cells: tuple[Any, ...], first_fuel_col: int) -> str:
    for cell in cells[:first_fuel_col]:
        if isinstance(cell, str) and cell.strip() and not re.fullmatch(r"[\d.]+", cell.strip()):
            return cell.strip()
    return ""


def _number(cell: object) -> float | str | None:
    """The cell as a float; None for no flow; the text itself if it is not a number."""
    if cell is None:
        return None
    if isinstance(cell, int | float):
        return None if cell == 0 else float(cell)
    text = str(cell).strip().replace(",", "")
    if text in _NO_FLOW:
        return None
    try:
        value = float(text)
    except ValueError:
        return str(cell)
    return None if value == 0 else value


def _header(rows: list[tuple[Any, ...]], label: str) -> tuple[int, dict[int, Fuel], list[str]]:
    """(header row index, fuel columns, skipped column notes)."""
    for i, cells in enumerate(rows):
        found = {j: f for j, c in enumerate(cells) if (f := _fuel(c)) is not None}
        if len(found) < 3:
            continue
        first = min(found)
        notes, problems = [], []
        for j, c in enumerate(cells):
            if j in found or j < first or c is None or not str(c).strip():
                continue
            if _norm(str(c)) in _TOTAL_COLUMNS:
                notes.append(f"column {c}: total (tce) column, not read")
            else:
                problems.append(Problem(i + 1, str(c), "未知能源品种 / unknown fuel column"))
        if problems:
            detail = "; ".join(str(p) for p in problems)
            raise InputError(f"{label}: 能源平衡表表头有误 / bad header: {detail}", problems)
        return i, found, notes
    raise InputError(
        f"{label}: 找不到能源品种表头行 / no header row of fuels (原煤, 焦炭, 电力 ...) found"
    )


def _units(
    cells: tuple[Any, ...], fuels: dict[int, Fuel], rowno: int, label: str
) -> dict[int, str]:
    units, problems = {}, []
    for j, fuel in fuels.items():
        text = str(cells[j]).strip() if j < len(cells) and cells[j] is not None else ""
        try:
            if not text:
                raise InputError("empty")
            q = quantity(1.0, text)
            if not (q.is_compatible_with(quantity(1.0, fuel.default_unit)) or q.check("[energy]")):
                raise InputError("wrong kind")
        except InputError:
            problems.append(
                Problem(rowno, fuel.name_zh, f"单位行缺失或无效 / units row: bad unit {text!r}")
            )
            continue
        units[j] = text
    if problems:
        detail = "; ".join(str(p) for p in problems)
        raise InputError(f"{label}: 单位行有误 / units row: {detail}", problems)
    return units


def read_energy_balance(
    data: bytes | Path,
    *,
    region: str,
    year: int,
    source: str | None = None,
    sheet: str | None = None,
) -> EnergyBalance:
    """Activity records of ``region`` and ``year`` from an energy balance workbook."""
    # openpyxl takes ~0.2 s to import: loaded only when a workbook is read, not by every process
    # that parses CSV activity (the demo data, scenarios, tracking)
    from openpyxl import load_workbook

    label = source or (data.name if isinstance(data, Path) else "energy_balance.xlsx")
    raw = data.read_bytes() if isinstance(data, Path) else data
    check_workbook(raw, label=label)  # before openpyxl inflates a zip bomb
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        raise InputError(f"{label}: 不是有效的xlsx文件 / not a valid .xlsx file ({exc})") from exc
    ws = book[sheet] if sheet else book.worksheets[0]
    rows = [tuple(r) for r in capped_rows(ws.iter_rows(values_only=True), label=label)]
    head, fuels, skipped = _header(rows, label)
    if head + 1 >= len(rows):
        raise InputError(f"{label}: 表头下没有单位行 / no units row below the header")
    units = _units(rows[head + 1], fuels, head + 2, label)
    first = min(fuels)
    lines: list[tuple[int, str, RowRule, dict[int, float]]] = []
    problems: list[Problem] = []
    for i in range(head + 2, len(rows)):
        cells, rowno = rows[i], i + 1
        name = _label(cells, first)
        values: dict[int, float] = {}
        for j, fuel in fuels.items():
            v = _number(cells[j] if j < len(cells) else None)
            if isinstance(v, str):
                problems.append(Problem(rowno, fuel.name_zh, f"不是数字 / not a number: {v!r}"))
            elif v is not None:
                values[j] = v
        if not name:
            if values:
                problems.append(
                    Problem(rowno, "项目", "有数值但没有项目名 / values without a label")
                )
            continue
        rule = row_rules().get(_norm(name))
        if rule is None:
            if values:
                problems.append(Problem(rowno, "项目", f"未知平衡表项目 / unknown line {name!r}"))
            else:
                skipped.append(f"row {rowno} {name}: no values")
            continue
        lines.append((rowno, name, rule, values))
    if problems:
        detail = "; ".join(str(p) for p in problems)
        raise InputError(
            f"{label}: 能源平衡表有错误 / energy balance has errors: {detail}", problems
        )
    tidy = _tidy(lines, fuels, units, region, year, label, skipped)
    return EnergyBalance(_parse(tidy, label), skipped)


def _tidy(
    lines: list[tuple[int, str, RowRule, dict[int, float]]],
    fuels: dict[int, Fuel],
    units: dict[int, str],
    region: str,
    year: int,
    label: str,
    skipped: list[str],
) -> list[tuple[int, dict[str, object]]]:
    """(sheet row, tidy row) pairs."""
    feedstock = {
        j: v for _, _, r, vals in lines if r.role == "non_energy_part" for j, v in vals.items()
    }
    has_parts = any(r.role == "household_part" for _, _, r, _ in lines)
    out: list[tuple[int, dict[str, object]]] = []

    def add(rowno: int, sector: str, fuel: str, value: float, unit: str, note: str) -> None:
        out.append(
            (
                rowno,
                {
                    "region": region,
                    "year": year,
                    "sector": sector,
                    "fuel": fuel,
                    "quantity": repr(value),
                    "unit": unit,
                    "source": f"{label} 能源平衡表",
                    "note": note,
                },
            )
        )

    for rowno, name, rule, values in lines:
        where = f"能源平衡表 row {rowno} {name}"
        if rule.role == "skip" or (rule.role == "household_total" and has_parts):
            why = rule.note or "replaced by the 城镇/乡村 lines"
            skipped.append(
                f"row {rowno} {name}: {why if rule.role == 'skip' else 'replaced by 城镇/乡村'}"
            )
            continue
        for j, value in values.items():
            fuel = fuels[j]
            if rule.role in ("import", "export"):
                if fuel.id != "electricity":
                    skipped.append(
                        f"row {rowno} {name} {fuel.name_zh}: supply side, not consumption"
                    )
                    continue
                kind = "electricity_imported" if rule.role == "import" else "electricity_exported"
                add(rowno, "", kind, abs(value), units[j], where)
            elif rule.role == "industry" and j in feedstock:
                add(rowno, rule.sector, fuel.id, value - feedstock[j], units[j],
                    f"{where} minus 用作原料、材料 {feedstock[j]:g}")  # fmt: skip
            else:
                add(rowno, rule.sector, fuel.id, value, units[j], where)
    return out


def _parse(tidy: Iterable[tuple[int, dict[str, object]]], label: str) -> list[ActivityRecord]:
    records: list[ActivityRecord] = []
    problems: list[Problem] = []
    seen: dict[tuple[object, ...], int] = {}  # key -> index in records
    for rowno, row in tidy:
        try:
            (rec,) = parse_activity_rows([row], source=label, first_row=rowno)
        except InputError as exc:
            problems += [
                Problem(p.row, f"{row['fuel']} ({p.field})", p.reason) for p in exc.problems
            ]
            continue
        if rec.key in seen:
            # lines that map to the same IPCC category and use (火力发电 + 供热 -> 1.A.1.a,
            # 城镇 + 乡村 -> 1.A.4.b ...) are summed, and the note names every line
            i = seen[rec.key]
            prev = records[i]
            records[i] = replace(
                prev, quantity=prev.quantity + rec.quantity, note=f"{prev.note} + {rec.note}"
            )
            continue
        seen[rec.key] = len(records)
        records.append(rec)
    if problems:
        detail = "; ".join(str(p) for p in problems)
        raise InputError(
            f"{label}: 能源平衡表有错误 / energy balance has errors: {detail}", problems
        )
    return records
