"""Compare the platform's inventory with one named reference inventory (pure).

The platform side is plain ``(year, sector_code, co2_t)`` tuples (:func:`platform_rows` takes
them from an inventory): an IPCC 2006 category code (``"1.A.1.a"``) or ``None`` for a value
that only counts in the total, and tonnes of CO2. The reference side is the ``ReferenceValue``
rows of exactly one dataset, which the caller names: the CEADs city series and the county sums
of Chen et al. 2020 disagree for 六盘水 by 2-2.5x, so the choice is explicit and series are
never averaged.

Sector by sector (only when the reference has sectors, i.e. ``ceads-province``): CEADs sectors
are mapped to IPCC categories by ``data/ceads_sector_crosswalk.csv``; both sides are then
rolled up to the coarsest category either side uses (platform ``1.A.1.c.i`` and
``1.A.1.c.ii`` against CEADs ``1.A.1.c`` compare as ``1.A.1.c``). Platform categories outside
the reference's scope (energy combustion 1.A and cement process 2.A.1), such as 1.B or 3.B,
are listed but kept out of the compared total. Differences are platform minus reference, in
Mt CO2; the relative difference is ``None`` ("not available") when the reference is 0 or
missing, never 0.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import Q_
from carbonpeak.inventory.accounting.result import Inventory
from carbonpeak.inventory.accounting.totals import GROSS
from carbonpeak.inventory.reference.model import (
    UNIT,
    ReferenceDataset,
    ReferenceValue,
    get_dataset,
    matches,
    region_filter,
)

#: (year, IPCC 2006 category code or None, t CO2): the platform side of a comparison.
PlatformRow = tuple[int, str | None, float]
#: Tonnes in a megatonne, from the unit registry (inputs in t, references in Mt).
T_PER_MT: float = float(Q_(1, "Mt").to("t").magnitude)
CROSSWALK_FILE = "ceads_sector_crosswalk.csv"
NO_REFERENCE = "参考数据无此值 / no reference value"
REFERENCE_ZERO = "参考值为 0，相对差不可用 / reference is 0: relative difference not available"
NO_PLATFORM = "平台无此值 / no platform value"
OUT_OF_SCOPE = "不在参考清单范围内，未计入合计 / outside the reference's scope, not in the total"


@dataclass(frozen=True, slots=True)
class CrosswalkEntry:
    ceads_sector: str
    ceads_fuel: str
    ipcc_code: str
    ipcc_name: str
    match: str
    basis: str


@dataclass(frozen=True, slots=True)
class Crosswalk:
    """(CEADs sector, fuel or "*") -> IPCC category."""

    entries: Mapping[tuple[str, str], CrosswalkEntry]

    def category(self, sector: str, fuel: str) -> CrosswalkEntry:
        """The IPCC category of a CEADs (sector, fuel); ``InputError`` when unmapped."""
        entry = self.entries.get((sector, fuel)) or self.entries.get((sector, "*"))
        if entry is None:
            raise InputError(
                f"行业对照表中没有 / the sector crosswalk has no row for ({sector!r}, {fuel!r})"
            )
        return entry

    def names(self) -> dict[str, str]:
        return {e.ipcc_code: e.ipcc_name for e in self.entries.values()}


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """One year (and category, or ``None`` for the total); values in Mt CO2."""

    year: int
    sector: str | None
    sector_name: str | None
    platform: float | None
    reference: float | None
    difference: float | None
    relative_difference: float | None
    note: str | None


@dataclass(frozen=True, slots=True)
class Comparison:
    dataset: ReferenceDataset
    region: str
    #: Source regions summed into the reference value (the counties of a county sum).
    members: tuple[str, ...]
    totals: tuple[ComparisonRow, ...]
    sectors: tuple[ComparisonRow, ...]
    notes: tuple[str, ...]
    #: What the "platform" side is: "platform", or another dataset's key.
    subject: str = "platform"
    unit: str = UNIT


def platform_rows(inv: Inventory, region: str) -> list[PlatformRow]:
    """Scope-1 CO2 by IPCC category and year of ``region`` (a code) for the reference
    comparison (t CO2; LULUCF, memo items and scope 2 left out)."""
    return [
        (r.year, r.category, r.value.value)
        for r in inv.rows
        if r.region == region
        and r.gas == "CO2"
        and r.scope == 1
        and r.family in GROSS
        and r.value is not None
    ]


def load_crosswalk(source: Path | Traversable | None = None) -> Crosswalk:
    """Read the crosswalk CSV (``#`` lines are comments); the bundled one by default."""
    if source is None:
        return _bundled_crosswalk()
    return _parse_crosswalk(source.read_text(encoding="utf-8"), source.name)


@lru_cache(maxsize=1)
def _bundled_crosswalk() -> Crosswalk:
    return load_crosswalk(resources.files("carbonpeak.inventory") / "data" / CROSSWALK_FILE)


def _parse_crosswalk(text: str, name: str) -> Crosswalk:
    lines = [ln for ln in text.splitlines() if not ln.startswith("#")]
    entries: dict[tuple[str, str], CrosswalkEntry] = {}
    for n, row in enumerate(csv.DictReader(io.StringIO("\n".join(lines))), start=2):
        try:
            entry = CrosswalkEntry(**{k: (v or "").strip() for k, v in row.items()})
        except TypeError:
            raise InputError(f"{name}: 列名不符 / unexpected columns {list(row)}") from None
        if not entry.ipcc_code or (entry.ceads_sector, entry.ceads_fuel) in entries:
            raise InputError(
                f"{name} 数据第 {n} 行 / data row {n}: 缺少代码或重复 / no ipcc_code or duplicate"
            )
        entries[(entry.ceads_sector, entry.ceads_fuel)] = entry
    return Crosswalk(entries)


def by_category(
    values: Iterable[ReferenceValue], crosswalk: Crosswalk | None = None
) -> dict[tuple[int, str], float]:
    """(year, IPCC category) -> Mt CO2 (``math.fsum``) of sector-and-fuel reference values."""
    cw = crosswalk or load_crosswalk()
    parts: dict[tuple[int, str], list[float]] = defaultdict(list)
    for v in values:
        if v.sector is None or v.fuel is None:
            raise InputError(f"{v.dataset} {v.region} {v.year}: 无行业数据 / has no sectors")
        parts[(v.year, cw.category(v.sector, v.fuel).ipcc_code)].append(v.value)
    return {k: math.fsum(p) for k, p in parts.items()}


def _related(a: str, b: str) -> bool:
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def reference_scope(crosswalk: Crosswalk | None = None) -> frozenset[str]:
    """The IPCC categories a CEADs-boundary reference covers: the codes of the crosswalk
    (energy combustion 1.A and cement process 2.A.1; the bundled crosswalk by default)."""
    return frozenset((crosswalk or load_crosswalk()).names())


def in_reference_scope(category: str | None, scope: Iterable[str] | None = None) -> bool:
    """Whether a platform value of ``category`` counts in the compared total.

    ``None`` (a value that only counts in the total) does; a code does when it lies within, or
    contains, a category of ``scope`` (:func:`reference_scope` by default). So ``1.A.1.c.i``
    and ``2.A.1`` count; ``1.B.1.a``, ``2.C.1`` and ``3.A.1`` do not.
    """
    if category is None or not category.strip():
        return True
    code = category.strip()
    return any(_related(code, s) for s in (reference_scope() if scope is None else scope))


def _roll_up(codes: set[str]) -> dict[str, str]:
    """Each code -> the coarsest code of ``codes`` that contains it (itself if none does)."""
    tops = {c for c in codes if not any(c.startswith(o + ".") for o in codes)}
    return {c: next(t for t in tops if _related(c, t)) for c in codes}


def _row(
    year: int, sector: str | None, name: str | None, platform: float | None, ref: float | None
) -> ComparisonRow:
    diff = None if platform is None or ref is None else platform - ref
    rel = None if diff is None or ref is None or ref == 0 else diff / ref
    note = NO_PLATFORM if platform is None else NO_REFERENCE if ref is None else None
    if ref == 0:
        note = REFERENCE_ZERO if note is None else f"{note}; {REFERENCE_ZERO}"
    return ComparisonRow(year, sector, name, platform, ref, diff, rel, note)


def _platform(rows: Iterable[PlatformRow]) -> list[PlatformRow]:
    checked = []
    for n, row in enumerate(rows, start=1):
        try:
            year, code, tonnes = row
            ok = isinstance(year, int) and (code is None or isinstance(code, str))
            ok = ok and isinstance(tonnes, int | float) and math.isfinite(tonnes)
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise InputError(
                f"平台数据第 {n} 行 / platform row {n} {row!r}: 应为 (年份, 行业代码或空, 吨 CO2) "
                f"/ must be (year, sector code or None, t CO2)"
            )
        checked.append((year, code.strip() if code else None, float(tonnes)))
    return checked


def compare(
    platform_rows: Iterable[PlatformRow],
    reference_rows: Iterable[ReferenceValue],
    *,
    dataset: str,
    region: str,
    years: Iterable[int] | None = None,
    crosswalk: Crosswalk | None = None,
    subject: str = "platform",
) -> Comparison:
    """Per year (and per IPCC category where both sides have categories): platform, reference,
    difference and relative difference, in Mt CO2, against the one ``dataset`` named."""
    ds = get_dataset(dataset)
    reference = list(reference_rows)
    others = sorted({v.dataset for v in reference} - {dataset})
    if others:
        raise InputError(
            f"参考数据混有多个数据集 {others}：请只指定一个，不取平均 / reference rows of "
            f"several datasets ({dataset}, {', '.join(others)}): compare with one named "
            f"dataset; series are never averaged"
        )
    selector = region_filter(ds.level, region)
    reference = [v for v in reference if matches(v, selector)]
    platform = _platform(platform_rows)
    wanted = (
        set(years) if years is not None else {v.year for v in reference} | {r[0] for r in platform}
    )
    reference = [v for v in reference if v.year in wanted]
    platform = [r for r in platform if r[0] in wanted]
    cw = (crosswalk or load_crosswalk()) if ds.has_sectors else None
    scope = reference_scope(cw)
    outside = sorted({c for _, c, _ in platform if c and not in_reference_scope(c, scope)})
    notes = [f"参考数据集 reference: {ds.key} ({ds.name}); 比较对象 compared: {subject}"]
    if selector.kind == "prefix":
        members = sorted({v.region for v in reference})
        notes.append(f"县级加总 sum of {len(members)} counties: {'、'.join(members)}")
    if ds.caveat:
        notes.append(ds.caveat)
    if outside:
        notes.append(f"{OUT_OF_SCOPE}: {', '.join(outside)}")
    totals = _totals(platform, reference, wanted, set(outside))
    sectors: list[ComparisonRow] = []
    if cw is not None and any(c for _, c, _ in platform):
        sectors = _sectors(platform, reference, cw, set(outside))
    elif any(c for _, c, _ in platform):
        notes.append(f"{ds.key} 无分行业数据，仅比较合计 / has no sectors: totals only")
    return Comparison(
        dataset=ds,
        region=selector.label,
        members=tuple(sorted({v.region for v in reference})),
        totals=tuple(totals),
        sectors=tuple(sectors),
        notes=tuple(notes),
        subject=subject,
    )


def _totals(
    platform: list[PlatformRow], reference: list[ReferenceValue], years: set[int], outside: set[str]
) -> list[ComparisonRow]:
    ref: dict[int, list[float]] = defaultdict(list)
    for v in reference:
        ref[v.year].append(v.value)
    plat: dict[int, list[float]] = defaultdict(list)
    for year, code, tonnes in platform:
        plat[year].extend([] if code in outside else [tonnes])
    rows = []
    for year in sorted(years):
        p = math.fsum(plat[year]) / T_PER_MT if year in plat else None
        r = math.fsum(ref[year]) if year in ref else None
        if p is not None or r is not None:
            rows.append(_row(year, None, None, p, r))
    return rows


def _sectors(
    platform: list[PlatformRow], reference: list[ReferenceValue], cw: Crosswalk, outside: set[str]
) -> list[ComparisonRow]:
    ref_parts = by_category(reference, cw)
    plat_codes = {c for _, c, _ in platform if c and c not in outside}
    keys = _roll_up({c for _, c in ref_parts} | plat_codes)
    names = cw.names()
    ref: dict[tuple[int, str], list[float]] = defaultdict(list)
    for (year, ref_code), value in ref_parts.items():
        ref[(year, keys[ref_code])].append(value)
    plat: dict[tuple[int, str], list[float]] = defaultdict(list)
    for year, plat_code, tonnes in platform:
        if plat_code:
            key = plat_code if plat_code in outside else keys[plat_code]
            plat[(year, key)].append(tonnes)
    rows = []
    for year, code in sorted(set(ref) | set(plat)):
        p = math.fsum(plat[(year, code)]) / T_PER_MT if (year, code) in plat else None
        r = math.fsum(ref[(year, code)]) if (year, code) in ref else None
        row = _row(year, code, names.get(code), p, r)
        if code in outside:
            row = ComparisonRow(year, code, None, p, None, None, None, OUT_OF_SCOPE)
        rows.append(row)
    return rows
