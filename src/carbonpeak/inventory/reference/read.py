"""Read the external reference inventories into plain values, select and sum them (pure).

Three tidy files (see ``reference.model.DATASETS`` for what each is and how to cite it):

- ``ceads_province_sector_fuel_co2.csv.gz``: ``province, year, sector, fuel, co2_mt``
- ``ceads_city_co2.csv``: ``city, year, co2_mt``
- ``chen2020_county_co2.csv.gz``: ``distcode, county_zh, ..., year, co2_mt``

Values are kept exactly as published (the float the file's text denotes, no rounding); totals
are ``math.fsum`` of those values, so they do not depend on the order rows come back in.
A malformed row stops the read with an ``InputError`` naming the file, the line (1 = header),
the field and the reason; nothing is skipped silently.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.abc import Traversable
from pathlib import Path

from carbonpeak.core.errors import InputError
from carbonpeak.inventory.reference.compare import PlatformRow
from carbonpeak.inventory.reference.model import (
    CITY_CODES,
    PROVINCE_CODES,
    ReferenceDataset,
    ReferenceValue,
    get_dataset,
    matches,
    region_filter,
)

#: Columns of each file besides year and co2_mt: (region, region code, sector, fuel); None
#: where the file has no such column (codes then come from reference.model). Other columns,
#: such as county_en, are allowed and not read.
_LAYOUT: dict[str, tuple[str | None, str | None, str | None, str | None]] = {
    "ceads-province": ("province", None, "sector", "fuel"),
    "ceads-city": ("city", None, None, None),
    "chen2020-county": ("county_zh", "distcode", None, None),
}
_CODES: dict[str, dict[str, str]] = {"ceads-province": PROVINCE_CODES, "ceads-city": CITY_CODES}
YEAR_MIN, YEAR_MAX = 1900, 2100


@dataclass(frozen=True, slots=True)
class ReferenceSeries:
    """Yearly totals of one dataset for one region; ``members`` are the source regions summed
    (one for a province or city; the counties for a county sum)."""

    dataset: ReferenceDataset
    region: str
    members: tuple[str, ...]
    points: tuple[tuple[int, float], ...]


def read_reference(key: str, source: Path | Traversable) -> list[ReferenceValue]:
    """Read the file of dataset ``key`` (``.gz`` is decompressed) into values."""
    return read_bytes(key, source.read_bytes(), source.name)


def read_bytes(key: str, data: bytes, filename: str) -> list[ReferenceValue]:
    """Like ``read_reference``, from the file's bytes (``filename`` is used in errors)."""
    ds = get_dataset(key)
    if filename.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            reason = f"不是有效的 gzip 文件 / not a valid gzip file ({exc})"
            raise _error(filename, 0, "file", reason) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error(filename, 0, "file", f"不是 UTF-8 编码 / not UTF-8 ({exc.reason})") from None
    return _rows(ds, text, filename)


def _rows(ds: ReferenceDataset, text: str, filename: str) -> list[ReferenceValue]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise _error(filename, 1, "header", "文件为空 / the file is empty")
    header = [h.strip() for h in header]
    layout = _LAYOUT[ds.key]
    wanted = [c for c in layout if c] + ["year", "co2_mt"]
    missing = [c for c in wanted if c not in header]
    if missing:
        raise _error(filename, 1, ", ".join(missing), f"缺少列 / missing column(s); found {header}")
    i_region, i_code, i_sector, i_fuel = (header.index(c) if c else -1 for c in layout)
    i_year, i_value = header.index("year"), header.index("co2_mt")
    texts = [header.index(c) for c in layout if c]
    width, codes, key = len(header), _CODES.get(ds.key, {}), ds.key
    values: list[ReferenceValue] = []
    seen: dict[tuple[str, int, str | None, str | None], int] = {}
    for fields in reader:
        try:
            year, value = int(fields[i_year]), float(fields[i_value])
            ok = len(fields) == width and YEAR_MIN <= year <= YEAR_MAX and 0 <= value < math.inf
            ok = ok and all(fields[i].strip() for i in texts)
        except (ValueError, IndexError):
            ok = False
        if not ok:
            raise _diagnose(fields, header, layout, filename, reader.line_num)
        region = fields[i_region].strip()
        code = fields[i_code].strip() if i_code >= 0 else codes.get(region)
        sector = fields[i_sector].strip() if i_sector >= 0 else None
        fuel = fields[i_fuel].strip() if i_fuel >= 0 else None
        unique = (code or region, year, sector, fuel)
        if unique in seen:
            first, what = seen[unique], ", ".join(map(str, unique))
            reason = f"与第 {first} 行重复 / duplicates line {first} ({what})"
            raise _error(filename, reader.line_num, "row", reason)
        seen[unique] = reader.line_num
        values.append(ReferenceValue(key, region, code, year, sector, fuel, value))
    return values


def _diagnose(
    fields: list[str], header: list[str], layout: tuple[str | None, ...], filename: str, line: int
) -> InputError:
    """The error of a row the fast path refused: the first field that is wrong, and why."""
    if not fields:
        return _error(filename, line, "row", "空行 / empty line")
    if len(fields) != len(header):
        n, want = len(fields), len(header)
        return _error(
            filename, line, "row", f"有 {n} 个字段，应为 {want} / has {n} fields, expected {want}"
        )
    cell = dict(zip(header, (f.strip() for f in fields), strict=True))
    for column in [c for c in layout if c] + ["year", "co2_mt"]:
        if not cell[column]:
            return _error(filename, line, column, "为空 / is empty")
    try:
        year = int(cell["year"])
    except ValueError:
        return _error(filename, line, "year", f"不是整数 / not a whole year: {cell['year']!r}")
    if not YEAR_MIN <= year <= YEAR_MAX:
        return _error(filename, line, "year", f"超出范围 / out of range: {year}")
    try:
        float(cell["co2_mt"])
    except ValueError:
        return _error(filename, line, "co2_mt", f"不是数值 / not a number: {cell['co2_mt']!r}")
    reason = f"应为有限非负数 / must be finite and >= 0: {cell['co2_mt']!r}"
    return _error(filename, line, "co2_mt", reason)


def _error(filename: str, line: int, field: str, reason: str) -> InputError:
    where = f"{filename} 第 {line} 行 / line {line}" if line else filename
    return InputError(f"{where}, 字段 field {field}: {reason}")


def parse_years(text: str | None) -> range | tuple[int, ...] | None:
    """ "2005-2019" -> range(2005, 2020); "2005,2010" -> (2005, 2010); "2019"; None -> None."""
    if text is None or not text.strip():
        return None
    try:
        if "-" in text:
            first, last = (int(p) for p in text.split("-", 1))
            if first > last:
                raise ValueError
            return range(first, last + 1)
        return tuple(int(p) for p in text.split(","))
    except ValueError:
        raise InputError(
            f"年份应写作 2005-2019 或 2005,2010 / years must look like 2005-2019 or 2005,2010: "
            f"{text!r}"
        ) from None


def select_region(
    values: Iterable[ReferenceValue], *, dataset_key: str, region: str
) -> list[ReferenceValue]:
    """Values of ``dataset_key`` for ``region`` (code, alias or source name; counties are
    summed up to a city or province code)."""
    selector = region_filter(get_dataset(dataset_key).level, region)
    return [v for v in values if v.dataset == dataset_key and matches(v, selector)]


def series(
    values: Iterable[ReferenceValue],
    *,
    dataset_key: str,
    region: str,
    years: Iterable[int] | None = None,
) -> ReferenceSeries:
    """Yearly totals (``math.fsum``) of ``dataset_key`` for ``region``."""
    wanted = set(years) if years is not None else None
    by_year: dict[int, list[float]] = defaultdict(list)
    members: set[str] = set()
    for v in select_region(values, dataset_key=dataset_key, region=region):
        if wanted is None or v.year in wanted:
            by_year[v.year].append(v.value)
            members.add(v.region)
    points = tuple((y, math.fsum(by_year[y])) for y in sorted(by_year))
    return ReferenceSeries(get_dataset(dataset_key), region.strip(), tuple(sorted(members)), points)


def read_platform_csv(data: bytes, filename: str) -> list[PlatformRow]:
    """A platform inventory as CSV ``year,sector,co2_t`` (sector: IPCC 2006 code, or empty
    for a value that counts only in the total; co2_t: tonnes CO2) -> platform rows."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error(filename, 0, "file", f"不是 UTF-8 编码 / not UTF-8 ({exc.reason})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = {"year", "sector", "co2_t"} - set(reader.fieldnames or ())
    if missing:
        raise _error(filename, 1, ", ".join(sorted(missing)), "缺少列 / missing column(s)")
    rows: list[PlatformRow] = []
    for record in reader:
        line = reader.line_num
        year_text, tonnes_text = (record["year"] or "").strip(), (record["co2_t"] or "").strip()
        try:
            year = int(year_text)
        except ValueError:
            raise _error(filename, line, "year", f"不是整数 / not a year: {year_text!r}") from None
        try:
            tonnes = float(tonnes_text)
        except ValueError:
            reason = f"不是数值 / not a number: {tonnes_text!r}"
            raise _error(filename, line, "co2_t", reason) from None
        if not math.isfinite(tonnes):
            raise _error(filename, line, "co2_t", f"应为有限数 / must be finite: {tonnes_text!r}")
        rows.append((year, (record["sector"] or "").strip() or None, tonnes))
    return rows
