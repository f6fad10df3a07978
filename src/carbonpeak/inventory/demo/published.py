"""Published economy figures in place of the demo's invented ones (pure).

The demo's district GDP (``gdp@2020``: constant 2020 prices) and population rows are invented.
Where :mod:`carbonpeak.statistics` holds a published figure for the same district and year,
the record is replaced by it, with its source:

- ``population``: the published year-end resident population (年末常住人口);
- ``gdp@P``: GDP at constant ``P`` prices, derived from the published GDP of year ``P`` and the
  published comparable-price growth rates (:func:`carbonpeak.statistics.constant_price_gdp`;
  the derivation is written in the record's note).

Nothing else changes: every other record stays invented and says so. The city has no records of
its own (the engine sums the districts), so a published city figure is not put in here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from carbonpeak.core.units import quantity
from carbonpeak.inventory.model import ActivityRecord
from carbonpeak.statistics import DerivedValue, PublishedValue, constant_price_gdp


@dataclass(frozen=True, slots=True)
class Replacement:
    """One invented record replaced by a published (or published-derived) figure."""

    region: str
    year: int
    fuel: str
    invented: float
    published: float
    unit: str
    source: str


def _population(published: Sequence[PublishedValue]) -> dict[tuple[str, int], PublishedValue]:
    rank = {"preliminary": 0, "revised": 1}
    out: dict[tuple[str, int], PublishedValue] = {}
    for v in published:
        if v.indicator != "population_resident":
            continue
        held = out.get((v.region, v.year))
        if held is None or rank[v.status] >= rank[held.status]:
            out[(v.region, v.year)] = v
    return out


def with_published_economy(
    records: Iterable[ActivityRecord], published: Iterable[PublishedValue]
) -> tuple[list[ActivityRecord], list[Replacement]]:
    """``records`` with every district GDP/population record that has a published counterpart
    replaced by it; and the list of replacements made."""
    pool = list(published)
    population = _population(pool)
    gdp_cache: dict[tuple[str, int], dict[int, DerivedValue]] = {}
    out: list[ActivityRecord] = []
    replaced: list[Replacement] = []
    for rec in records:
        new = None
        if rec.fuel == "population" and rec.quantity is not None:
            found = population.get((rec.region, rec.year))
            if found is not None:
                q = quantity(found.value, found.unit).to(rec.quantity.units)
                note = (
                    f"published {found.name_as_published} {found.value:g} {found.unit} "
                    f"({found.status}); replaces the demo's invented value"
                )
                new = dataclasses.replace(rec, quantity=q, source=found.source.line, note=note)
        elif rec.fuel == "gdp" and rec.qualifier.isdigit() and rec.quantity is not None:
            key = (rec.region, int(rec.qualifier))
            if key not in gdp_cache:
                gdp_cache[key] = constant_price_gdp(pool, region=key[0], base_year=key[1])
            d = gdp_cache[key].get(rec.year)
            if d is not None:
                q = quantity(d.value, d.unit).to(rec.quantity.units)
                note = f"published-derived: {d.formula}; replaces the demo's invented value"
                new = dataclasses.replace(
                    rec, quantity=q, source=d.inputs[0].source.line, note=note
                )
        if new is None:
            out.append(rec)
            continue
        out.append(new)
        replaced.append(
            Replacement(
                rec.region,
                rec.year,
                rec.fuel,
                float(rec.quantity.magnitude),
                float(new.quantity.magnitude),
                str(rec.quantity.units),
                new.source,
            )
        )
    return out, replaced
