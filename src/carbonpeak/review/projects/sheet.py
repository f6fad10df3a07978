"""The project register as .xlsx (项目登记表): one row per project; energy uses written as
``fuel:quantity:unit`` items separated by ``;`` (``原煤:10000:t;电力:5000:万kWh``), products as
``product:output:unit``. Reading gives the mappings a project file holds, with the row number for
errors; writing takes register rows as plain mappings."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any

from openpyxl import Workbook, load_workbook

from carbonpeak.core.errors import InputError, Problem
from carbonpeak.core.intake import check_workbook

COLUMNS: tuple[tuple[str, str], ...] = (
    ("project", "项目名称"),
    ("owner_uscc", "统一社会信用代码"),
    ("owner", "建设单位"),
    ("district", "区县代码"),
    ("industry", "行业代码"),
    ("stage", "阶段"),
    ("start_year", "投产年份"),
    ("annual", "年能源消费"),
    ("feedstock", "原料用能"),
    ("renewable_10k_kwh", "新增可再生能源电量(万kWh)"),
    ("products", "产品"),
    ("value_added_10k_yuan", "增加值(万元)"),
)
EXTRA = (
    ("status", "状态"),
    ("equivalent_tce", "综合能耗当量值(tce)"),
    ("equal_value_tce", "综合能耗等价值(tce)"),
    ("co2_t", "CO2(t)"),
)


def _items(text: str, keys: tuple[str, str, str], where: str, row: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in (t.strip() for t in str(text or "").split(";")):
        if not item:
            continue
        parts = item.split(":")
        if len(parts) != 3:
            raise InputError(
                f"第{row}行 {where} 格式应为 名称:数量:单位",
                [Problem(row, where, f"应为 名称:数量:单位 / bad item {item!r}")],
            )
        out.append(dict(zip(keys, parts, strict=True)))
    return out


def read_sheet(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(row number, project mapping) of each filled row of the first sheet."""
    check_workbook(data, label="register.xlsx")  # size caps before openpyxl inflates it
    try:
        ws = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises several types for a file that is not .xlsx
        raise InputError(f"无法读取工作簿 / cannot read the workbook (.xlsx): {exc}") from None
    rows = ws.iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(rows, ())]
    names = {zh: key for key, zh in COLUMNS} | {key: key for key, _ in COLUMNS}
    missing = [zh for key, zh in COLUMNS[:8] if zh not in header and key not in header]
    if missing:
        raise InputError(
            f"缺少列 / missing columns: {', '.join(missing)}",
            [Problem(1, m, "缺少列 / missing column") for m in missing],
        )
    keys = [names.get(h) for h in header]
    out: list[tuple[int, dict[str, Any]]] = []
    for n, values in enumerate(rows, start=2):
        cells = {k: v for k, v in zip(keys, values, strict=False) if k and v not in (None, "")}
        if not cells:
            continue
        project: dict[str, Any] = {
            k: v
            for k, v in cells.items()
            if k not in ("annual", "feedstock", "products", "renewable_10k_kwh")
        }
        project["industry"] = str(cells.get("industry", ""))
        project["district"] = str(cells.get("district", ""))
        project["annual"] = _items(
            cells.get("annual", ""), ("fuel", "quantity", "unit"), "年能源消费", n
        )
        project["feedstock"] = _items(
            cells.get("feedstock", ""), ("fuel", "quantity", "unit"), "原料用能", n
        )
        project["products"] = _items(
            cells.get("products", ""), ("product", "output", "unit"), "产品", n
        )
        if cells.get("renewable_10k_kwh"):
            project["renewable"] = {"quantity": cells["renewable_10k_kwh"], "unit": "万kWh"}
        out.append((n, project))
    return out


def _join(items: Iterable[Mapping[str, Any]], keys: tuple[str, str, str]) -> str:
    return ";".join(":".join(str(i[k]) for k in keys) for i in items)


def write_sheet(projects: Iterable[Mapping[str, Any]]) -> bytes:
    """The register as .xlsx: ``projects`` are Project.as_json mappings plus the EXTRA keys."""
    wb = Workbook()
    ws = wb.active
    ws.title = "项目登记 projects"
    ws.append([zh for _, zh in (*COLUMNS, *EXTRA)])
    for p in projects:
        ws.append(
            [
                p["name"],
                p["owner_uscc"],
                p["owner_name"],
                p["district"],
                p["industry"],
                p["stage"],
                p["start_year"],
                _join(p["annual"], ("fuel", "quantity", "unit")),
                _join(p["feedstock"], ("fuel", "quantity", "unit")),
                p["renewable_kwh"] / 1e4 if p["renewable_kwh"] else None,
                _join(p["products"], ("product", "output", "unit")),
                p["value_added_10k_yuan"],
                *(p.get(k) for k, _ in EXTRA),
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
