"""The inventory as an Excel workbook (pure: an :class:`Inventory` in, .xlsx bytes out).

Sheets:

- ``省级清单汇总``: the Chinese provincial inventory summary layout (省级温室气体清单汇总表):
  能源活动 (化石燃料燃烧 by sub-sector, 逸散排放), 工业生产过程, 农业, 土地利用变化和林业,
  废弃物, totals with and without LULUCF; columns CO2, CH4, N2O (t of the gas), PFCs and the
  total (tCO2e under the inventory's GWP set); memo lines for scope 2, net imported electricity
  and the karst sink. One block per region and year.
- ``GPC``: GPC-style sector lines (``data/gpc_crosswalk.csv``) with scope 1 and scope 2 (tCO2e);
  scope-2 electricity and heat go to the sector that consumed them.
- ``指标 indicators``, ``清单明细 rows`` (every cell with its notation and explanation), and
  ``说明 about`` (GWP set, factor sets, where the activity data came from).

Values are written unrounded (number formats only change how they look); a cell with nothing
estimated shows the notation key (NE, NO ...), never 0.
"""

from __future__ import annotations

import io
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from carbonpeak.core.bundled import csv_rows
from carbonpeak.core.errors import InputError
from carbonpeak.core.exports import risky, write_only_row
from carbonpeak.inventory.accounting.indicators import indicators
from carbonpeak.inventory.accounting.result import TOTAL_MEANING, Inventory, ResultRow
from carbonpeak.inventory.accounting.trace import Traced
from carbonpeak.inventory.output.report import is_illustrative, row_json
from carbonpeak.regions import regions

NUMBER = "#,##0.00"
GASES = ("CO2", "CH4", "N2O")
PFC = ("CF4", "C2F6")
HEAD = ("排放源与吸收汇种类 source/sink", "CO2 (t)", "CH4 (t)", "N2O (t)", "PFCs (tCO2e)",
        "合计 total (tCO2e)")  # fmt: skip
Selector = Callable[[ResultRow], bool]
BOLD = Font(bold=True)


def _prefix(*codes: str) -> Selector:
    return lambda r: any(r.category == c or r.category.startswith(c + ".") for c in codes)


def _family(*families: str) -> Selector:
    return lambda r: r.family in families and r.scope == 1


#: (label, indent, selector) of the provincial summary table, in its order.
PROVINCIAL: tuple[tuple[str, int, Selector], ...] = (
    ("总排放量（不包括土地利用变化和林业）total excl. LULUCF", 0,
     _family("energy", "fugitive", "ippu", "agriculture", "waste")),
    ("能源活动 energy", 0, _family("energy", "fugitive")),
    ("化石燃料燃烧 fuel combustion", 1, _family("energy")),
    ("能源工业 energy industries", 2, _prefix("1.A.1")),
    ("制造业和建筑业 manufacturing and construction", 2, _prefix("1.A.2")),
    ("交通运输 transport", 2, _prefix("1.A.3")),
    ("服务业及其他 commercial and other", 2, _prefix("1.A.4.a", "1.A.5")),
    ("居民生活 residential", 2, _prefix("1.A.4.b")),
    ("农林牧渔业 agriculture, forestry, fishing", 2, _prefix("1.A.4.c")),
    ("逸散排放 fugitive", 1, _family("fugitive")),
    ("工业生产过程 industrial processes", 0, _family("ippu")),
    ("农业 agriculture", 0, _family("agriculture")),
    ("土地利用变化和林业 LULUCF", 0, _family("lulucf")),
    ("废弃物 waste", 0, _family("waste")),
    ("总排放量（包括土地利用变化和林业）total incl. LULUCF", 0,
     _family("energy", "fugitive", "ippu", "agriculture", "waste", "lulucf")),
)  # fmt: skip
MEMO: tuple[tuple[str, Selector], ...] = (
    ("备忘: 外购电力热力间接排放 scope 2", lambda r: r.scope == 2),
    ("备忘: 净调入电力 net imported electricity", _prefix("M.electricity_net_import")),
    ("备忘: 岩溶碳汇 karst sink (research grade)", _prefix("M.karst")),
)


@lru_cache(maxsize=1)
def gpc_lines() -> tuple[tuple[str, str, str], ...]:
    """(IPCC category prefix, GPC ref, GPC name) from ``data/gpc_crosswalk.csv``."""
    rows = csv_rows("carbonpeak.inventory", "data", "gpc_crosswalk.csv")
    return tuple((r["category"], r["gpc_ref"], r["gpc_name"]) for r in rows)


def gpc_line(category: str) -> tuple[str, str] | None:
    """The GPC (ref, name) of an IPCC category: the longest matching prefix."""
    best = None
    for prefix, ref, name in gpc_lines():
        matches = category == prefix or category.startswith(prefix + ".")
        if matches and (best is None or len(prefix) > len(best[0])):
            best = (prefix, ref, name)
    return (best[1], best[2]) if best else None


def provincial_values(rows: Iterable[ResultRow], select: Selector) -> list[float | str | None]:
    """[CO2 t, CH4 t, N2O t, PFCs tCO2e, total tCO2e] of the rows ``select`` picks; a column
    with rows but no number gets their notation key."""
    chosen = [r for r in rows if select(r)]
    out: list[float | str | None] = []
    for gases, field in ((("CO2",), "value"), (("CH4",), "value"), (("N2O",), "value"),
                         (PFC, "co2e"), (None, "co2e")):  # fmt: skip
        picked = [r for r in chosen if gases is None or r.gas in gases]
        values = [m.value for r in picked if isinstance(m := getattr(r, field), Traced)]
        if values:
            out.append(math.fsum(values))
        else:
            notations = sorted({r.notation for r in picked if r.notation})
            out.append("/".join(notations) if notations else None)
    return out


def gpc_values(inv: Inventory, rows: Iterable[ResultRow]) -> dict[str, list[float]]:
    """GPC ref -> [scope 1 tCO2e, scope 2 tCO2e]."""
    activity = inv.activity_by_id()
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in rows:
        if r.co2e is None or r.value is None:
            continue
        if r.scope == 1 and r.family != "memo":
            line = gpc_line(r.category)
            if line is not None:
                sums[line[0]][0] += r.co2e.value
        elif r.scope == 2:
            factor = r.co2e.value / r.value.value if r.value.value else 1.0
            for leaf in r.value.leaves():
                sector = next((activity[i].sector for i in leaf.activity_ids if i in activity), "")
                line = gpc_line(sector)
                sums[line[0] if line else "I.6"][1] += leaf.value * factor
    return sums


def _append(
    ws: Worksheet, values: Iterable[Any], *, bold: bool = False, plain: bool = False
) -> None:
    """One row at the end of a write-only sheet: numbers formatted and headings bold, or
    ``plain`` values (the long tables: much faster)."""
    if plain:
        ws.append(write_only_row(ws, values))  # a "=…" text stays text
        return
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=value)
        if risky(value):  # a "=…" text stays text (core.exports)
            cell.data_type, cell.quotePrefix = "s", True
        if isinstance(value, float):
            cell.number_format = NUMBER
        if bold:
            cell.font = BOLD
        cells.append(cell)
    ws.append(cells)


def _title(inv: Inventory, region: str, year: int) -> str:
    reg = regions().get(region)
    name = reg.name_zh if reg else region
    derived = (
        " (区县加总 sum of districts)" if inv.totals[(region, year)].derived_from_districts else ""
    )
    return f"{name} {region} {year}{derived} · GWP {inv.gwp_set}"


def _provincial(ws: Worksheet, inv: Inventory, keys: list[tuple[str, int]]) -> None:
    ws.column_dimensions["A"].width = 52
    for col in "BCDEF":
        ws.column_dimensions[col].width = 18
    for region, year in keys:
        rows = inv.rows_for(region, year)
        title = f"温室气体清单汇总表 GHG inventory summary · {_title(inv, region, year)}"
        _append(ws, [title], bold=True)
        _append(ws, HEAD, bold=True)
        for label, indent, select in PROVINCIAL:
            _append(ws, ["  " * indent + label, *provincial_values(rows, select)])
        for label, select in MEMO:
            _append(ws, [label, *provincial_values(rows, select)])
        ws.append([])


def _gpc(ws: Worksheet, inv: Inventory, keys: list[tuple[str, int]]) -> None:
    ws.column_dimensions["B"].width = 60
    refs: dict[str, str] = {}
    for _, ref, name in gpc_lines():
        refs.setdefault(ref, name)
    refs.setdefault("I.6", "Non-specified sources 其他")
    order = sorted(refs, key=lambda x: (x.split(".")[0], x))
    for region, year in keys:
        sums = gpc_values(inv, inv.rows_for(region, year))
        _append(ws, [f"GPC-style sector table (tCO2e) · {_title(inv, region, year)}"], bold=True)
        _append(ws, ["GPC", "sector 部门", "scope 1", "scope 2", "total"], bold=True)
        for ref in order:
            if ref in sums:
                s1, s2 = sums[ref]
                _append(ws, [ref, refs[ref], s1, s2, s1 + s2])
            else:
                _append(ws, [ref, refs[ref]])
        ws.append([])


def _indicators(ws: Worksheet, inv: Inventory, keys: list[tuple[str, int]]) -> None:
    _append(ws, ["region", "year", "indicator", "method", "value", "unit", "not available"],
            bold=True)  # fmt: skip
    for region, year in keys:
        for item in indicators(inv, region, year).items:
            value = item.value.value if isinstance(item.value, Traced) else None
            reason = None if isinstance(item.value, Traced) else item.value.reason
            _append(
                ws, [region, year, item.name, item.method, value, item.unit, reason], plain=True
            )


def _rows(ws: Worksheet, inv: Inventory, keys: list[tuple[str, int]]) -> None:
    head = ["region", "year", "category", "name_zh", "family", "scope", "gas", "value_t",
            "co2e_t", "notation", "explanation"]  # fmt: skip
    _append(ws, head, bold=True)
    wanted = set(keys)
    for r in inv.rows:
        if (r.region, r.year) in wanted:
            data = row_json(r)
            _append(ws, [r.region, r.year, *(data[k] for k in head[2:])], plain=True)


def _about(ws: Worksheet, inv: Inventory, about: dict[str, Any]) -> None:
    lines: list[tuple[str, Any]] = [
        ("generated 生成时间 (UTC)", datetime.now(UTC).isoformat(timespec="seconds")),
        ("GWP set", inv.gwp_set),
        ("factor sets 因子集 (precedence order)", ", ".join(inv.factor_sets)),
        *((k, str(v)) for k, v in about.items() if v is not None),
        *((f"total {k}", v) for k, v in TOTAL_MEANING.items()),
    ]
    if is_illustrative(inv) or "illustrative" in str(about).lower():
        lines.insert(0, ("示意数据 ILLUSTRATIVE", "the activity data is illustrative (invented), "
                         "not statistics 示意数据，非统计数据"))  # fmt: skip
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 100
    for k, v in lines:
        _append(ws, [k, v])


def write_workbook(
    inv: Inventory,
    *,
    about: dict[str, Any] | None = None,
    region: str | None = None,
    year: int | None = None,
) -> bytes:
    """The .xlsx file of ``inv`` (or of one region and/or year of it) as bytes."""
    keys = [(r, y) for r, y in inv.region_years if region in (None, r) and year in (None, y)]
    if not keys:
        raise InputError(f"清单中没有 {region or ''} {year or ''} / nothing to export for that")
    book = Workbook(write_only=True)
    _provincial(book.create_sheet("省级清单汇总"), inv, keys)
    _gpc(book.create_sheet("GPC"), inv, keys)
    _indicators(book.create_sheet("指标 indicators"), inv, keys)
    _rows(book.create_sheet("清单明细 rows"), inv, keys)
    _about(book.create_sheet("说明 about"), inv, about or {})
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
