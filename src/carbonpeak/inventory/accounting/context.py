"""What the sector modules share: the factor book for one region and year, unit scales computed
once per unit pair (pint is not called per cell), and the collector of result parts.

The hot loop works on floats: ``scale(("metric_ton", "GJ/t"), "GJ")`` is computed by pint once
and cached; each record then costs a few multiplications.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from pint.errors import DimensionalityError

from carbonpeak.core.errors import FactorNotFound
from carbonpeak.core.units import compatible_units, scale, unit_of
from carbonpeak.factors import FactorBook, Resolution
from carbonpeak.inventory.accounting.result import Exclusion
from carbonpeak.inventory.accounting.sectors import sector_chain
from carbonpeak.inventory.accounting.trace import FactorUse, Step, Traced
from carbonpeak.inventory.model import ActivityRecord

C_TO_CO2 = 44.0 / 12.0  # molar masses CO2 / C
CH4_TO_CO2 = 44.0 / 16.0  # CO2 formed per CH4 burned


def amount(rec: ActivityRecord, target: str) -> float:
    """The record's quantity in ``target`` (a float)."""
    return float(rec.quantity.magnitude) * scale((unit_of(rec.quantity),), target)


def is_a(rec: ActivityRecord, target: str) -> bool:
    return compatible_units(unit_of(rec.quantity), target)


@dataclass
class Collector:
    """Result parts of one region and year, before they become rows."""

    parts: dict[tuple[str, str], list[Traced]] = field(default_factory=dict)
    gaps: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)
    excluded: list[Exclusion] = field(default_factory=list)
    #: What a reader must know about the factors used: gaps a method filled from another
    #: document, proxy years, user/measured overrides (in first-seen order).
    notes: dict[str, None] = field(default_factory=dict)

    def add(self, category: str, gas: str, value: Traced) -> None:
        self.parts.setdefault((category, gas), []).append(value)
        for use in value.factors:
            if use.filled:
                self.notes[use.filled] = None
            if use.proxy and use.record.parameter != "grid_factor":  # electricity.py names it
                self.notes[f"{use.record.id}: {use.proxy}"] = None
            if use.record.tier in ("measured", "city"):
                rec = use.record
                self.notes[
                    f"override: {rec.parameter} of {rec.fuel or 'any'} = {rec.value:g} {rec.unit} "
                    f"from {rec.set_name} ({rec.tier}) replaces the method's value"
                ] = None

    def gap(self, category: str, gas: str, notation: str, explanation: str) -> None:
        self.gaps.setdefault((category, gas), []).append((notation, explanation))

    def exclude(self, rec: ActivityRecord, reason: str) -> None:
        self.excluded.append(Exclusion(rec.id, reason))


@dataclass
class Context:
    """The factor book asked for one region and year."""

    region: str
    year: int
    chain: tuple[str, ...]
    book: FactorBook
    #: data year -> the year whose grid factor stands in (``--grid-factor-years``), for years
    #: before the first published factor.
    grid_years: Mapping[int, int] = field(default_factory=dict)

    def factor(
        self,
        fuel: str,
        parameter: str,
        *,
        category: str = "",
        gas: str | None = None,
        variant: str = "",
        per: str | None = None,
        gives: str | None = None,
        proxy_year: bool = False,
    ) -> Resolution | FactorNotFound:
        return self.book.lookup(
            fuel,
            parameter,
            sector=sector_chain(category) if category else (),
            region=self.chain,
            year=self.year,
            gas=gas,
            variant=variant,
            per=per,
            gives=gives,
            allow_proxy_year=proxy_year,
        )


def use(role: str, res: Resolution) -> FactorUse:
    return FactorUse.of(role, res)


@lru_cache(maxsize=4096)
def per_year_scale(units: tuple[str, ...], target: str) -> tuple[float, bool]:
    """``scale`` of ``units`` to ``target``; a per-year factor is taken over one year (the
    inventory year). Returns (scale, used_one_year)."""
    try:
        return scale(units, target), False
    except DimensionalityError:
        return scale((*units, "year"), target), True


def product(
    rec: ActivityRecord,
    res: Resolution,
    *,
    role: str,
    target: str,
    formula: str,
    sign: float = 1.0,
) -> Traced:
    """``sign × quantity × factor`` in ``target`` — the pattern of most non-energy categories."""
    unit = unit_of(rec.quantity)
    qty = float(rec.quantity.magnitude)
    k, one_year = per_year_scale((unit, res.unit), target)
    value = sign * qty * res.value * k
    notes = tuple(n for n in (res.proxy, "annual factor × 1 year" if one_year else "") if n)
    return Traced(
        value=value,
        unit=target,
        formula=formula,
        activity_ids=(rec.id,),
        factors=(use(role, res),),
        steps=(Step(rec.fuel, qty, unit), Step(formula.split(" = ")[0], value, target)),
        notes=notes,
    )


def emission_term(
    rec: ActivityRecord,
    ctx: Context,
    out: Collector,
    *,
    category: str,
    gas: str,
    parameter: str | None = None,
    variant: str = "",
    sign: float = 1.0,
    label: str,
) -> Traced | None:
    """Add ``sign × quantity × factor`` (tonnes of ``gas``) to ``category``; NE if no factor.

    A qualifier on the record (``rice_area@晚稻``) selects a factor variant of that name where
    one exists, else the default variant.
    """
    parameter = parameter or f"{gas.lower()}_factor"
    res = ctx.factor(rec.fuel, parameter, gas=gas, variant=variant or rec.qualifier)
    if isinstance(res, FactorNotFound) and rec.qualifier and not variant:
        res = ctx.factor(rec.fuel, parameter, gas=gas)
    if isinstance(res, FactorNotFound):
        out.gap(category, gas, "NE", f"no {label} factor for {rec.fuel}: {res}")
        return None
    minus = "−" if sign < 0 else ""
    traced = product(
        rec,
        res,
        role=f"{label} factor",
        target="t",
        formula=f"{gas} = {minus}{rec.fuel} × {label} factor",
        sign=sign,
    )
    out.add(category, gas, traced)
    return traced
