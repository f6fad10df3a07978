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

The city has no activity records of its own (the engine sums the districts). Its published
GDP (at the districts' constant-price base, derived as above) and year-end resident population
are *added* as the city's own ``gdp@P`` and ``population`` records, for the years the published
chain reaches and all its districts carry the record: the city's per-GDP and per-capita
indicators then use the published figure instead of the sum of the districts' (mostly
invented) records. These economy records do not make the city "report its own data": its
emissions and energy stay the sum of its districts (:mod:`carbonpeak.inventory.accounting
.engine`). A published city figure is never split over the districts (that would be an
estimate). For a city record, :class:`Replacement` ``invented`` is the district sum it stands
beside.

Nothing else changes: every other record stays invented and says so (the inputs of a block
whose output was replaced, e.g. the coke of a published steel output, stay as invented).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from carbonpeak.core.units import quantity
from carbonpeak.inventory.model import ActivityRecord
from carbonpeak.regions import members, regions
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
    added, noted = _parent_economy(out, pool, population)
    return out + added, replaced + noted


def _parent_economy(
    records: Sequence[ActivityRecord],
    pool: Sequence[PublishedValue],
    population: dict[tuple[str, int], PublishedValue],
) -> tuple[list[ActivityRecord], list[Replacement]]:
    """The published GDP (constant prices of the districts' base year) and population of each
    city whose districts carry the records, as the city's own records; with the district sum
    each stands beside. A city that already has such a record keeps it."""
    held = {(r.region, r.year, r.fuel) for r in records}
    parents = {
        regions()[r.region].parent
        for r in records
        if r.region in regions() and regions()[r.region].in_parent_sum
    }
    added: list[ActivityRecord] = []
    noted: list[Replacement] = []
    for parent in sorted(parents):
        units = members(parent)
        by_key: dict[tuple[int, str], list[ActivityRecord]] = {}
        for r in records:
            if r.region in units and r.fuel in ("gdp", "population") and r.quantity is not None:
                by_key.setdefault((r.year, r.fuel), []).append(r)
        chains: dict[int, dict[int, DerivedValue]] = {}
        for (year, fuel), parts in sorted(by_key.items()):
            if (parent, year, fuel) in held or {p.region for p in parts} != set(units):
                continue
            bases = {p.qualifier for p in parts}
            unit = parts[0].quantity.units
            district_sum = float(sum(p.quantity.to(unit).magnitude for p in parts))
            new = None
            if fuel == "population":
                found = population.get((parent, year))
                if found is not None:
                    new = ActivityRecord(
                        parent,
                        year,
                        "",
                        "population",
                        quantity(found.value, found.unit).to(unit),
                        source=found.source.line,
                        note=(
                            f"published {found.name_as_published} {found.value:g} {found.unit} "
                            f"({found.status}) of the city; stands instead of the sum of its "
                            f"districts' records ({district_sum:g} {unit:~})"
                        ),
                    )
            elif len(bases) == 1 and (base := next(iter(bases))).isdigit():
                if int(base) not in chains:
                    chains[int(base)] = constant_price_gdp(pool, region=parent, base_year=int(base))
                d = chains[int(base)].get(year)
                if d is not None:
                    new = ActivityRecord(
                        parent,
                        year,
                        "",
                        "gdp",
                        quantity(d.value, d.unit).to(unit),
                        source=d.inputs[0].source.line,
                        note=(
                            f"published-derived: {d.formula}; the city's GDP, stands instead of "
                            f"the sum of its districts' records ({district_sum:g} {unit:~})"
                        ),
                        qualifier=base,
                    )
            if new is None:
                continue
            added.append(new)
            noted.append(
                Replacement(
                    parent,
                    year,
                    fuel,
                    district_sum,
                    float(new.quantity.magnitude),
                    str(unit),
                    new.source,
                )
            )
    return added, noted
