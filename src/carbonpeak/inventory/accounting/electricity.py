"""Electricity and heat: scope 2 (外购电力、热力间接排放) and net imported electricity (净调入电力).

- Scope 2 (``S2.electricity``, ``S2.heat``): electricity and heat consumed in the region
  (final-consumption rows of 电力 and 热力) × the supply factor. Heat uses the purchased-heat
  default. Electricity uses the grid factor chosen by one documented rule (:func:`grid_factor`):
  the provincial factor of the data year > the regional grid's of that year > the national of
  that year > the nearest published year (earlier or later, said which); for years before the
  first published factor the user may name the year whose factor stands in
  (``--grid-factor-years``). Every fallback is a note of the result and of the trace.
- Net import memo (``M.electricity_net_import``): (调入 imported − 调出 exported) × grid factor;
  negative for a net exporter such as 六盘水. It is the electricity term of the regional energy
  CO2 total (fossil energy CO2 + net imported electricity × grid factor).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from carbonpeak.core.errors import FactorNotFound, InputError, Problem
from carbonpeak.core.units import scale
from carbonpeak.factors import Resolution
from carbonpeak.inventory.accounting.context import Collector, Context, amount, use
from carbonpeak.inventory.accounting.trace import Step, Traced
from carbonpeak.inventory.model import ActivityRecord
from carbonpeak.regions import grid_region_note

NET_IMPORT = "M.electricity_net_import"
_SCOPE2 = {"electricity": ("S2.electricity", "MWh"), "heat": ("S2.heat", "GJ")}


def scope2(records: Sequence[ActivityRecord], ctx: Context, out: Collector) -> None:
    """Scope-2 CO2 of electricity and heat consumed (final consumption rows)."""
    for rec in records:
        if rec.fuel not in _SCOPE2 or rec.use == "transformation_burned":
            continue
        if rec.use != "combustion":
            out.exclude(rec, f"{rec.fuel} with use {rec.use}: not counted in scope 2")
            continue
        category, unit = _SCOPE2[rec.fuel]
        res, notes = grid_factor(ctx, rec.fuel, unit)
        if isinstance(res, FactorNotFound):
            out.gap(category, "CO2", "NE", f"no supply factor for {rec.fuel}: {res}")
            continue
        out.notes.update(dict.fromkeys(notes))
        qty = amount(rec, unit)
        value = qty * res.value * scale((unit, res.unit), "t")
        out.add(
            category,
            "CO2",
            Traced(
                value=value,
                unit="t",
                formula=f"CO2 = {rec.fuel} consumed × supply factor",
                activity_ids=(rec.id,),
                factors=(use("grid factor", res),),
                steps=(Step("consumed", qty, unit), Step("CO2", value, "t")),
                notes=notes,
            ),
        )


def net_import(records: Sequence[ActivityRecord], ctx: Context, out: Collector) -> None:
    """(imported − exported) × grid factor, as one memo row."""
    flows = [r for r in records if r.fuel in ("electricity_imported", "electricity_exported")]
    if not flows:
        out.gap(NET_IMPORT, "CO2", "NE", "no electricity import/export records (调入/调出电量)")
        return
    res, notes = grid_factor(ctx, "electricity", "MWh")
    if isinstance(res, FactorNotFound):
        out.gap(NET_IMPORT, "CO2", "NE", f"no grid factor: {res}")
        return
    out.notes.update(dict.fromkeys(notes))
    imported = math.fsum(amount(r, "MWh") for r in flows if r.fuel == "electricity_imported")
    exported = math.fsum(amount(r, "MWh") for r in flows if r.fuel == "electricity_exported")
    net = imported - exported
    value = net * res.value * scale(("MWh", res.unit), "t")
    out.add(
        NET_IMPORT,
        "CO2",
        Traced(
            value=value,
            unit="t",
            formula="CO2 = (imported − exported electricity) × grid factor",
            activity_ids=tuple(r.id for r in flows),
            factors=(use("grid factor", res),),
            steps=(
                Step("imported", imported, "MWh"),
                Step("exported", exported, "MWh"),
                Step("net import", net, "MWh"),
                Step("CO2", value, "t"),
            ),
            notes=notes,
        ),
    )


GRID_RULE = (
    "rule: provincial factor of the year > regional grid of the year > national of the year > "
    "nearest published year"
)


def grid_factor(
    ctx: Context, fuel: str, per: str
) -> tuple[Resolution | FactorNotFound, tuple[str, ...]]:
    """The supply factor of ``fuel`` (electricity, heat) for the context's region and year by
    the documented rule, and the notes naming every fallback (level and year)."""
    year = ctx.year
    chosen = ctx.grid_years.get(year) if fuel == "electricity" else None
    if chosen is not None and chosen != year:
        res = ctx.book.lookup(
            fuel, "grid_factor", region=ctx.chain, year=chosen, gas="CO2", per=per, gives="t"
        )
        if isinstance(res, FactorNotFound):
            return res, ()
        why = f"{year} uses the {chosen} grid factor {res.record.id} (chosen: --grid-factor-years)"
        return res, (f"grid factor of {ctx.region} {why}", *_level_note(ctx, res, chosen))
    res = ctx.factor(fuel, "grid_factor", gas="CO2", per=per, gives="t", proxy_year=True)
    if isinstance(res, FactorNotFound):
        return res, ()
    notes: list[str] = []
    if res.proxy:
        rec = res.record
        used = rec.year_from if rec.year_from is not None and rec.year_from > year else rec.year_to
        direction = "later" if used is not None and used > year else "earlier"
        notes.append(
            f"grid factor of {ctx.region} {year}: no published factor for {year}; the nearest "
            f"published year {used} ({direction}) stands in: {rec.id} = {rec.value:g} {rec.unit} "
            f"({GRID_RULE})"
        )
    used_year = year if not res.proxy else (res.record.year_to or res.record.year_from or year)
    notes += _level_note(ctx, res, used_year)
    return res, tuple(notes)


def _level_note(ctx: Context, res: Resolution, year: int) -> list[str]:
    """A note when the factor is not the province's own (a grid region's or the nation's)."""
    rec = res.record
    if not rec.region or rec.parameter != "grid_factor" or rec.fuel != "electricity":
        return []
    province = next((c for c in ctx.chain if c.isdigit() and c.endswith("0000")), None)
    if province is None or rec.region == province:
        return []
    level = "national" if rec.region == "CN" else f"regional grid {rec.region}"
    why = grid_region_note(province) if rec.region == "CN" else ""
    return [
        f"grid factor of {ctx.region} {ctx.year}: no provincial ({province}) factor for {year}; "
        f"the {level} factor {rec.value:g} {rec.unit} ({rec.id}) is used ({GRID_RULE})"
        + (f"; {why}" if why else "")
    ]


def parse_grid_years(text: str | None) -> dict[int, int]:
    """``--grid-factor-years``: ``2005-2020=2021`` (a range), ``2005=2021,2010=2021`` (years),
    or a bare ``2021`` (every year before the first published factor uses the 2021 factor; that
    default range is applied by the caller as 1990 up to the year before)."""
    if not text:
        return {}
    found: dict[int, int] = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        try:
            if "=" not in part:
                target = int(part)
                found.update({y: target for y in range(1990, target)})
                continue
            years, target_text = part.split("=", 1)
            target = int(target_text)
            first, _, last = years.partition("-")
            for y in range(int(first), int(last or first) + 1):
                found[y] = target
        except ValueError as exc:
            raise InputError(
                f"--grid-factor-years {part!r}: expected YEAR, FROM-TO=YEAR or FROM=YEAR "
                "(e.g. 2005-2020=2021)",
                [Problem(None, "grid_factor_years", "expected FROM-TO=YEAR")],
            ) from exc
    return found
