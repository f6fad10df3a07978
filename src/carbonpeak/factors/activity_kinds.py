"""Non-energy activity kinds (``data/activity_kinds.csv``): what each row of the tidy format
means when its ``fuel`` column is not a fuel (水泥熟料 clinker, 高瓦斯矿井原煤产量, 生猪存栏,
森林蓄积量, 调入电量, 地区生产总值 ...), the unit each expects, the IPCC category it feeds and the
gases it gives.

A kind may take a qualifier after ``@``: ``gdp@2020`` (GDP at constant 2020 prices),
``forest_stock_volume@马尾松`` (forest type), ``karst_area@houzhai`` (catchment).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from carbonpeak.core.bundled import csv_rows, listed


@dataclass(frozen=True, slots=True)
class Kind:
    id: str
    name_zh: str
    family: str
    category: str
    unit: str
    gases: tuple[str, ...]
    negative_allowed: bool
    qualifier: str
    note: str

    @property
    def qualifier_required(self) -> bool:
        return self.qualifier.startswith("required")


@lru_cache(maxsize=1)
def kinds() -> dict[str, Kind]:
    """All activity kinds by id, in file order."""
    rows = csv_rows("carbonpeak.factors", "data", "activity_kinds.csv")
    return {
        r["kind"]: Kind(
            id=r["kind"],
            name_zh=r["name_zh"],
            family=r["family"],
            category=r["category"],
            unit=r["unit"],
            gases=listed(r["gases"]),
            negative_allowed=r["negative"] == "1",
            qualifier=r["qualifier"],
            note=r["note"],
        )
        for r in rows
    }


def find_kind(text: str) -> tuple[Kind, str] | None:
    """(kind, qualifier) for ``clinker``, ``水泥熟料产量``, ``gdp@2020``; None if unknown."""
    name, _, qualifier = text.strip().partition("@")
    name = name.strip()
    table = kinds()
    kind = table.get(name) or next((k for k in table.values() if k.name_zh == name), None)
    return (kind, qualifier.strip()) if kind else None


def kinds_of(family: str) -> tuple[str, ...]:
    return tuple(k.id for k in kinds().values() if k.family == family)
