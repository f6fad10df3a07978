"""The figures of the overview (领导驾驶舱), from the inventory of the chosen dataset:
emissions by year since 2005, CO2 intensity against 2005 with the plan's goal, the non-fossil
share with its goals, energy intensity, and the districts side by side.

The numbers are the inventory engine's (``inventory/accounting/indicators.py``), with the
methods the tracking module stores (``tracking.INVENTORY_NAMES``: 等价值 coal-equivalent energy,
地区能源活动 CO2 for the intensity). Goals are the plan's own headline targets, found by what
they measure (``tracking.computed_kind``), never numbers written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from carbonpeak.core.shared import figure_cache
from carbonpeak.inventory import StoredInventory, Traced, data_key, indicators, members
from carbonpeak.plan.orm import TargetRow
from carbonpeak.tracking import INVENTORY_NAMES, ComputedKind, computed_kind
from carbonpeak.web import inventory_view
from carbonpeak.web.dataset_choice import Picker

BASE_YEAR = 2005
Point = tuple[int, float | None]


@dataclass(frozen=True)
class Goal:
    year: int
    value: float
    comparator: str
    #: "decrease" goals are drawn as a negative change (−65 % against the base year).
    change: str | None
    base_year: int | None


@dataclass
class OverviewFigures:
    dataset: str
    version: int
    illustrative: bool
    region: str
    years: list[int]
    emissions: dict[str, list[Point]]
    co2_intensity_change: list[Point]
    nonfossil_share: list[Point]
    energy_intensity: list[Point]
    latest_year: int
    #: District code -> {total name: t CO2} in the latest year.
    districts: dict[str, dict[str, float | None]] = field(default_factory=dict)
    peak_year: int | None = None
    #: The years whose GDP behind the intensity figures is published (no illustrative record).
    gdp_published_years: list[int] = field(default_factory=list)


def _value(measure: object) -> float | None:
    return measure.value if isinstance(measure, Traced) else None


def figures(picked: tuple[Picker, StoredInventory] | None) -> OverviewFigures | None:
    """The overview's figures of the chosen dataset (:func:`dataset_choice.choose`), or None
    when no activity dataset has been imported."""
    if picked is None:
        return None
    key = (data_key(picked[1]), picked[0].dataset)
    return figure_cache().get_or_compute("overview", key, lambda: _figures(picked))


def _figures(picked: tuple[Picker, StoredInventory]) -> OverviewFigures | None:
    name = picked[0].dataset
    stored = picked[1]
    inv = stored.inventory
    if not inv.region_years:
        return None
    region = inventory_view.default_region(inv)
    years = sorted(y for r, y in inv.region_years if r == region)
    co2_name, co2_method = INVENTORY_NAMES[ComputedKind.CO2_INTENSITY]
    share_name, share_method = INVENTORY_NAMES[ComputedKind.NON_FOSSIL_SHARE]
    energy_name, energy_method = INVENTORY_NAMES[ComputedKind.ENERGY_INTENSITY]
    change: list[Point] = []
    share: list[Point] = []
    energy: list[Point] = []
    gdp_published: list[int] = []
    for year in years:
        table = indicators(inv, region, year, base_years=(BASE_YEAR,))
        gdp = table.get("gdp")
        if isinstance(gdp, Traced) and inventory_view.economy_sources(inv, gdp)[1]:
            gdp_published.append(year)
        change.append((year, _value(table.get(f"{co2_name}_change_vs_{BASE_YEAR}", co2_method))))
        share.append((year, _value(table.get(share_name, share_method))))
        energy.append((year, _value(table.get(energy_name, energy_method))))
    emissions = inventory_view.trend(inv, region)
    peak = _peak(emissions["regional_energy_co2"])
    latest = years[-1]
    districts = {
        code: {
            name: (inv.totals[(code, latest)].value(name) if (code, latest) in inv.totals else None)
            for name in inventory_view.HEADLINE
        }
        for code in members(region)
    }
    result = OverviewFigures(
        dataset=name,
        version=stored.version.version,
        illustrative=inventory_view.is_illustrative(name, stored.version),
        region=region,
        years=years,
        emissions=emissions,
        co2_intensity_change=change,
        nonfossil_share=share,
        energy_intensity=energy,
        latest_year=latest,
        districts=districts,
        peak_year=peak,
        gdp_published_years=gdp_published,
    )
    return result


def _peak(points: list[Point]) -> int | None:
    """The year of the highest value so far (the observed peak; not a projection)."""
    known = [(v, y) for y, v in points if v is not None]
    return max(known)[1] if known else None


def goals(targets: list[TargetRow]) -> dict[ComputedKind, list[Goal]]:
    """The plan's headline targets by what they measure, in year order."""
    found: dict[ComputedKind, list[Goal]] = {}
    for t in targets:
        kind = computed_kind(t.indicator)
        if kind is None or t.year is None:
            continue
        found.setdefault(kind, []).append(
            Goal(t.year, t.value, t.comparator, t.change, t.base_year)
        )
    for items in found.values():
        items.sort(key=lambda g: (g.year, g.value))
    return found
