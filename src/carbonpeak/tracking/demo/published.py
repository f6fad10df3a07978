"""Published values for the plan's indicators where a published statistic measures the same
thing (pure): the tracking demo stores these, and invents no value for an indicator that has
one (a series half published and half invented would still be illustrative).

Which plan indicator is which published indicator is written here by name, as the parsed plan
names them; the region is the plan's (六盘水市 520200). A value is converted to the tracking
indicator's unit through the one unit registry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from carbonpeak.core.units import quantity
from carbonpeak.statistics import PublishedValue

#: Plan indicator name (as parsed) -> published indicator id (carbonpeak.statistics catalogue).
PUBLISHED_INDICATORS = {
    "全市森林覆盖率": "forest_coverage",
    "森林蓄积量": "forest_stock",
    "湿地面积": "wetland_area",
}


@dataclass(frozen=True, slots=True)
class PublishedPoint:
    year: int
    value: float
    source: str


def published_points(
    name: str, unit: str, region: str, values: Iterable[PublishedValue]
) -> list[PublishedPoint]:
    """The published values of the indicator named ``name`` for ``region``, in ``unit``, one per
    year (a revision over a first release); empty when no published indicator matches."""
    wanted = PUBLISHED_INDICATORS.get(name.strip())
    if wanted is None:
        return []
    rank = {"preliminary": 0, "revised": 1}
    chosen: dict[int, PublishedValue] = {}
    for v in values:
        if v.indicator == wanted and v.region == region:
            held = chosen.get(v.year)
            if held is None or rank[v.status] >= rank[held.status]:
                chosen[v.year] = v
    out = []
    for year in sorted(chosen):
        v = chosen[year]
        ratio = quantity(v.value, v.unit) / quantity(1.0, unit)
        out.append(PublishedPoint(year, float(ratio.to("dimensionless").magnitude), v.source.line))
    return out
