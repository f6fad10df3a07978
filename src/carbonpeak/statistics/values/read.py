"""Read published values from a CSV or XLSX file and validate every row (pure).

Columns (header row, any order; ``note`` optional)::

    region,year,indicator,name_as_published,value,unit,status,
    publisher,title,published,url,section,note

``region`` is a code or a name (a former one too: 水城县/520221 is 水城区 520204, 盘县/520222 is
盘州市 520281); the name as written is kept. A row without its source (publisher, title, url or
section) is refused; a unit that does not fit the indicator is refused naming the row and field.
Every problem of the file is collected, then one ``InputError`` lists them all.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from openpyxl import load_workbook

from carbonpeak.core.errors import InputError, Problem
from carbonpeak.regions import find_region
from carbonpeak.statistics.model import (
    PACKAGE,
    STATUSES,
    PublishedValue,
    Source,
    indicators,
    unit_fits,
)

COLUMNS = (
    "region",
    "year",
    "indicator",
    "name_as_published",
    "value",
    "unit",
    "status",
    "publisher",
    "title",
    "published",
    "url",
    "section",
    "note",
)
REQUIRED = COLUMNS[:-1]
SOURCE_FIELDS = ("publisher", "title", "url", "section")
#: Statuses as people write them.
STATUS_WORDS = {
    "preliminary": "preliminary",
    "初步核算": "preliminary",
    "初步": "preliminary",
    "revised": "revised",
    "修订": "revised",
    "最终核实": "revised",
}
YEARS = range(1949, 2101)
#: The bundled file of published values (``statistics/data/published.csv``).
BUNDLED = "published.csv"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def rows_from_bytes(data: bytes, filename: str) -> list[dict[str, str]]:
    """The rows of a CSV (UTF-8, BOM allowed) or XLSX file (first sheet) as text cells."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return _xlsx_rows(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{filename}: 不是 UTF-8 文本 / not UTF-8 text") from exc
    reader = csv.DictReader(io.StringIO(text))
    return [{k.strip(): (v or "").strip() for k, v in r.items() if k} for r in reader]


def _xlsx_rows(data: bytes) -> list[dict[str, str]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(f"不是有效的 .xlsx 文件 / not a valid .xlsx file: {exc}") from exc
    sheet = book.worksheets[0]
    lines = list(sheet.iter_rows(values_only=True))
    if not lines:
        return []
    header = [_cell(h) for h in lines[0]]
    return [
        {h: _cell(v) for h, v in zip(header, line, strict=False) if h}
        for line in lines[1:]
        if any(_cell(v) for v in line)
    ]


def validate_row(
    row: Mapping[str, str], number: int
) -> tuple[PublishedValue | None, list[Problem]]:
    """One row as a value, or the problems that refuse it (``number`` is the file row, header
    = 1)."""
    problems: list[Problem] = []

    def bad(field: str, reason: str) -> None:
        problems.append(Problem(number, field, reason))

    cells = {c: (row.get(c) or "").strip() for c in COLUMNS}
    for field in SOURCE_FIELDS:
        if not cells[field]:
            bad(
                field, "缺少来源 / source missing: every value needs publisher, title, url, section"
            )
    region = find_region(cells["region"]) if cells["region"] else None
    if region is None:
        bad("region", f"未知地区 / unknown region {cells['region']!r}")
    year = int(cells["year"]) if cells["year"].isdigit() else None
    if year is None or year not in YEARS:
        bad("year", f"年份无效 / not a year: {cells['year']!r}")
    indicator = indicators().get(cells["indicator"])
    if indicator is None:
        bad("indicator", f"未知指标 / unknown indicator {cells['indicator']!r}")
    try:
        value = float(cells["value"].replace(",", ""))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        bad("value", f"不是数值 / not a number: {cells['value']!r}")
    if not cells["unit"]:
        bad("unit", "缺少单位 / unit missing")
    elif indicator is not None and not unit_fits(indicator, cells["unit"]):
        bad(
            "unit",
            f"单位 {cells['unit']!r} 不适用于指标 {indicator.id}（{indicator.name_zh}，"
            f"应为 {indicator.unit} 一类）/ unit does not fit the indicator",
        )
    status = STATUS_WORDS.get(cells["status"].lower())
    if status is None:
        bad("status", f"应为 {' | '.join(STATUSES)} (初步核算 | 修订): {cells['status']!r}")
    if problems or region is None or year is None or indicator is None or status is None:
        return None, problems
    source = Source(
        publisher=cells["publisher"],
        title=cells["title"],
        published=cells["published"],
        url=cells["url"],
        section=cells["section"],
    )
    value_row = PublishedValue(
        region=region.code,
        region_as_published=cells["region"],
        year=year,
        indicator=indicator.id,
        name_as_published=cells["name_as_published"] or indicator.name_zh,
        value=value,
        unit=cells["unit"],
        status=status,
        source=source,
        note=cells["note"],
    )
    return value_row, []


def validate_rows(rows: Sequence[Mapping[str, str]]) -> list[PublishedValue]:
    """Every row as a value; ``InputError`` listing every problem if any row is refused."""
    if rows:
        missing = [c for c in REQUIRED if c not in rows[0]]
        if missing:
            raise InputError(
                f"缺少列 / missing columns: {', '.join(missing)}",
                [Problem(1, c, "缺少列 / column missing") for c in missing],
            )
    values: list[PublishedValue] = []
    problems: list[Problem] = []
    for number, row in enumerate(rows, start=2):
        value, found = validate_row(row, number)
        problems.extend(found)
        if value is not None:
            values.append(value)
    if problems:
        first = problems[0]
        more = (
            f"（另有 {len(problems) - 1} 处 / and {len(problems) - 1} more）"
            if len(problems) > 1
            else ""
        )
        raise InputError(f"导入被拒绝 / import refused: {first}{more}", problems)
    return values


def read_values(data: bytes, filename: str) -> list[PublishedValue]:
    """A file's published values, validated (all or nothing)."""
    return validate_rows(rows_from_bytes(data, filename))


def bundled_bytes() -> bytes:
    return (resources.files(PACKAGE) / "data" / BUNDLED).read_bytes()


@lru_cache(maxsize=1)
def _bundled() -> tuple[PublishedValue, ...]:
    return tuple(read_values(bundled_bytes(), BUNDLED))


def bundled_values() -> list[PublishedValue]:
    """The published values shipped with the package (every version), without a database:
    for pure code such as the scenario runner (read once per process; a new list each call)."""
    return list(_bundled())


def to_rows(values: Iterable[PublishedValue]) -> list[dict[str, str]]:
    """Values as rows of the import format (an export reads back as the same values; the extra
    ``region_code`` column is ignored on import)."""
    return [
        {
            "region": v.region_as_published or v.region,
            "region_code": v.region,
            "year": str(v.year),
            "indicator": v.indicator,
            "name_as_published": v.name_as_published,
            "value": repr(v.value),
            "unit": v.unit,
            "status": v.status,
            "publisher": v.source.publisher,
            "title": v.source.title,
            "published": v.source.published,
            "url": v.source.url,
            "section": v.source.section,
            "note": v.note,
        }
        for v in values
    ]


def to_csv(values: Iterable[PublishedValue]) -> str:
    out = io.StringIO()
    fields = ("region", "region_code", *COLUMNS[1:])
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(to_rows(values))
    return out.getvalue()


def value_record(v: PublishedValue, **extra: Any) -> dict[str, Any]:
    """A value as ``--json`` and the API show it: ``indicator``, ``value``, ``unit``, ``source``
    (publisher, title, published, url, section) and the rest."""
    return {
        "region": v.region,
        "region_as_published": v.region_as_published,
        "year": v.year,
        "indicator": v.indicator,
        "name_as_published": v.name_as_published,
        "value": v.value,
        "unit": v.unit,
        "status": v.status,
        "source": {
            "publisher": v.source.publisher,
            "title": v.source.title,
            "published": v.source.published,
            "url": v.source.url,
            "section": v.source.section,
        },
        "note": v.note,
        **extra,
    }
