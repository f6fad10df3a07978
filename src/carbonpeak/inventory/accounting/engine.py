"""The inventory engine: activity records + factor sets -> an :class:`Inventory` (pure).

``calculate`` groups the activity by region and year, hands each group to the sector modules
(combustion, electricity, fugitive, ippu, agriculture, waste, sinks), turns the collected parts
into rows per region / year / IPCC category / gas, rolls districts up into the city where every
district reports and the city has no figures of its own, adds CO2e under the GWP set, and
computes the named totals. Every cell is a
:class:`~carbonpeak.inventory.accounting.trace.Traced` value.
``with_gwp`` switches the GWP set without recomputing the gases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from carbonpeak.core.errors import InputError, Problem
from carbonpeak.core.memory import gc_paused
from carbonpeak.factors import GWP_SETS, FactorBook, FactorSet, fuels, kinds
from carbonpeak.inventory.accounting import (
    agriculture,
    combustion,
    electricity,
    energy,
    fugitive,
    ippu,
    sinks,
    waste,
)
from carbonpeak.inventory.accounting.context import Collector, Context
from carbonpeak.inventory.accounting.result import EnergyAccount, Exclusion, Inventory, ResultRow
from carbonpeak.inventory.accounting.sectors import categories
from carbonpeak.inventory.accounting.totals import compute_totals, with_co2e
from carbonpeak.inventory.accounting.trace import total
from carbonpeak.inventory.model import ActivityRecord
from carbonpeak.regions import factor_chain, members, regions

#: The gas a reporting category is listed under when it has no data at all.
_MAIN_GAS = {"fugitive": "CH4", "agriculture": "CH4", "waste": "CH4"}
_FAMILY_MODULE = {
    "fugitive": fugitive.compute,
    "ippu": ippu.compute,
    "agriculture": agriculture.compute,
    "waste": waste.compute,
}


def _check_unique(activity: Sequence[ActivityRecord]) -> None:
    seen: dict[tuple[object, ...], ActivityRecord] = {}
    problems: list[Problem] = []
    for rec in activity:
        first = seen.get(rec.key)
        if first is None:
            seen[rec.key] = rec
        else:
            problems.append(
                Problem(rec.row, "key", f"重复 / duplicate of {first.id} (row {first.row})")
            )
    if problems:
        detail = "; ".join(str(p) for p in problems)
        raise InputError(f"活动数据重复 / duplicate activity records: {detail}", problems)


def calculate(
    activity: Sequence[ActivityRecord],
    *,
    factor_sets: Sequence[FactorSet] | None = None,
    overrides: FactorSet | Sequence[FactorSet] | None = None,
    gwp_set: str = "AR5",
    method: str | None = None,
    grid_years: Mapping[int, int] | None = None,
) -> Inventory:
    """The inventory of every region and year in ``activity``.

    ``method``: the accounting method (核算方法; default ``provincial-2011``), one consistent set
    of documents per parameter; ``factor_sets``: instead of a method, a custom list of sets in
    precedence order among equal tiers; ``overrides``: user sets (tier measured) for this
    calculation only, overriding the method parameter by parameter (named in ``notes``);
    ``grid_years``: data year -> the year whose grid factor stands in (``--grid-factor-years``,
    for years before the first published factor; default: the rule, see ``electricity``).
    """
    if gwp_set not in GWP_SETS:
        raise InputError(f"未知GWP集 / unknown GWP set {gwp_set!r} ({', '.join(GWP_SETS)})")
    _check_unique(activity)
    with gc_paused():
        book = FactorBook(factor_sets, overrides, method)
        return _calculate(activity, book, gwp_set, dict(grid_years or {}))


def _calculate(
    activity: Sequence[ActivityRecord], book: FactorBook, gwp_set: str, grid_years: dict[int, int]
) -> Inventory:
    groups: dict[tuple[str, int], list[ActivityRecord]] = defaultdict(list)
    for rec in activity:
        groups[(rec.region, rec.year)].append(rec)
    forest_history: dict[str, list[ActivityRecord]] = defaultdict(list)
    for rec in activity:
        if rec.fuel == "forest_stock_volume":
            forest_history[rec.region].append(rec)

    rows: list[ResultRow] = []
    excluded: list[Exclusion] = []
    accounts: dict[tuple[str, int], EnergyAccount] = {}
    notes: dict[str, None] = {}
    # a region-year whose only records are GDP/population (a city's published economy figures)
    # does not report emissions of its own: its districts are still summed for it
    reporting = {k for k, recs in groups.items() if not all(map(_economy, recs))}
    for (region, year), recs in sorted(groups.items()):
        if (region, year) not in reporting:
            continue
        out = Collector()
        ctx = Context(region, year, factor_chain(region), book, grid_years)
        _run(recs, ctx, out, forest_history[region])
        rows += _rows(region, year, out)
        excluded += out.excluded
        notes.update(out.notes)
        accounts[(region, year)] = energy.account(recs, ctx)
    rows += _rollup(rows, reporting)
    rows = _pad(rows, {(r.region, r.year, r.sector) for r in activity})
    derived = _derived_keys(rows, reporting)
    for parent, year in derived:
        district_accounts = [accounts[(m, year)] for m in members(parent)]
        accounts[(parent, year)] = energy.combine(parent, year, district_accounts)
    return _assemble(
        rows,
        activity=tuple(activity),
        factor_sets=book.set_names,
        gwp_set=gwp_set,
        excluded=tuple(excluded),
        derived=derived,
        energy=accounts,
        method=book.method.name if book.method else "",
        notes=tuple(notes),
    )


def _economy(rec: ActivityRecord) -> bool:
    """A GDP or population record (no emissions, no energy)."""
    kind = kinds().get(rec.fuel) if rec.fuel not in fuels() else None
    return kind is not None and kind.family == "economy"


def _run(
    recs: list[ActivityRecord], ctx: Context, out: Collector, history: list[ActivityRecord]
) -> None:
    table = fuels()
    by_family: dict[str, list[ActivityRecord]] = defaultdict(list)
    for rec in recs:
        if rec.notation:
            _notation(rec, out)
        elif rec.fuel in table:
            by_family["fuel"].append(rec)
        else:
            by_family[kinds()[rec.fuel].family].append(rec)
    combustion.compute(by_family["fuel"], ctx, out)
    electricity.scope2(by_family["fuel"], ctx, out)
    electricity.net_import(by_family["electricity"], ctx, out)
    for family, compute in _FAMILY_MODULE.items():
        if by_family[family]:
            compute(by_family[family], ctx, out)
    if by_family["sink"]:
        sinks.compute(by_family["sink"], ctx, out, history)


def _notation(rec: ActivityRecord, out: Collector) -> None:
    """A row that gives a notation key (NO/NE/IE/C) instead of a number."""
    gases: tuple[str, ...]
    if rec.fuel in fuels():
        category, gases = rec.sector, ("CO2", "CH4", "N2O")
    else:
        kind = kinds()[rec.fuel]
        category, gases = rec.sector or kind.category, kind.gases
    for gas in gases:
        out.gap(category, gas, rec.notation or "NE", f"{rec.id}: {rec.note}")


def _rows(region: str, year: int, out: Collector) -> list[ResultRow]:
    cats = categories()
    result: list[ResultRow] = []
    for category, gas in dict.fromkeys([*out.parts, *out.gaps]):
        cat = cats.get(category)
        family, scope = (cat.family, cat.scope) if cat else ("", 1)
        parts = out.parts.get((category, gas), [])
        gaps = out.gaps.get((category, gas), [])
        explanation = "; ".join(dict.fromkeys(text for _, text in gaps))
        if parts:
            value = total(parts, unit="t", formula=f"Σ {len(parts)} term(s) of {category} {gas}")
            text, partial = _partly(gaps)
            result.append(
                ResultRow(
                    region,
                    year,
                    category,
                    gas,
                    value,
                    None,
                    None,
                    text,
                    family,
                    scope,
                    partial=partial,
                )
            )
        else:
            notation = min((n for n, _ in gaps), key=_NOTATION_ORDER.index)
            result.append(
                ResultRow(
                    region, year, category, gas, None, None, notation, explanation, family, scope
                )
            )
    return result


#: Which notation key a cell shows when its records give several: a number is missing (NE, C)
#: before one that is accounted for (IE included elsewhere, NO not occurring).
_NOTATION_ORDER = ("NE", "C", "IE", "NO")
_MISSING = ("NE", "C")


def _partly(gaps: Sequence[tuple[str, str]]) -> tuple[str, bool]:
    """The explanation of a cell that has a number, and whether it is only partial: NE and C
    records leave part of it unestimated; IE and NO records are noted but complete."""
    missing = "; ".join(dict.fromkeys(t for n, t in gaps if n in _MISSING))
    noted = "; ".join(dict.fromkeys(f"{n}: {t}" for n, t in gaps if n not in _MISSING))
    text = "; ".join(x for x in (f"partly not estimated: {missing}" if missing else "", noted) if x)
    return text, bool(missing)


def _rollup(rows: list[ResultRow], present: set[tuple[str, int]]) -> list[ResultRow]:
    """City rows as the sum of its districts, where all report and the city has no own data."""
    added: list[ResultRow] = []
    for parent in {r.parent for r in regions().values() if r.in_parent_sum}:
        units = members(parent)
        for year in sorted({y for (_, y) in present}):
            if (parent, year) in present or not all((m, year) in present for m in units):
                continue
            cells: dict[tuple[str, str], list[ResultRow]] = defaultdict(list)
            for r in rows:
                if r.year == year and r.region in units:
                    cells[(r.category, r.gas)].append(r)
            for (category, gas), member_rows in cells.items():
                added.append(_sum_rows(parent, year, category, gas, member_rows))
    return added


def _sum_rows(
    parent: str, year: int, category: str, gas: str, member_rows: list[ResultRow]
) -> ResultRow:
    first = member_rows[0]
    values = [r.value for r in member_rows if r.value is not None]
    gaps = [
        (r.notation or "NE", f"{r.region}: {r.notation} {r.explanation}")
        for r in member_rows
        if r.value is None
    ]
    if not values:
        explanation = "; ".join(t for _, t in gaps)
        notation = min((n for n, _ in gaps), key=_NOTATION_ORDER.index)
        return replace(first, region=parent, explanation=explanation, co2e=None, notation=notation)
    value = total(values, unit="t", formula=f"Σ districts of {parent} ({category} {gas})")
    text, partial = _partly(gaps)
    partial = partial or any(r.partial for r in member_rows)
    return ResultRow(
        parent,
        year,
        category,
        gas,
        value,
        None,
        None,
        text,
        first.family,
        first.scope,
        partial=partial,
    )


def _derived_keys(rows: Iterable[ResultRow], present: set[tuple[str, int]]) -> set[tuple[str, int]]:
    return {(r.region, r.year) for r in rows} - present


def _pad(rows: list[ResultRow], used: set[tuple[str, int, str]]) -> list[ResultRow]:
    """NE rows for reporting categories with no result in a region and year."""
    have: dict[tuple[str, int], set[str]] = defaultdict(set)
    for r in rows:
        have[(r.region, r.year)].add(r.category)
    padded = list(rows)
    for (region, year), cats in sorted(have.items()):
        for cat in categories().values():
            if not cat.reporting or cat.code in cats:
                continue
            why = (
                "only electricity/heat use or non-combustion uses recorded (no fuel burned)"
                if (region, year, cat.code) in used
                else "no activity data supplied"
            )
            gas = _MAIN_GAS.get(cat.family, "CO2")
            padded.append(
                ResultRow(region, year, cat.code, gas, None, None, "NE", why, cat.family, cat.scope)
            )
    return padded


def _assemble(
    rows: Sequence[ResultRow],
    *,
    activity: tuple[ActivityRecord, ...],
    factor_sets: tuple[str, ...],
    gwp_set: str,
    excluded: tuple[Exclusion, ...],
    derived: set[tuple[str, int]],
    energy: Mapping[tuple[str, int], EnergyAccount],
    method: str = "",
    notes: tuple[str, ...] = (),
) -> Inventory:
    with_e = [with_co2e(r, gwp_set) for r in rows]
    grouped: dict[tuple[str, int], list[ResultRow]] = defaultdict(list)
    for r in with_e:
        grouped[(r.region, r.year)].append(r)
    totals = {
        key: compute_totals(key[0], key[1], group, derived=key in derived)
        for key, group in grouped.items()
    }
    return Inventory(
        rows=tuple(with_e),
        totals=totals,
        activity=activity,
        factor_sets=factor_sets,
        gwp_set=gwp_set,
        excluded=excluded,
        energy=energy,
        method=method,
        notes=notes,
    )


def with_gwp(inventory: Inventory, gwp_set: str) -> Inventory:
    """The same inventory with CO2e and totals recomputed under another GWP set."""
    if gwp_set not in GWP_SETS:
        raise InputError(f"未知GWP集 / unknown GWP set {gwp_set!r} ({', '.join(GWP_SETS)})")
    derived = {k for k, t in inventory.totals.items() if t.derived_from_districts}
    return _assemble(
        inventory.rows,
        activity=inventory.activity,
        factor_sets=inventory.factor_sets,
        gwp_set=gwp_set,
        excluded=inventory.excluded,
        derived=derived,
        energy=inventory.energy,
        method=inventory.method,
        notes=inventory.notes,
    )
