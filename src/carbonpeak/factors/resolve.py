"""Which factor record answers a question: explicit, visible precedence.

A question is (fuel or activity kind, parameter[, gas, variant]) asked for a sector, a region
and a year. Records that answer it are first filtered by applicability (sector, region chain,
years, and — when asked — unit compatibility with the activity), then ranked by:

1. tier: measured / city > provincial > national > IPCC (``TIER_RANK``);
2. sector: a sector-specific record before a generic one;
3. fuel: the fuel's own record before its IPCC class (``class:coal``) before ``*``;
4. region: the most specific region of the chain (district, city, province, grid region, CN);
5. set order: user overrides first, then the sets in the order given (default: ``sets.csv``).

The :class:`~carbonpeak.factors.model.Resolution` keeps the winner and every record passed over
with the reason. Where no record applies to the year, ``allow_proxy_year`` lets the nearest year
stand in (earlier preferred), and says so in ``Resolution.proxy``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from carbonpeak.core.errors import FactorNotFound
from carbonpeak.core.units import quantity
from carbonpeak.factors.accounting_methods import Method, find_method
from carbonpeak.factors.fuel_list import fuel_class_key
from carbonpeak.factors.library import default_sets, load_set, set_names
from carbonpeak.factors.model import (
    TIER_RANK,
    FactorRecord,
    FactorSet,
    PassedOver,
    Resolution,
)

Rank = tuple[int, ...]


def _as_tuple(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@lru_cache(maxsize=4096)
def compatible(unit: str, per: str, gives: str) -> bool:
    """Does a factor in ``unit`` times an amount in ``per`` give something in ``gives``?"""
    return bool((quantity(1.0, unit) * quantity(1.0, per)).is_compatible_with(gives))


def _sector_match(rec_sector: str, sectors: tuple[str, ...]) -> bool:
    return any(s == rec_sector or s.startswith(rec_sector + ".") for s in sectors)


def _query_text(
    fuel: str,
    parameter: str,
    gas: str | None,
    variant: str,
    sectors: tuple[str, ...],
    chain: tuple[str, ...],
    year: int | None,
) -> str:
    parts = [f"{parameter} of {fuel}"]
    if gas:
        parts.append(f"gas {gas}")
    if variant:
        parts.append(f"variant {variant}")
    if sectors:
        parts.append(f"sector {'/'.join(sectors)}")
    if chain:
        parts.append(f"region {'>'.join(chain)}")
    if year is not None:
        parts.append(f"year {year}")
    return ", ".join(parts)


def resolve(
    fuel: str,
    parameter: str,
    *,
    sector: str | Sequence[str] | None = None,
    region: str | Sequence[str] | None = None,
    year: int | None = None,
    gas: str | None = None,
    variant: str = "",
    sets: Sequence[FactorSet] | None = None,
    overrides: FactorSet | Sequence[FactorSet] | None = None,
    per: str | None = None,
    gives: str | None = None,
    allow_proxy_year: bool = False,
) -> Resolution:
    """The record that answers (``fuel``, ``parameter``) here and now, by precedence.

    ``sector`` and ``region`` may be a single code or a chain, most specific first
    (``("1.A.2.a", "manufacturing")``, ``("520201", "520200", "520000", "CN-South")``); ``CN`` is
    always implied at the end of the region chain. ``per``/``gives`` ask for unit compatibility:
    a record whose unit times ``per`` cannot be expressed in ``gives`` is passed over (a mass-based
    NCV for a fuel measured in m³). Raises :class:`FactorNotFound` listing what was considered.
    """
    sectors = _as_tuple(sector)
    chain = tuple(dict.fromkeys((*_as_tuple(region), "CN")))
    override_sets = (overrides,) if isinstance(overrides, FactorSet) else tuple(overrides or ())
    all_sets = (*override_sets, *(default_sets() if sets is None else sets))
    fuel_keys = [fuel]
    class_key = fuel_class_key(fuel)
    if class_key:
        fuel_keys.append(class_key)
    fuel_keys.append("*")
    query = _query_text(fuel, parameter, gas, variant, sectors, chain, year)

    ranked: list[tuple[Rank, FactorRecord]] = []
    year_only: list[tuple[Rank, FactorRecord]] = []
    rejected: list[PassedOver] = []
    for set_pos, fset in enumerate(all_sets):
        for pos, rec in enumerate(fset.by_parameter.get(parameter, ())):
            if rec.fuel not in fuel_keys or rec.variant != variant:
                continue
            if gas is not None and rec.gas and rec.gas != gas:
                continue
            if rec.sector and not _sector_match(rec.sector, sectors):
                rejected.append(PassedOver(rec, f"not applicable: sector {rec.sector}"))
                continue
            if rec.region and rec.region not in chain:
                rejected.append(PassedOver(rec, f"not applicable: region {rec.region}"))
                continue
            if per is not None and gives is not None and not compatible(rec.unit, per, gives):
                rejected.append(
                    PassedOver(rec, f"not applicable: {rec.unit} × {per} is not {gives}")
                )
                continue
            rank: Rank = (
                TIER_RANK.get(rec.tier, len(TIER_RANK)),
                0 if rec.sector else 1,
                fuel_keys.index(rec.fuel),
                chain.index(rec.region) if rec.region else len(chain),
                set_pos,
                pos,
            )
            if rec.applies_to_year(year):
                ranked.append((rank, rec))
            else:
                year_only.append((rank, rec))
                span = f"{rec.year_from or ''}-{rec.year_to or ''}"
                rejected.append(PassedOver(rec, f"not applicable: years {span}"))

    proxy = ""
    if not ranked and allow_proxy_year and year is not None and year_only:
        # nearest year first, an earlier year before a later one at equal distance
        def proxy_key(item: tuple[Rank, FactorRecord]) -> tuple[int, int, Rank]:
            rank, rec = item
            later = 1 if rec.year_from is not None and rec.year_from > year else 0
            return (rec.year_distance(year), later, rank)

        best = min(year_only, key=proxy_key)
        ranked = [best]
        rejected = [p for p in rejected if p.record is not best[1]]
        proxy = (
            f"no record for {year}: the {best[1].year_from}-{best[1].year_to} value of "
            f"{best[1].id} stands in"
        )
    if not ranked:
        why = "; ".join(f"{p.record.id}: {p.reason}" for p in rejected) or "no record at all"
        raise FactorNotFound(f"没有适用的因子 / no factor for {query} ({why})")

    ranked.sort(key=lambda item: item[0])
    win_rank, winner = ranked[0]
    passed = [PassedOver(rec, _why_lower(rank, win_rank, rec, winner)) for rank, rec in ranked[1:]]
    return Resolution(
        record=winner,
        passed_over=(*passed, *rejected),
        query=query,
        rank=win_rank,
        proxy=proxy,
    )


def _why_lower(rank: Rank, win: Rank, rec: FactorRecord, winner: FactorRecord) -> str:
    labels = ("tier", "sector", "fuel", "region", "set order", "row order")
    level = next((i for i, (a, b) in enumerate(zip(rank, win, strict=True)) if a != b), 5)
    detail = {
        0: f"tier {rec.tier} after {winner.tier}",
        1: "generic sector after a sector-specific record",
        2: f"fuel {rec.fuel} less specific than {winner.fuel}",
        3: f"region {rec.region or 'any'} less specific than {winner.region or 'any'}",
        4: f"set {rec.set_name} after {winner.set_name}",
        5: "later row of the same set",
    }[level]
    return f"lower precedence ({labels[level]}): {detail}"


class FactorBook:
    """The sets and overrides of one calculation, with resolutions cached (pure, no I/O).

    Without explicit ``sets`` the book works under one accounting method (核算方法, default
    ``provincial-2011``): a parameter is answered by the method's own document, else by the next
    document of the method's list (the gap named in ``Resolution.filled``); overrides (measured /
    user factors) come first for every parameter. With explicit ``sets`` and no method the
    precedence rules of :func:`resolve` apply across the given sets (a custom set list).
    """

    def __init__(
        self,
        sets: Sequence[FactorSet] | None = None,
        overrides: FactorSet | Sequence[FactorSet] | None = None,
        method: Method | str | None = None,
    ) -> None:
        self.method: Method | None = None
        if sets is None or method is not None:
            self.method = method if isinstance(method, Method) else find_method(method)
        if sets is None and self.method is not None:
            shipped = set(set_names())
            self.sets: tuple[FactorSet, ...] = tuple(
                load_set(n) for n in self.method.set_names if n in shipped
            )
        else:
            self.sets = tuple(default_sets() if sets is None else sets)
        self._by_name = {s.name: s for s in self.sets}
        self.overrides: tuple[FactorSet, ...] = (
            (overrides,) if isinstance(overrides, FactorSet) else tuple(overrides or ())
        )
        self._cache: dict[tuple[object, ...], Resolution | FactorNotFound] = {}
        self._deps: dict[tuple[object, ...], tuple[bool, bool, bool]] = {}

    def _depends(
        self, fuel: str, parameter: str, gas: str | None, variant: str
    ) -> tuple[bool, bool, bool]:
        """Whether any candidate record has a sector, a region, or years."""
        key = (fuel, parameter, gas, variant)
        hit = self._deps.get(key)
        if hit is None:
            keys = {fuel, "*", fuel_class_key(fuel)}
            recs = [
                r
                for s in (*self.overrides, *self.sets)
                for r in s.by_parameter.get(parameter, ())
                if r.fuel in keys
                and r.variant == variant
                and (gas is None or not r.gas or r.gas == gas)
            ]
            hit = (
                any(r.sector for r in recs),
                any(r.region for r in recs),
                any(r.year_from is not None or r.year_to is not None for r in recs),
            )
            self._deps[key] = hit
        return hit

    @property
    def set_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in (*self.overrides, *self.sets))

    def variants(self, fuel: str, parameter: str) -> tuple[str, ...]:
        """The variants the book holds for (fuel, parameter), in order of appearance."""
        found = (
            r.variant
            for s in (*self.overrides, *self.sets)
            for r in s.by_parameter.get(parameter, ())
            if r.fuel == fuel
        )
        return tuple(dict.fromkeys(found))

    def lookup(
        self,
        fuel: str,
        parameter: str,
        *,
        sector: tuple[str, ...] = (),
        region: tuple[str, ...] = (),
        year: int | None = None,
        gas: str | None = None,
        variant: str = "",
        per: str | None = None,
        gives: str | None = None,
        allow_proxy_year: bool = False,
    ) -> Resolution | FactorNotFound:
        """:func:`resolve` against this book; the error is returned, not raised.

        Sector, region and year are only part of the question (and of the cache key) when some
        candidate record depends on them, so a national default is resolved once per fuel.
        """
        by_sector, by_region, by_year = self._depends(fuel, parameter, gas, variant)
        sector = sector if by_sector else ()
        region = region if by_region else ()
        year = year if by_year else None
        key = (fuel, parameter, sector, region, year, gas, variant, per, gives, allow_proxy_year)
        hit = self._cache.get(key)
        if hit is None:
            ask = {
                "sector": sector,
                "region": region,
                "year": year,
                "gas": gas,
                "variant": variant,
                "per": per,
                "gives": gives,
                "allow_proxy_year": allow_proxy_year,
            }
            if self.method is None:
                hit = self._resolve(fuel, parameter, self.sets, ask)
            else:
                hit = self._by_method(fuel, parameter, self.method, ask)
            self._cache[key] = hit
        return hit

    def _resolve(
        self, fuel: str, parameter: str, sets: Sequence[FactorSet], ask: dict[str, Any]
    ) -> Resolution | FactorNotFound:
        try:
            return resolve(fuel, parameter, sets=sets, overrides=self.overrides, **ask)
        except FactorNotFound as exc:
            return exc

    def _by_method(
        self, fuel: str, parameter: str, method: Method, ask: dict[str, Any]
    ) -> Resolution | FactorNotFound:
        """The first document of the method's list that answers (overrides always first)."""
        # a document the method names but the project does not ship (ceads_shan2018) still
        # counts as the method's own: whatever answers instead is a named gap
        docs = method.sets_for(parameter)
        first: FactorNotFound | None = None
        for pos, doc in enumerate(docs or ("",)):
            if doc and doc not in self._by_name:
                continue
            group = (self._by_name[doc],) if doc else ()
            hit = self._resolve(fuel, parameter, group, ask)
            if isinstance(hit, FactorNotFound):
                first = first or hit
                continue
            if pos > 0 and hit.record.set_name == doc:
                hit = replace(
                    hit,
                    filled=(
                        f"method {method.name}: {docs[0]}{_unshipped(docs[0], self._by_name)} "
                        f"gives no {parameter} for {fuel}; {doc} fills the gap"
                    ),
                )
            return hit
        if docs and first is not None:
            return first
        return FactorNotFound(
            f"核算方法 {method.name} 未规定 {parameter} 的来源 / method {method.name} names no "
            f"shipped document for {parameter} ({fuel}); supply it in a factor file"
        )


def _unshipped(name: str, shipped: dict[str, FactorSet]) -> str:
    return "" if name in shipped else " (not shipped: values not in the reference notes)"
