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


@lru_cache(maxsize=1)
def regions() -> dict[str, Region]:
    rows = csv_rows("carbonpeak.regions", "data", "regions.csv")
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
        for r in rows
    }


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    return name_index(
        (reg.code, (reg.code, reg.name_zh, reg.name_en, *reg.aliases)) for reg in regions().values()
    )


def find_region(text: str) -> Region | None:
    """A region by code, Chinese or English name, or a former name/code (水城县, 520222)."""
    code = _names().get(text.strip().lower())
    return regions()[code] if code else None


def region_code(text: str) -> str:
    """The code of a region as written (as :func:`find_region` reads it); ``InputError`` if
    unknown."""
    region = find_region(text)
    if region is None:
        raise InputError(f"未知地区 / unknown region {text!r}")
    return region.code


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
