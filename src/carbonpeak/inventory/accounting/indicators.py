"""Carbon-peak indicators of a region and year (碳达峰指标), from a finished inventory.

- total energy consumption (tce) by the calorific method and the coal-equivalent (发电煤耗)
  method (:mod:`carbonpeak.inventory.accounting.energy`), coal share and non-fossil share (%);
- energy intensity (tce per 10,000 yuan) and CO2 intensity (t per 10,000 yuan) on GDP at
  constant prices of a stated base year (``gdp@2020``), for the regional energy CO2 (the
  assessment total) and the territorial total;
- per-capita energy and CO2;
- change against 2005, 2020 and the previous year (%), where both years exist and their GDP is
  at the same price base.

Missing GDP or population, a division by zero, a missing base year: *not available* with the
reason — never 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from carbonpeak.core.illustrative import marks_illustrative
from carbonpeak.core.memory import gc_paused
from carbonpeak.core.units import quantity, unit_of
from carbonpeak.inventory.accounting.energy import METHODS
from carbonpeak.inventory.accounting.result import Inventory
from carbonpeak.inventory.accounting.trace import Measure, NotAvailable, Step, Traced, ratio, total
from carbonpeak.inventory.model import ActivityRecord
from carbonpeak.regions import members

CO2_TOTALS = ("regional_energy_co2", "territorial")
BASE_YEARS = (2005, 2020)
WAN_YUAN = "万元"


@dataclass(frozen=True, slots=True)
class Indicator:
    name: str
    method: str
    unit: str
    value: Measure


@dataclass(frozen=True)
class IndicatorTable:
    region: str
    year: int
    price_year: int | None
    items: tuple[Indicator, ...]

    def get(self, name: str, method: str = "") -> Measure:
        found = next((i for i in self.items if i.name == name and i.method == method), None)
        return found.value if found else NotAvailable(f"no indicator {name} ({method})")


def _records(inv: Inventory, region: str, year: int) -> list[ActivityRecord]:
    """The records of a region and year; for a region summed from its districts, the districts'
    records, except where the region has its own record of the kind (a city's published GDP or
    population), which stands instead of the district sum."""
    own = list(inv.activity_for(region, year))
    totals = inv.totals.get((region, year))
    if totals is None or not totals.derived_from_districts:
        return own
    kinds_held = {a.fuel for a in own}
    units = [a for unit in members(region) for a in inv.activity_for(unit, year)]
    return own + [a for a in units if a.fuel not in kinds_held]


@lru_cache(maxsize=256)
def _unit_factor(unit: str, word: str) -> float:
    return float((quantity(1.0, unit) / quantity(1.0, word)).to("dimensionless").magnitude)


def _in(q: Any, word: str) -> float:
    return float(q.magnitude) * _unit_factor(unit_of(q), word)


def _gdp(records: Sequence[ActivityRecord]) -> tuple[Measure, int | None]:
    rows = [r for r in records if r.fuel == "gdp" and not r.notation]
    if not rows:
        return NotAvailable(
            "no GDP (gdp@<price base year>) for this region and year", WAN_YUAN
        ), None
    bases = {r.qualifier for r in rows}
    if len(bases) > 1:
        text = ", ".join(sorted(bases))
        return NotAvailable(f"GDP given at several price bases ({text})", WAN_YUAN), None
    parts = [
        Traced(_in(r.quantity, WAN_YUAN), WAN_YUAN, f"GDP at {r.qualifier} prices", (r.id,))
        for r in rows
    ]
    price_year = int(next(iter(bases)))
    return total(parts, unit=WAN_YUAN, formula=f"GDP at constant {price_year} prices"), price_year


def _population(records: Sequence[ActivityRecord]) -> Measure:
    rows = [r for r in records if r.fuel == "population" and not r.notation]
    if not rows:
        return NotAvailable("no population for this region and year", "person")
    parts = [Traced(_in(r.quantity, "人"), "person", "population", (r.id,)) for r in rows]
    return total(parts, unit="person", formula="population")


def _core(
    inv: Inventory, region: str, year: int
) -> tuple[dict[tuple[str, str], Measure], int | None]:
    """Level indicators of one region and year, and the GDP price base year."""
    values: dict[tuple[str, str], Measure] = {}
    if (region, year) not in inv.totals:
        return values, None
    records = _records(inv, region, year)
    gdp, price_year = _gdp(records)
    pop = _population(records)
    values[("gdp", "")] = gdp
    values[("population", "")] = pop
    account = inv.energy.get((region, year))
    for method in METHODS:
        energy: Measure = account.total[method] if account else NotAvailable("no energy account")
        values[("energy_consumption", method)] = energy
        if account:
            values[("coal_share", method)] = ratio(
                account.coal, energy, unit="%", formula="coal ÷ total energy", scale=100.0
            )
            values[("nonfossil_share", method)] = ratio(
                account.nonfossil[method],
                energy,
                unit="%",
                formula="non-fossil ÷ total energy",
                scale=100.0,
            )
        values[("energy_intensity", method)] = ratio(
            energy, gdp, unit="tce/万元", formula="energy ÷ GDP (constant prices)"
        )
        values[("energy_per_capita", method)] = ratio(
            energy, pop, unit="tce/person", formula="energy ÷ population"
        )
    for name in CO2_TOTALS:
        co2 = inv.total(region, year, name)
        values[("co2", name)] = co2
        values[("co2_intensity", name)] = ratio(
            co2, gdp, unit="t/万元", formula=f"{name} ÷ GDP (constant prices)"
        )
        values[("co2_per_capita", name)] = ratio(
            co2, pop, unit="t/person", formula=f"{name} ÷ population"
        )
    return values, price_year


_UNITS = {
    "gdp": WAN_YUAN,
    "population": "person",
    "energy_consumption": "tce",
    "coal_share": "%",
    "nonfossil_share": "%",
    "energy_intensity": "tce/万元",
    "energy_per_capita": "tce/person",
    "co2": "t",
    "co2_intensity": "t/万元",
    "co2_per_capita": "t/person",
}
_CHANGED = (
    "energy_consumption",
    "energy_intensity",
    "co2",
    "co2_intensity",
    "co2_per_capita",
    "energy_per_capita",
)


def _change(now: Measure, base: Measure, label: str, same_prices: bool, needs_gdp: bool) -> Measure:
    if isinstance(now, NotAvailable):
        return NotAvailable(f"this year: {now.reason}", "%")
    if isinstance(base, NotAvailable):
        return NotAvailable(f"{label}: {base.reason}", "%")
    if needs_gdp and not same_prices:
        return NotAvailable(f"GDP of {label} is not at the same price base", "%")
    if base.value == 0:
        return NotAvailable(f"division by zero: the {label} value is 0", "%")
    value = (now.value / base.value - 1.0) * 100.0
    return Traced(
        value=value,
        unit="%",
        formula=f"(this year ÷ {label} − 1) × 100",
        steps=(Step("this year", now.value, now.unit), Step(label, base.value, base.unit)),
        parts=(now, base),
    )


Core = tuple[dict[tuple[str, str], Measure], int | None]


def _gdp_illustrative(inv: Inventory, region: str, year: int) -> bool | None:
    """Whether the GDP used for the region and year comes from an illustrative (invented)
    record; None where there is no GDP."""
    rows = [r for r in _records(inv, region, year) if r.fuel == "gdp" and not r.notation]
    return any(marks_illustrative(r.source) for r in rows) if rows else None


def _mixed_note(change: Measure, now: bool | None, base: bool | None, what: str) -> Measure:
    """An intensity change whose two GDPs differ in kind (one published, one invented) says so:
    the change then partly measures the difference between the two sources."""
    if not isinstance(change, Traced) or None in (now, base) or now == base:
        return change
    kinds = {True: "illustrative (示意数据)", False: "published"}
    note = (
        f"GDP of this year is {kinds[bool(now)]}, of {what} {kinds[bool(base)]}: the change "
        "mixes the two sources"
    )
    return replace(change, notes=(*change.notes, note))


def indicators(
    inv: Inventory,
    region: str,
    year: int,
    *,
    base_years: Sequence[int] = BASE_YEARS,
    _cores: dict[tuple[str, int], Core] | None = None,
) -> IndicatorTable:
    """All indicators of one region and year, with changes against the base years and the
    previous year."""
    cores: dict[tuple[str, int], Core] = {} if _cores is None else _cores

    def core(y: int) -> Core:
        hit = cores.get((region, y))
        if hit is None:
            hit = cores[(region, y)] = _core(inv, region, y)
        return hit

    values, price_year = core(year)
    if not values:
        reason = f"no inventory for {region} {year}"
        empty = tuple(Indicator(n, "", u, NotAvailable(reason, u)) for n, u in _UNITS.items())
        return IndicatorTable(region, year, None, empty)
    items = [Indicator(n, m, _UNITS[n], v) for (n, m), v in values.items()]
    compare = [(str(b), b) for b in base_years] + [("previous", year - 1)]
    gdp_kind = _gdp_illustrative(inv, region, year)
    for label, other_year in compare:
        other, other_prices = core(other_year)
        what = f"{other_year}" if label != "previous" else f"previous year {other_year}"
        other_kind = _gdp_illustrative(inv, region, other_year)
        for (name, method), now in values.items():
            if name not in _CHANGED:
                continue
            base = other.get((name, method)) or NotAvailable(
                f"no inventory for {region} {other_year}"
            )
            change = _change(
                now, base, what, other_prices == price_year, name.endswith("intensity")
            )
            if name.endswith("intensity"):
                change = _mixed_note(change, gdp_kind, other_kind, what)
            items.append(Indicator(f"{name}_change_vs_{label}", method, "%", change))
    return IndicatorTable(region, year, price_year, tuple(items))


def indicator_tables(
    inv: Inventory, *, base_years: Sequence[int] = BASE_YEARS
) -> dict[tuple[str, int], IndicatorTable]:
    """The indicator table of every region and year of the inventory (each level computed once
    and shared by the changes that compare against it)."""
    cores: dict[tuple[str, int], Core] = {}
    with gc_paused():
        return {
            key: indicators(inv, key[0], key[1], base_years=base_years, _cores=cores)
            for key in inv.region_years
        }
