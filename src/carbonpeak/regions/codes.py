"""Region hierarchy with administrative codes (``data/regions.csv``) and the district-sum rule.

六盘水市 520200 has four statutory county-level units: 钟山区 520201, 六枝特区 520203,
水城区 520204 (formerly 水城县 520221) and 盘州市 520281 (formerly 盘县 520222). 六盘水高新区 is a
development zone without a statutory code (``520200-GX`` is this platform's own code, marked
``statutory = False``); its land lies within the districts, so it is not a member of the sum.

The rule (:func:`district_sum`): a city total equals the sum of its districts where all districts
report; where they do not, the city's own figure stands and the difference (city minus the sum of
the districts that reported) is shown, never hidden.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from carbonpeak.core.bundled import csv_rows, listed, name_index
from carbonpeak.core.errors import InputError

CITY = "520200"


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name_zh: str
    name_en: str
    level: str
    parent: str
    statutory: bool
    in_parent_sum: bool
    grid_region: str
    aliases: tuple[str, ...]
    note: str
    #: Year the code came into use (GB/T 2260 data; None for the platform's own rows).
    since: int | None = None


def _overlay() -> dict[str, Region]:
    """The curated rows (``regions.csv``): English names, zones, grid regions, the city sum."""
    return {
        r["code"]: Region(
            code=r["code"],
            name_zh=r["name_zh"],
            name_en=r["name_en"],
            level=r["level"],
            parent=r["parent"],
            statutory=r["statutory"] == "1",
            in_parent_sum=r["in_parent_sum"] == "1",
            grid_region=r["grid_region"],
            aliases=listed(r["aliases"]),
            note=r["note"],
        )
        for r in csv_rows("carbonpeak.regions", "data", "regions.csv")
    }


@lru_cache(maxsize=1)
def _national() -> tuple[dict[str, str], ...]:
    """Every GB/T 2260 code since 1981, current and former (``gbt2260.csv``, from
    yescallop/areacodes, CC0; see data/README.md)."""
    return tuple(csv_rows("carbonpeak.regions", "data", "gbt2260.csv"))


def _parent(code: str, level: str, current: set[str]) -> str:
    if level == "province":
        return "CN"
    province = code[:2] + "0000"
    city = code[:4] + "00"
    return city if level == "county" and city in current else province


@lru_cache(maxsize=1)
def grid_regions() -> dict[str, dict[str, str]]:
    """Province code -> its regional grid row (``grid_regions.csv``: ``grid_region`` of the
    MEE/NBS electricity factors, ``cdm_region`` of the CDM baseline notice, ``status``, ``note``;
    sources in data/README.md). Inner Mongolia (split west/east), Taiwan, Hong Kong and Macao
    have no region, with the reason in ``note``."""
    return {r["province"]: r for r in csv_rows("carbonpeak.regions", "data", "grid_regions.csv")}


def grid_region_note(code: str) -> str:
    """Why the province of ``code`` has no regional grid ('' when it has one or is unknown)."""
    row = grid_regions().get(code[:2] + "0000") if code[:2].isdigit() else None
    if row is None or row["grid_region"]:
        return ""
    return f"{row['name']} ({row['province']}) has no regional grid: {row['note']}"


@lru_cache(maxsize=1)
def regions() -> dict[str, Region]:
    """Every current region of China (GB/T 2260 provinces, prefectures, counties) and the
    platform's own rows; the curated rows of ``regions.csv`` win. Loaded once, on first use."""
    found = _overlay()
    national = [r for r in _national() if r["status"] == "current"]
    current = {r["code"] for r in national}
    grid = grid_regions()
    for r in national:
        code = r["code"]
        if code in found:
            continue
        found[code] = Region(
            code=code,
            name_zh=r["name"],
            name_en=r["name"],  # no English name in the source: the Chinese name stands
            level=r["level"],
            parent=_parent(code, r["level"], current),
            statutory=True,
            in_parent_sum=False,
            grid_region=grid.get(code, {}).get("grid_region", "") if code.endswith("0000") else "",
            aliases=(),
            note="GB/T 2260 code (yescallop/areacodes)",
            since=int(r["since"]) if r["since"] else None,
        )
    return found


@lru_cache(maxsize=1)
def _former() -> dict[str, tuple[str, str]]:
    """Former (abolished or changed) code -> (its one current successor, what happened); codes
    with several successors (a county split in two) are left out: no guess."""
    table = regions()
    found: dict[str, tuple[str, str]] = {}
    for r in _national():
        if r["status"] == "current" or r["code"] in table:
            continue
        new = [c.split("[")[0] for c in r["new_codes"].split(";") if c]
        live = [c for c in dict.fromkeys(new) if c in table]
        if len(live) == 1:
            what = f"{r['code']} {r['name']} ({r['since']}-{r['until']}) → {live[0]}"
            found.setdefault(r["code"], (live[0], what))
    return found


@lru_cache(maxsize=1)
def _names() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Written form -> code, and the bare names several current regions share (朝阳区)."""
    table = regions()
    curated = [r for r in table.values() if r.note != "GB/T 2260 code (yescallop/areacodes)"]
    counts: dict[str, list[str]] = {}
    for reg in table.values():
        counts.setdefault(reg.name_zh, []).append(reg.code)
    shared = {n: tuple(c) for n, c in counts.items() if len(c) > 1}

    def forms(reg: Region) -> tuple[str, ...]:
        parent = table.get(reg.parent)
        full: tuple[str, ...] = (
            (parent.name_zh + reg.name_zh,) if parent and parent.code != "CN" else ()
        )
        grand = table.get(parent.parent) if parent else None
        if grand is not None and grand.code != "CN" and parent is not None:
            full += (grand.name_zh + parent.name_zh + reg.name_zh,)
        bare = () if reg.name_zh in shared else (reg.name_zh, reg.name_en)
        return (reg.code, *bare, *full, *reg.aliases)

    index = name_index((reg.code, forms(reg)) for reg in (*curated, *table.values()))
    for old, (new, _) in _former().items():
        index.setdefault(old, new)
    return index, shared


def find_region(text: str) -> Region | None:
    """A region by code, Chinese or English name, full name (北京市朝阳区), or a former code
    (水城县 520221 → 水城区 520204); a bare name several regions share is not guessed."""
    code = _names()[0].get(text.strip().lower())
    return regions()[code] if code else None


def region_code(text: str) -> str:
    """The code of a region as written (as :func:`find_region` reads it); ``InputError`` if
    unknown or ambiguous, naming what was expected."""
    region = find_region(text)
    if region is None:
        shared = _names()[1].get(text.strip())
        if shared:
            table = regions()
            options = ", ".join(
                f"{c} {table[table[c].parent].name_zh if table[c].parent in table else ''}"
                f"{table[c].name_zh}"
                for c in shared[:6]
            )
            raise InputError(
                f"地区名称不唯一 / ambiguous region {text!r}: write the code or the full name "
                f"({options})"
            )
        raise InputError(
            f"未知地区 / unknown region {text!r}: expected a GB/T 2260 code (520201) or a "
            "region name (钟山区, 北京市朝阳区)"
        )
    return region.code


@cache
def members(parent: str) -> tuple[str, ...]:
    """The units whose sum makes ``parent``'s total (statutory districts, not the zone)."""
    return tuple(r.code for r in regions().values() if r.parent == parent and r.in_parent_sum)


@cache
def factor_chain(code: str) -> tuple[str, ...]:
    """The region and its ancestors, most specific first, with the grid region after its
    province: ``520201 > 520200 > 520000 > CN-South > CN``. Factor records match against it."""
    chain: list[str] = []
    current = regions().get(code)
    if current is None:
        return (code, "CN")
    while current is not None:
        chain.append(current.code)
        if current.grid_region:
            chain.append(current.grid_region)
        current = regions().get(current.parent) if current.parent else None
    return tuple(dict.fromkeys(chain))


@dataclass(frozen=True, slots=True)
class DistrictSum:
    """A city figure checked against its districts.

    ``total`` is the city total under the rule; ``difference`` is city minus the sum of the
    districts that reported (None where the city has no figure of its own).
    """

    parent: str
    members: tuple[str, ...]
    reported: Mapping[str, float]
    missing: tuple[str, ...]
    parent_value: float | None
    district_total: float
    total: float | None
    difference: float | None
    complete: bool
    explanation: str


def district_sum(
    parent: str,
    parent_value: float | None,
    member_values: Mapping[str, float | None],
    *,
    unit_members: tuple[str, ...] | None = None,
) -> DistrictSum:
    """Apply the district-sum rule to one figure (a total, a row) of one year.

    ``member_values`` maps district code -> value (None or absent = did not report).
    """
    units = unit_members if unit_members is not None else members(parent)
    reported = {m: v for m in units if (v := member_values.get(m)) is not None}
    missing = tuple(m for m in units if m not in reported)
    district_total = math.fsum(reported.values())
    difference = None if parent_value is None else parent_value - district_total
    name = regions()[parent].name_zh if parent in regions() else parent
    if not missing:
        total: float | None = district_total
        text = f"{name}: all {len(units)} districts report; city total = their sum"
        if difference is not None and not math.isclose(difference, 0.0, abs_tol=1e-6):
            text += f"; the city's own figure differs by {difference:.6g}"
    else:
        total = parent_value
        names = ", ".join(regions()[m].name_zh if m in regions() else m for m in missing)
        if parent_value is None:
            text = f"{name}: not available — no city figure and districts missing ({names})"
        else:
            text = (
                f"{name}: districts missing ({names}); city figure stands; city minus reported "
                f"districts = {difference:.6g}"
            )
    return DistrictSum(
        parent=parent,
        members=units,
        reported=reported,
        missing=missing,
        parent_value=parent_value,
        district_total=district_total,
        total=total,
        difference=difference,
        complete=not missing,
        explanation=text,
    )
