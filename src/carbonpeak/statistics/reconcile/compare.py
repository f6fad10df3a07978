"""Two figures for the same thing, side by side with their difference (pure).

Nothing is averaged or chosen: the page and the command show both and the difference
(``left - right``) and its share of ``right``. The district rule of :mod:`carbonpeak.regions`
(a city total against the sum of the districts that reported) is applied to published values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from carbonpeak.regions import district_sum
from carbonpeak.statistics.model import PublishedValue, get_indicator, in_catalogue_unit


@dataclass(frozen=True, slots=True)
class Pair:
    """``left`` (e.g. the city as published) against ``right`` (e.g. the sum of its districts)."""

    topic: str
    year: int
    left_label: str
    left: float | None
    right_label: str
    right: float | None
    unit: str
    note: str = ""

    @property
    def difference(self) -> float | None:
        if self.left is None or self.right is None:
            return None
        return self.left - self.right

    @property
    def ratio(self) -> float | None:
        """``left / right`` (None where either is missing or ``right`` is zero)."""
        if self.left is None or not self.right:
            return None
        return self.left / self.right


def pairs(
    topic: str,
    left: Mapping[int, float],
    right: Mapping[int, float],
    *,
    left_label: str,
    right_label: str,
    unit: str,
    note: str = "",
) -> list[Pair]:
    """One pair per year that either side has."""
    return [
        Pair(topic, y, left_label, left.get(y), right_label, right.get(y), unit, note)
        for y in sorted(set(left) | set(right))
    ]


def district_pairs(values: Iterable[PublishedValue], *, parent: str, indicator: str) -> list[Pair]:
    """The city's published ``indicator`` against the sum of its districts' published values,
    year by year (in the catalogue unit), for the years with a city figure and at least one
    district figure. Where not every district reported, the sum is of those that did and the
    note names the missing ones."""
    ind = get_indicator(indicator)
    by_year: dict[int, dict[str, float]] = {}
    for v in values:
        if v.indicator == indicator:
            by_year.setdefault(v.year, {})[v.region] = in_catalogue_unit(ind, v.value, v.unit)
    out = []
    for year in sorted(by_year):
        figures = by_year[year]
        reported = {code: val for code, val in figures.items() if code != parent}
        checked = district_sum(parent, figures.get(parent), reported)
        if not checked.reported or checked.parent_value is None:
            continue
        note = checked.explanation
        out.append(
            Pair(
                f"{ind.name_zh}: 市 vs 区县合计",
                year,
                "市 city",
                figures.get(parent),
                "区县合计 district sum",
                checked.district_total,
                ind.unit,
                note,
            )
        )
    return out
