"""Published economy figures in place of the demo's invented ones (pure).

The demo's district GDP (``gdp@2020``: constant 2020 prices) and population rows are invented.
Where :mod:`carbonpeak.statistics` holds a published figure for the same district and year,
the record is replaced by it, with its source:

- ``population``: the published year-end resident population (年末常住人口);
- ``gdp@P``: GDP at constant ``P`` prices, derived from the published GDP of year ``P`` and the
  published comparable-price growth rates (:func:`carbonpeak.statistics.constant_price_gdp`;
  the derivation is written in the record's note);
- a product output that one activity kind stands for alone (:data:`PRODUCT_RECORDS`: crude
  steel, pig iron, electrolytic aluminium): the district's published output of the same year.
  Raw coal and electricity are not replaced: the demo splits them over several kinds (three
  mine classes, four kinds of plant) and a published total says nothing of the split; they are
  compared in :mod:`carbonpeak.inventory.outputs` instead. Aluminium is replaced only by a
  published 原铝/电解铝 figure, never by 铝材 (aluminium products).

Nothing else changes: every other record stays invented and says so (the inputs of a block
whose output was replaced, e.g. the coke of a published steel output, stay as invented). The
city has no records of its own (the engine sums the districts), so a published city figure is
not put in here: splitting it over the districts would be an estimate.
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


#: Published product output (statistics indicator) -> the one activity kind standing for it.
PRODUCT_RECORDS = {
    "output_crude_steel": "crude_steel",
    "output_pig_iron": "pig_iron",
    "output_aluminium": "aluminium",
}
#: A published aluminium figure replaces electrolytic aluminium only when its name says so.
PRIMARY_ALUMINIUM = ("原铝", "电解铝")


def _outputs(published: Sequence[PublishedValue]) -> dict[tuple[str, int, str], PublishedValue]:
    """(region, year, activity kind) -> the published output standing for it (a revision over a
    first release)."""
    rank = {"preliminary": 0, "revised": 1}
    out: dict[tuple[str, int, str], PublishedValue] = {}
    for v in published:
        kind = PRODUCT_RECORDS.get(v.indicator)
        if kind is None:
            continue
        if kind == "aluminium" and not any(w in v.name_as_published for w in PRIMARY_ALUMINIUM):
            continue
        held = out.get((v.region, v.year, kind))
        if held is None or rank[v.status] >= rank[held.status]:
            out[(v.region, v.year, kind)] = v
    return out


def with_published_economy(
    records: Iterable[ActivityRecord], published: Iterable[PublishedValue]
) -> tuple[list[ActivityRecord], list[Replacement]]:
    """``records`` with every district GDP/population/product-output record that has a
    published counterpart replaced by it; and the list of replacements made."""
    pool = list(published)
    population = _population(pool)
    outputs = _outputs(pool)
    outputs_kinds = set(PRODUCT_RECORDS.values())
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
        elif rec.fuel in outputs_kinds and rec.quantity is not None:
            found = outputs.get((rec.region, rec.year, rec.fuel))
            if found is not None:
                q = quantity(found.value, found.unit).to(rec.quantity.units)
                note = (
                    f"published {found.name_as_published} {found.value:g} {found.unit} "
                    f"({found.status}); replaces the demo's invented output (its inputs stay "
                    "invented)"
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
