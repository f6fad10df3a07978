"""Coverage of the published values: for each indicator and region, the years found against
the years sought (pure). The README's table is printed by ``carbonpeak stats coverage``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from carbonpeak.statistics.model import PublishedValue, indicators

#: Regions sought: 六盘水市, its four county-level units, 贵州省.
SOUGHT_REGIONS = ("520200", "520201", "520203", "520204", "520281", "520000")
#: Years sought: from 2005 to the latest bulletin published.
SOUGHT_YEARS = tuple(range(2005, 2024))


@dataclass(frozen=True, slots=True)
class CoverageCell:
    indicator: str
    region: str
    found: tuple[int, ...]
    sought: int

    @property
    def text(self) -> str:
        return f"{len(self.found)}/{self.sought}"


def coverage(
    values: Iterable[PublishedValue],
    *,
    regions: Sequence[str] = SOUGHT_REGIONS,
    years: Sequence[int] = SOUGHT_YEARS,
    indicator_ids: Sequence[str] | None = None,
) -> list[CoverageCell]:
    """One cell per indicator × region: the sought years that have at least one value."""
    wanted = set(years)
    found: dict[tuple[str, str], set[int]] = {}
    for v in values:
        if v.year in wanted:
            found.setdefault((v.indicator, v.region), set()).add(v.year)
    ids = list(indicator_ids) if indicator_ids is not None else list(indicators())
    return [
        CoverageCell(i, r, tuple(sorted(found.get((i, r), ()))), len(wanted))
        for i in ids
        for r in regions
    ]


def totals(cells: Sequence[CoverageCell]) -> tuple[int, int]:
    """(region-years found, region-years sought) over all cells."""
    return sum(len(c.found) for c in cells), sum(c.sought for c in cells)


def markdown(cells: Sequence[CoverageCell], region_names: dict[str, str]) -> str:
    """The coverage as a Markdown table: indicators down, regions across, ``found/sought``."""
    regions = list(dict.fromkeys(c.region for c in cells))
    names = indicators()
    head = "| indicator | " + " | ".join(region_names.get(r, r) for r in regions) + " |"
    lines = [head, "|---" * (len(regions) + 1) + "|"]
    for ind in dict.fromkeys(c.indicator for c in cells):
        row = {c.region: c.text for c in cells if c.indicator == ind}
        label = f"{names[ind].name_zh} `{ind}`" if ind in names else ind
        lines.append(f"| {label} | " + " | ".join(row[r] for r in regions) + " |")
    found, sought = totals(cells)
    lines.append("")
    lines.append(f"Found {found} of {sought} indicator-region-years sought (2005–2023).")
    return "\n".join(lines)
