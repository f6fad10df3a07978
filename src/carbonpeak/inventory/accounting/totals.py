"""CO2e of each row under a GWP set, and the named totals of a region and year.

Totals (:data:`~carbonpeak.inventory.accounting.result.TOTAL_MEANING`): ``territorial`` (scope-1
CO2, gross,
the CEADs boundary), ``co2_t`` and ``co2e_t`` (net of LULUCF), ``co2e_gross_t``,
``lulucf_co2e_t``, ``regional_energy_co2`` (fossil energy CO2 + net imported electricity × grid
factor), ``scope2``, and the karst memo. A total with no contributing row is *not available*
(never 0); categories not estimated inside a total's boundary are named in its notes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from carbonpeak.core.errors import FactorNotFound
from carbonpeak.factors import FactorRecord, gwp
from carbonpeak.inventory.accounting.result import ResultRow, Totals
from carbonpeak.inventory.accounting.trace import (
    FactorUse,
    Measure,
    NotAvailable,
    Step,
    Traced,
    total,
)

GROSS = ("energy", "fugitive", "ippu", "agriculture", "waste")
FOSSIL_CH4 = ("energy", "fugitive")
NET_IMPORT = "M.electricity_net_import"


@lru_cache(maxsize=256)
def _gwp(gas: str, gwp_set: str, fossil: bool) -> FactorRecord | FactorNotFound:
    """``gwp`` looked up once per (gas, set, fossil) in a process (the records are frozen)."""
    try:
        return gwp(gas, gwp_set, fossil=fossil)
    except FactorNotFound as exc:
        return exc


def _with(row: ResultRow, co2e: Traced | None, explanation: str) -> ResultRow:
    """``dataclasses.replace(row, co2e=..., explanation=...)`` without its per-call cost."""
    return ResultRow(
        row.region,
        row.year,
        row.category,
        row.gas,
        row.value,
        co2e,
        row.notation,
        explanation,
        row.family,
        row.scope,
        row.partial,
    )


def with_co2e(row: ResultRow, gwp_set: str) -> ResultRow:
    """The row with its CO2e under ``gwp_set`` (None and a reason where there is no GWP)."""
    if row.value is None:
        return row if row.co2e is None else _with(row, None, row.explanation)
    rec = _gwp(row.gas, gwp_set, row.family in FOSSIL_CH4)
    if isinstance(rec, FactorNotFound):
        note = f"no CO2e: {rec}"
        text = (
            row.explanation
            if note in row.explanation
            else "; ".join(t for t in (row.explanation, note) if t)
        )
        return _with(row, None, text)
    value = row.value.value * rec.value
    co2e = Traced(
        value=value,
        unit="t",
        formula=f"CO2e = {row.gas} × GWP ({gwp_set})",
        factors=(FactorUse("GWP", rec),),
        steps=(Step(row.gas, row.value.value, "t"), Step("CO2e", value, "t")),
        parts=(row.value,),
    )
    return _with(row, co2e, row.explanation)


def _sum(values: Sequence[Traced], formula: str, gaps: Iterable[str], what: str) -> Measure:
    notes = tuple(dict.fromkeys(gaps))
    if not values:
        reason = f"no {what} rows" + (f" (not estimated: {', '.join(notes)})" if notes else "")
        return NotAvailable(reason, "t")
    text = (f"not estimated: {', '.join(notes)}",) if notes else ()
    return total(values, unit="t", formula=formula, notes=text)


def _gaps(
    rows: Sequence[ResultRow], families: tuple[str, ...], gases: tuple[str, ...]
) -> list[str]:
    """Cells inside a total's boundary that are missing (NE, C) or only partly estimated."""
    return [
        f"{r.category} {r.gas}"
        for r in rows
        if r.family in families
        and r.gas in gases
        and (r.partial or (r.value is None and r.notation in ("NE", "C")))
    ]


def compute_totals(
    region: str, year: int, rows: Sequence[ResultRow], *, derived: bool = False
) -> Totals:
    """The named totals of one region and year from its rows (with CO2e already set)."""
    valued = [r for r in rows if r.value is not None]
    gross = [r for r in valued if r.scope == 1 and r.family in GROSS]
    lulucf = [r for r in valued if r.family == "lulucf"]
    all_gases = ("CO2", "CH4", "N2O", "CF4", "C2F6")
    territorial = _sum(
        [r.value for r in gross if r.gas == "CO2" and r.value],
        "Σ scope-1 CO2, excl. LULUCF",
        _gaps(rows, GROSS, ("CO2",)),
        "scope-1 CO2",
    )
    lulucf_co2 = [r.value for r in lulucf if r.gas == "CO2" and r.value]
    co2_t = _sum(
        [r.value for r in gross if r.gas == "CO2" and r.value] + lulucf_co2,
        "Σ scope-1 CO2 incl. LULUCF removals",
        _gaps(rows, (*GROSS, "lulucf"), ("CO2",)),
        "scope-1 CO2",
    )
    no_co2e = [f"{r.category} {r.gas} (no GWP)" for r in gross + lulucf if r.co2e is None]
    gross_co2e = _sum(
        [r.co2e for r in gross if r.co2e],
        "Σ scope-1 CO2e, excl. LULUCF",
        _gaps(rows, GROSS, all_gases) + no_co2e,
        "scope-1",
    )
    lulucf_co2e = _sum(
        [r.co2e for r in lulucf if r.co2e],
        "Σ LULUCF CO2e (removals negative)",
        _gaps(rows, ("lulucf",), all_gases),
        "LULUCF",
    )
    net_parts = [m for m in (gross_co2e, lulucf_co2e) if isinstance(m, Traced)]
    co2e_t = (
        total(net_parts, unit="t", formula="scope-1 CO2e gross + LULUCF")
        if net_parts
        else NotAvailable("no scope-1 or LULUCF rows", "t")
    )
    energy = [r.value for r in valued if r.family == "energy" and r.gas == "CO2" and r.value]
    net = [r.value for r in valued if r.category == NET_IMPORT and r.value]
    regional = _sum(
        energy + net,
        "Σ fossil energy CO2 + (imported − exported electricity) × grid factor",
        _gaps(rows, ("energy",), ("CO2",))
        + [f"{NET_IMPORT} CO2" for r in rows if r.category == NET_IMPORT and r.value is None],
        "energy CO2",
    )
    scope2 = _sum(
        [r.value for r in valued if r.scope == 2 and r.value],
        "Σ electricity and heat consumed × supply factor",
        _gaps(rows, ("scope2",), ("CO2",)),
        "scope-2",
    )
    karst_rows = [r.value for r in valued if r.category == "M.karst" and r.value]
    karst = _sum(karst_rows, "karst sink (memo)", [], "karst memo")
    return Totals(
        region=region,
        year=year,
        values={
            "territorial": territorial,
            "co2_t": co2_t,
            "co2e_t": co2e_t,
            "co2e_gross_t": gross_co2e,
            "lulucf_co2e_t": lulucf_co2e,
            "regional_energy_co2": regional,
            "scope2": scope2,
            "karst_memo_t": karst,
        },
        derived_from_districts=derived,
    )
