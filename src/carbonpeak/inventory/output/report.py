"""An inventory as plain JSON-ready data (the CLI's ``--json`` and the API give the same shape).

Pure: no database. Numbers are floats in tonnes (of the gas, or CO2e); a number that cannot be
given is ``null`` with the reason beside it, never 0.

``inventory_json`` gives, per region and year: the named totals (``territorial``, ``co2_t``,
``co2e_t``, ``regional_energy_co2``, ``scope2`` ...), the rows (IPCC category × gas), sums by
sector and by gas, and once for the whole calculation the factor sets and GWP set used and
every factor record that entered a number, with its source. Asked for (``uncertainty=``), each
region and year also gets ``uncertainty``: per named total, the IPCC approach-1 relative
uncertainty (%) with ``complete`` and the terms ``missing`` an input uncertainty.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from carbonpeak.core.errors import FactorNotFound, InputError
from carbonpeak.core.illustrative import marks_illustrative
from carbonpeak.factors import FactorRecord, find_fuel, find_kind, gwp
from carbonpeak.inventory.accounting.indicators import IndicatorTable
from carbonpeak.inventory.accounting.queries import Explanation, Term
from carbonpeak.inventory.accounting.result import TOTAL_MEANING, Inventory, ResultRow
from carbonpeak.inventory.accounting.sectors import categories
from carbonpeak.inventory.accounting.totals import FOSSIL_CH4
from carbonpeak.inventory.accounting.trace import Measure, NotAvailable, Traced
from carbonpeak.inventory.accounting.uncertainty import Defaults, Uncertainty
from carbonpeak.inventory.accounting.uncertainty import uncertainty as total_uncertainty
from carbonpeak.inventory.model import ActivityRecord
from carbonpeak.regions import regions

#: At most this many ``missing`` lines per total in the JSON (``missing_count`` gives all).
MISSING_SHOWN = 50
UNCERTAINTY_METHOD = (
    "IPCC 2006 Vol. 1 ch. 3 approach 1 (error propagation): relative uncertainties of a "
    "product combine as √(Σ Uᵢ²), absolute uncertainties of a sum as √(Σ (Uᵢ xᵢ)²); inputs "
    "assumed independent; GWPs not uncertain; half the 95 % interval, in % of the total; "
    "factor inputs without their own uncertainty take the sourced IPCC 2006 Vol. 2 ch. 1 "
    "Table 1.2/1.4 range of the fuel (listed in 'ranges') before a parameter default"
)

BY = ("sector", "fuel", "gas")


def measure_json(m: Measure) -> dict[str, Any]:
    if isinstance(m, NotAvailable):
        return {"value": None, "unit": m.unit, "reason": m.reason}
    return {"value": m.value, "unit": m.unit, "formula": m.formula, "notes": list(m.all_notes())}


def _value(m: Measure) -> float | None:
    return m.value if isinstance(m, Traced) else None


def row_json(r: ResultRow) -> dict[str, Any]:
    cat = categories().get(r.category)
    return {
        "category": r.category,
        "name_zh": cat.name_zh if cat else "",
        "name_en": cat.name_en if cat else "",
        "family": r.family,
        "scope": r.scope,
        "gas": r.gas,
        "value_t": r.value.value if r.value else None,
        "co2e_t": r.co2e.value if r.co2e else None,
        "notation": r.notation,
        "explanation": r.explanation,
        "partial": r.partial,
    }


def _counted(r: ResultRow) -> bool:
    """Rows summed in the by-sector/by-gas tables: scope 1 and 2, not memo items."""
    return r.family != "memo" and r.value is not None


def by_sector(rows: Iterable[ResultRow]) -> list[dict[str, Any]]:
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for r in rows:
        if not _counted(r) or r.value is None:
            continue
        sums[r.category][r.gas] += r.value.value
        if r.co2e is not None:
            sums[r.category]["co2e"] += r.co2e.value
    cats = categories()
    order = {code: i for i, code in enumerate(cats)}
    return [
        {
            "category": code,
            "name_zh": cats[code].name_zh if code in cats else "",
            "scope": cats[code].scope if code in cats else 1,
            "gases_t": {g: v for g, v in values.items() if g != "co2e"},
            "co2e_t": values.get("co2e", 0.0),
        }
        for code, values in sorted(sums.items(), key=lambda kv: order.get(kv[0], 999))
    ]


def by_gas(rows: Iterable[ResultRow]) -> list[dict[str, Any]]:
    """Scope-1 rows (LULUCF included, removals negative) summed per gas."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in rows:
        if not _counted(r) or r.scope != 1 or r.value is None:
            continue
        sums[r.gas][0] += r.value.value
        sums[r.gas][1] += r.co2e.value if r.co2e else math.nan
    return [
        {"gas": g, "value_t": v, "co2e_t": None if math.isnan(e) else e}
        for g, (v, e) in sorted(sums.items())
    ]


def by_fuel(inv: Inventory, rows: Iterable[ResultRow]) -> list[dict[str, Any]]:
    """Scope-1 and scope-2 emissions per fuel or activity kind (from the terms of each row)."""
    activity = inv.activity_by_id()
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in rows:
        if not _counted(r) or r.value is None:
            continue
        try:
            factor = gwp(r.gas, inv.gwp_set, fossil=r.family in FOSSIL_CH4).value
        except FactorNotFound:
            factor = math.nan
        for leaf in r.value.leaves():
            fuels = {activity[i].fuel for i in leaf.activity_ids if i in activity}
            fuel = next(iter(fuels)) if len(fuels) == 1 else "+".join(sorted(fuels)) or "-"
            sums[(fuel, r.gas)][0] += leaf.value
            sums[(fuel, r.gas)][1] += leaf.value * factor
    return [
        {"fuel": f, "gas": g, "value_t": v, "co2e_t": None if math.isnan(e) else e}
        for (f, g), (v, e) in sorted(sums.items())
    ]


def factor_records(inv: Inventory) -> list[dict[str, Any]]:
    """Every factor record that entered a number of the inventory, with its source."""
    seen: dict[str, FactorRecord] = {}
    for r in inv.rows:
        for m in (r.value, r.co2e):
            if m is None:
                continue
            for use in m.all_factors():
                seen.setdefault(use.record.id, use.record)
    return [
        {
            "id": rec.id,
            "set": rec.set_name,
            "parameter": rec.parameter,
            "value": rec.value,
            "unit": rec.unit,
            "tier": rec.tier,
            "source": rec.source,
            "uncertain": rec.uncertain,
            "uncertainty_pct": rec.uncertainty_pct,
        }
        for rec in sorted(seen.values(), key=lambda x: x.id)
    ]


def headline(inv: Inventory) -> tuple[str, int] | None:
    """The one region and year a calculation is about: the only one, or the only top-level one
    (a city whose districts are also present); None when there are several."""
    keys = list(inv.region_years)
    if len(keys) == 1:
        return keys[0]
    present = {r for r, _ in keys}
    table = regions()
    top = [(r, y) for r, y in keys if not (r in table and table[r].parent in present)]
    return top[0] if len(top) == 1 else None


def uncertainty_json(u: Uncertainty | NotAvailable) -> dict[str, Any]:
    """One total's approach-1 uncertainty as JSON (``relative_pct`` null where no term is
    covered; ``complete`` false where some term lacks an input uncertainty)."""
    if isinstance(u, NotAvailable):
        return {"value": None, "relative_pct": None, "complete": False, "reason": u.reason,
                "missing": [], "missing_count": 0}  # fmt: skip
    low_high = None if u.absolute is None else [u.value - u.absolute, u.value + u.absolute]
    return {
        "value": u.value,
        "unit": u.unit,
        "relative_pct": u.relative_pct,
        "absolute": u.absolute,
        "interval": low_high,
        "complete": u.complete,
        "terms": len(u.terms),
        "terms_covered": sum(1 for t in u.terms if t.relative_pct is not None),
        "missing": list(u.missing[:MISSING_SHOWN]),
        "missing_count": len(u.missing),
        "ranges": [{"record": rid, "range": cite} for rid, cite in u.ranges],
    }


def uncertainty_part(
    inv: Inventory,
    region: str,
    year: int,
    defaults: Defaults,
    activity: Mapping[str, ActivityRecord] | None = None,
) -> dict[str, dict[str, Any]]:
    """The approach-1 uncertainty of every named total of one region and year."""
    by_id = inv.activity_by_id() if activity is None else activity
    return {
        name: uncertainty_json(
            total_uncertainty(
                inv,
                region,
                year,
                name,
                activity_pct=defaults.activity_pct,
                factor_pct=defaults.factor_pct,
                activity=by_id,
                sourced=defaults.sourced,
            )
        )
        for name in TOTAL_MEANING
    }


def region_year_json(
    inv: Inventory,
    region: str,
    year: int,
    by: str = "sector",
    uncertainty_defaults: Defaults | None = None,
    activity: Mapping[str, ActivityRecord] | None = None,
) -> dict[str, Any]:
    totals = inv.totals[(region, year)]
    rows = inv.rows_for(region, year)
    reg = regions().get(region)
    out: dict[str, Any] = {
        "region": region,
        "region_name": reg.name_zh if reg else region,
        "year": year,
        "derived_from_districts": totals.derived_from_districts,
        "totals": {name: _value(totals[name]) for name in TOTAL_MEANING},
        "totals_detail": {
            name: {**measure_json(totals[name]), "meaning": TOTAL_MEANING[name]}
            for name in TOTAL_MEANING
        },
        "rows": [row_json(r) for r in rows],
    }
    if by == "fuel":
        out["by_fuel"] = by_fuel(inv, rows)
    out["by_sector"] = by_sector(rows)
    out["by_gas"] = by_gas(rows)
    if uncertainty_defaults is not None:
        out["uncertainty"] = uncertainty_part(inv, region, year, uncertainty_defaults, activity)
    return out


def inventory_json(
    inv: Inventory,
    *,
    region: str | None = None,
    year: int | None = None,
    by: str = "sector",
    about: dict[str, Any] | None = None,
    uncertainty: Defaults | None = None,
) -> dict[str, Any]:
    """The whole calculation (or one region / year of it) as JSON-ready data. The top-level
    ``totals`` (and ``region``, ``year``, ``rows``, ``by_sector``, ``by_gas``, ``uncertainty``)
    are those of the headline region and year (see :func:`headline`), ``null`` when there is
    none. ``uncertainty``: defaults for inputs without their own uncertainty; given (even
    empty), every region and year gets the approach-1 uncertainty of each total."""
    keys = [(r, y) for r, y in inv.region_years if region in (None, r) and year in (None, y)]
    by_id = inv.activity_by_id() if uncertainty is not None else None
    parts = [region_year_json(inv, r, y, by, uncertainty, by_id) for r, y in keys]
    head = keys[0] if len(keys) == 1 else headline(inv) if region is None and year is None else None
    top = next((p for p in parts if (p["region"], p["year"]) == head), None)
    return {
        **(about or {}),
        "illustrative": is_illustrative(inv),
        "gwp_set": inv.gwp_set,
        "method": inv.method,
        "notes": list(inv.notes),
        "factor_sets": list(inv.factor_sets),
        "region": top["region"] if top else None,
        "year": top["year"] if top else None,
        "totals": top["totals"] if top else None,
        "totals_detail": top["totals_detail"] if top else None,
        "rows": top["rows"] if top else None,
        "by_sector": top["by_sector"] if top else None,
        "by_gas": top["by_gas"] if top else None,
        **({"by_fuel": top.get("by_fuel")} if top and by == "fuel" else {}),
        **(
            {
                "uncertainty": top["uncertainty"] if top else None,
                "uncertainty_defaults": uncertainty.as_json(),
                "uncertainty_method": UNCERTAINTY_METHOD,
            }
            if uncertainty is not None
            else {}
        ),
        "inventories": parts,
        "excluded": [{"activity": e.activity_id, "reason": e.reason} for e in inv.excluded],
        "factor_records": factor_records(inv),
    }


def is_illustrative(inv: Inventory) -> bool:
    """True where any activity record says it is illustrative (invented demo data, 示意数据):
    whatever shows the numbers must say so."""
    return any(marks_illustrative(a.source, a.note) for a in inv.activity)


def term_json(t: Term) -> dict[str, Any]:
    return {
        "formula": t.formula,
        "activity": t.activity,
        "steps": [{"label": s.label, "value": s.value, "unit": s.unit} for s in t.steps],
    }


def activity_json(a: ActivityRecord) -> dict[str, Any]:
    return {
        "id": a.id,
        "quantity": None if a.quantity is None else float(a.quantity.magnitude),
        "unit": "" if a.quantity is None else str(a.quantity.units),
        "source": a.source,
        "row": a.row,
        "note": a.note,
    }


def explanation_json(ex: Explanation) -> dict[str, Any]:
    return {
        "region": ex.region,
        "year": ex.year,
        "item": ex.item,
        "gas": ex.gas,
        "value": ex.value,
        "unit": ex.unit,
        "formula": ex.formula,
        "notation": ex.notation,
        "explanation": ex.explanation,
        "terms": [term_json(t) for t in ex.leaves],
        "factors": [
            {
                "role": f.role,
                "id": f.record.id,
                "value": f.record.value,
                "unit": f.record.unit,
                "tier": f.record.tier,
                "source": f.record.source,
                "proxy": f.proxy,
                "passed_over": [
                    {"id": p.record.id, "value": p.record.value, "reason": p.reason}
                    for p in f.passed_over
                ],
            }
            for f in ex.factors
        ],
        "activity": [activity_json(a) for a in ex.activities],
        "notes": list(ex.notes),
        "text": ex.text(),
    }


def indicators_json(table: IndicatorTable) -> dict[str, Any]:
    return {
        "region": table.region,
        "year": table.year,
        "price_year": table.price_year,
        "items": [
            {
                "name": i.name,
                "method": i.method,
                "unit": i.unit,
                "value": _value(i.value),
                "reason": i.value.reason if isinstance(i.value, NotAvailable) else None,
            }
            for i in table.items
        ],
    }


def only_fuel(ex: Explanation, fuel: str) -> dict[str, Any]:
    """The :func:`explanation_json` of ``ex`` cut down to the terms and records of one fuel or
    activity kind (written as id or Chinese name)."""
    found = find_fuel(fuel)
    kind = None if found else find_kind(fuel)
    fid = found.id if found else kind[0].id if kind else None
    if fid is None:
        raise InputError(f"未知能源品种 / unknown fuel or activity kind {fuel!r}")
    data = explanation_json(ex)
    terms = [term_json(t) for t in ex.leaves if fid in t.fuels]
    acts = [activity_json(a) for a in ex.activities if a.fuel == fid]
    lines = [data["text"].splitlines()[0] + f" — 仅 only {fid}:"]
    for t in terms:
        lines.append(f"  term [{t['activity']}]: {t['formula']}")
        lines += [f"    {s['label']} = {s['value']:.6g} {s['unit']}" for s in t["steps"]]
    lines += [f"  activity {a['id']}: {a['quantity']} {a['unit']} (source {a['source']})"
              for a in acts]  # fmt: skip
    lines += [f"  factor {f['role']}: {f['value']:g} {f['unit']} [{f['id']}; {f['source']}]"
              for f in data["factors"]]  # fmt: skip
    return {**data, "fuel": fid, "terms": terms, "activity": acts, "text": "\n".join(lines)}
