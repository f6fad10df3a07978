"""The result of a calculation as plain data: result rows, named totals, energy accounts, and the
inventory that holds them with the activity records they were computed from.

Words: 排放因子 emission factor, 清单 inventory, 范围一 scope 1 (territorial), 范围二 scope 2,
能源活动二氧化碳 regional energy CO2 (the assessment total), 碳汇 sink.
Units: result values are tonnes of the gas (tCO2 for CO2, t CH4 ...) and tCO2e; energy in tce.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from carbonpeak.inventory.accounting.trace import Measure, NotAvailable, Traced
from carbonpeak.inventory.model import ActivityRecord


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One cell of the inventory: region, year, IPCC category, gas.

    ``value`` is tonnes of the gas (tCO2 for CO2), ``co2e`` tCO2e under the inventory's GWP set
    (None where the set has no GWP for the gas: see ``explanation``). Where there is no number,
    ``notation`` is NO/NE/IE/C and ``explanation`` says why. ``partial``: a number exists but some
    records of the cell could not be estimated (named in ``explanation``).
    """

    region: str
    year: int
    category: str
    gas: str
    value: Traced | None
    co2e: Traced | None = None
    notation: str | None = None
    explanation: str = ""
    family: str = ""
    scope: int = 1
    partial: bool = False


@dataclass(frozen=True, slots=True)
class Exclusion:
    """An activity record that gives no emission in a category, and why (non-energy use ...)."""

    activity_id: str
    reason: str


TOTAL_NAMES: tuple[str, ...] = (
    "territorial",
    "co2_t",
    "co2e_t",
    "co2e_gross_t",
    "lulucf_co2e_t",
    "regional_energy_co2",
    "scope2",
    "karst_memo_t",
)
TOTAL_MEANING: dict[str, str] = {
    "territorial": "scope-1 CO2, gross, excl. LULUCF and memo items (tCO2; the CEADs boundary)",
    "co2_t": "scope-1 CO2 net of LULUCF removals (tCO2)",
    "co2e_t": "scope-1 all gases net of LULUCF removals (tCO2e)",
    "co2e_gross_t": "scope-1 all gases, gross, excl. LULUCF (tCO2e)",
    "lulucf_co2e_t": "LULUCF (forest, wetland): removals negative (tCO2e)",
    "regional_energy_co2": (
        "fossil energy CO2 + net imported electricity x grid factor, exported electricity "
        "removed (tCO2; the total used for intensity assessment)"
    ),
    "scope2": "grid-supplied electricity and heat consumed x supply factor (tCO2)",
    "karst_memo_t": "karst carbon sink, research grade, memo only (tCO2; not in any total)",
}


@dataclass(frozen=True, slots=True)
class Totals:
    """The named totals of one region and year (each a traced value or not available)."""

    region: str
    year: int
    values: Mapping[str, Measure]
    derived_from_districts: bool = False

    def __getitem__(self, name: str) -> Measure:
        return self.values.get(name) or NotAvailable(f"no total named {name!r}")

    def value(self, name: str) -> float | None:
        item = self[name]
        return item.value if isinstance(item, Traced) else None


@dataclass(frozen=True, slots=True)
class EnergyAccount:
    """Energy consumption of one region and year (tce), by method, with its coal and non-fossil
    parts (:mod:`carbonpeak.inventory.accounting.energy`)."""

    region: str
    year: int
    total: Mapping[str, Measure]
    coal: Measure
    nonfossil: Mapping[str, Measure]


@dataclass(frozen=True)
class Inventory:
    """Result of :func:`carbonpeak.inventory.accounting.engine.calculate` (frozen)."""

    rows: tuple[ResultRow, ...]
    totals: Mapping[tuple[str, int], Totals]
    activity: tuple[ActivityRecord, ...]
    factor_sets: tuple[str, ...]
    gwp_set: str
    excluded: tuple[Exclusion, ...] = ()
    energy: Mapping[tuple[str, int], EnergyAccount] = field(default_factory=dict)
    #: 核算方法 the accounting method (``provincial-2011`` ...); "" for a custom set list.
    method: str = ""
    #: Gaps a method filled from another document, proxy years, overrides (see Collector.notes).
    notes: tuple[str, ...] = ()
    _index: dict[tuple[str, int, str, str], ResultRow] = field(
        init=False, repr=False, compare=False
    )

    _activity_index: dict[tuple[str, int], tuple[ActivityRecord, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_index", {(r.region, r.year, r.category, r.gas): r for r in self.rows}
        )
        by_key: dict[tuple[str, int], list[ActivityRecord]] = {}
        for a in self.activity:
            by_key.setdefault((a.region, a.year), []).append(a)
        object.__setattr__(self, "_activity_index", {k: tuple(v) for k, v in by_key.items()})

    def row(self, region: str, year: int, category: str, gas: str) -> ResultRow | None:
        return self._index.get((region, year, category, gas))

    def rows_for(self, region: str, year: int) -> tuple[ResultRow, ...]:
        return tuple(r for r in self.rows if r.region == region and r.year == year)

    def total(self, region: str, year: int, name: str) -> Measure:
        t = self.totals.get((region, year))
        return t[name] if t else NotAvailable(f"no inventory for {region} {year}")

    def activity_for(self, region: str, year: int) -> tuple[ActivityRecord, ...]:
        """The activity records of one region and year (in input order)."""
        return self._activity_index.get((region, year), ())

    def activity_by_id(self) -> dict[str, ActivityRecord]:
        return {a.id: a for a in self.activity}

    @property
    def region_years(self) -> tuple[tuple[str, int], ...]:
        return tuple(sorted(self.totals))
