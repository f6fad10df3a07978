"""IPCC 2006 categories and the crosswalk from Chinese statistical sectors, both as data.

- ``data/categories.csv``: the IPCC 2006 categories this platform reports (1.A.1.a ... 4.D), their
  family (energy, fugitive, ippu, agriculture, lulucf, waste, scope2, memo), the sector class that
  selects IPCC CH4/N2O defaults (energy_industries, manufacturing, commercial, residential,
  transport, agriculture_stationary), scope, and whether the reporting table lists it.
- ``data/sector_crosswalk.csv``: Chinese sector names of the energy balance and the statistical
  yearbook (农林牧渔业, 煤炭开采和洗选业 ... 城镇居民, 乡村居民, and the 加工转换 rows 火力发电,
  供热, 炼焦 ...) with the IPCC category and the *use* of the fuel:

  ``combustion``             burned where consumed (final consumption): counted;
  ``transformation_burned``  火力发电/供热: negative inputs are burned (counted in 1.A.1.a);
                             positive outputs (electricity, heat) are generation, not emissions;
  ``transformation``         炼焦/炼油/制气/洗选煤...: negative inputs are converted, not burned
                             (their carbon is counted where coke, gas, oil products are burned);
                             positive outputs are not counted again;
  ``non_energy``             用作原料、材料: in energy consumption, not in combustion CO2;
  ``loss``                   损失: in energy consumption, not in combustion CO2.

A sector text may carry a use after ``|``: ``化学原料和化学制品制造业|非能源使用``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from carbonpeak.core.bundled import csv_rows

USES: tuple[str, ...] = (
    "combustion",
    "transformation_burned",
    "transformation",
    "non_energy",
    "loss",
)
_USE_WORDS: dict[str, str] = {
    **{u: u for u in USES},
    "燃烧": "combustion",
    "终端消费": "combustion",
    "加工转换": "transformation",
    "非能源使用": "non_energy",
    "用作原料、材料": "non_energy",
    "损失": "loss",
}


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    name_en: str
    name_zh: str
    family: str
    sector_class: str
    scope: int
    reporting: bool
    note: str


@dataclass(frozen=True, slots=True)
class SectorMatch:
    """What a sector text means: the IPCC category, the use of the fuel, and how it was found."""

    category: str
    use: str
    text: str
    via: str


def _rows(name: str) -> list[dict[str, str]]:
    return csv_rows("carbonpeak.inventory", "data", name)


@lru_cache(maxsize=1)
def categories() -> dict[str, Category]:
    return {
        r["code"]: Category(
            code=r["code"],
            name_en=r["name_en"],
            name_zh=r["name_zh"],
            family=r["family"],
            sector_class=r["sector_class"],
            scope=int(r["scope"]),
            reporting=r["reporting"] == "1",
            note=r["note"],
        )
        for r in _rows("categories.csv")
    }


@lru_cache(maxsize=1)
def crosswalk() -> dict[str, tuple[str, str]]:
    """Chinese sector name -> (IPCC category, use)."""
    return {r["text"]: (r["category"], r["use"]) for r in _rows("sector_crosswalk.csv")}


def sector_chain(category: str) -> tuple[str, ...]:
    """(category, sector class): what factor records with a ``sector`` are matched against."""
    cat = categories().get(category)
    return (category, cat.sector_class) if cat and cat.sector_class else (category,)


def find_sector(text: str) -> SectorMatch | None:
    """The IPCC category and fuel use for a sector as written; None if unknown."""
    raw = text.strip()
    base, sep, use_text = raw.replace("｜", "|").partition("|")
    base = base.strip()
    use_override: str | None = None
    if sep:
        use_override = _USE_WORDS.get(use_text.strip())
        if use_override is None:
            return None
    if base in categories():
        match = SectorMatch(base, "combustion", raw, "IPCC code")
    elif base in crosswalk():
        category, use = crosswalk()[base]
        match = SectorMatch(category, use, raw, f"crosswalk: {base}")
    else:
        return None
    if use_override:
        return SectorMatch(match.category, use_override, raw, match.via + f" | {use_override}")
    return match
