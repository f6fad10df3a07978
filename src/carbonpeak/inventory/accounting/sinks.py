"""Carbon sinks (碳汇): forest stock change, wetlands, and a karst term; removals are negative.

Forest (3.B.1.a), stock-change method (china_standards.md 6.1)::

    ΔV  = (V_t − V_prev) / (t − prev)                     annual change of stock volume, m³/a
    ΔC  = ΔV × SVD × BEF × (1 + R) × CF                   t C/a
    CO2 = −ΔC × 44/12                                     t CO2 (negative: a removal)

SVD basic wood density (t d.m./m³), BEF biomass expansion factor, R root-shoot ratio, CF carbon
fraction: records with fuel ``forest`` and the forest type as variant
(``forest_stock_volume@杉木``), else the default variant. Only CF (IPCC 0.47) is shipped:
species SVD/BEF/R are not in the reference data (UNVERIFIED there), so forest is NE until they
are supplied.

Wetland (3.B.4): CO2 = −area × sink_factor (fuel ``wetland``); no official default (data gap).

Karst (memo ``M.karst``, research grade, never summed into a total): CO2 = −area × sink_factor ×
1 year (fuel ``karst``). With a catchment qualifier its value is used; without, the mean of the
published Guizhou catchment values, with their range in the notes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from carbonpeak.core.errors import FactorNotFound
from carbonpeak.core.units import scale, unit_of
from carbonpeak.factors import Resolution
from carbonpeak.inventory.accounting.context import (
    C_TO_CO2,
    Collector,
    Context,
    amount,
    emission_term,
    per_year_scale,
    use,
)
from carbonpeak.inventory.accounting.trace import Step, Traced
from carbonpeak.inventory.model import ActivityRecord

FOREST, WETLAND, KARST = "3.B.1.a", "3.B.4", "M.karst"
ONE = "dimensionless"
_FOREST_PARAMETERS = ("wood_density", "bef", "root_shoot_ratio", "carbon_fraction")


def compute(
    records: Sequence[ActivityRecord],
    ctx: Context,
    out: Collector,
    history: Sequence[ActivityRecord] = (),
) -> None:
    """``history``: forest stock records of the same region in all years (for the change)."""
    for rec in records:
        if rec.fuel == "forest_stock_volume":
            _forest(rec, ctx, out, history)
        elif rec.fuel == "wetland_area":
            _wetland(rec, ctx, out)
        elif rec.fuel == "karst_area":
            _karst(rec, ctx, out)


def _forest_factor(ctx: Context, parameter: str, qualifier: str) -> Resolution | FactorNotFound:
    res = ctx.factor("forest", parameter, variant=qualifier)
    if isinstance(res, FactorNotFound) and qualifier:
        res = ctx.factor("forest", parameter)
    return res


def _forest(
    rec: ActivityRecord, ctx: Context, out: Collector, history: Sequence[ActivityRecord]
) -> None:
    earlier = [
        h
        for h in history
        if h.fuel == rec.fuel and h.qualifier == rec.qualifier and h.year < rec.year
    ]
    if not earlier:
        out.gap(FOREST, "CO2", "NE", f"{rec.id}: needs the stock volume of an earlier year")
        return
    prev = max(earlier, key=lambda h: h.year)
    svd, bef, root, cf = (_forest_factor(ctx, p, rec.qualifier) for p in _FOREST_PARAMETERS)
    if (
        isinstance(svd, FactorNotFound)
        or isinstance(bef, FactorNotFound)
        or isinstance(root, FactorNotFound)
        or isinstance(cf, FactorNotFound)
    ):
        missing = [str(r) for r in (svd, bef, root, cf) if isinstance(r, FactorNotFound)]
        out.gap(FOREST, "CO2", "NE", "forest parameters missing — " + "; ".join(missing))
        return
    now_m3 = amount(rec, "m**3")
    prev_m3 = amount(prev, "m**3")
    dv = (now_m3 - prev_m3) / (rec.year - prev.year)
    stem = dv * svd.value * scale(("m**3", svd.unit), "t")
    expansion = bef.value * scale((bef.unit,), ONE)
    biomass = stem * expansion * (1.0 + root.value * scale((root.unit,), ONE))
    carbon = biomass * cf.value * scale((cf.unit,), ONE)
    co2 = -carbon * C_TO_CO2
    out.add(
        FOREST,
        "CO2",
        Traced(
            value=co2,
            unit="t",
            formula="CO2 = −(ΔV per year) × SVD × BEF × (1 + R) × CF × 44/12",
            activity_ids=(prev.id, rec.id),
            factors=(
                use("wood density SVD", svd),
                use("BEF", bef),
                use("root-shoot ratio R", root),
                use("carbon fraction CF", cf),
            ),
            steps=(
                Step(f"stock {prev.year}", prev_m3, "m³"),
                Step(f"stock {rec.year}", now_m3, "m³"),
                Step("ΔV per year", dv, "m³"),
                Step("stem dry matter = ΔV × SVD", stem, "t"),
                Step("biomass = stem × BEF × (1 + R)", biomass, "t"),
                Step("carbon = biomass × CF", carbon, "t C"),
                Step("CO2 (removal negative)", co2, "t"),
            ),
        ),
    )


def _wetland(rec: ActivityRecord, ctx: Context, out: Collector) -> None:
    res = ctx.factor("wetland", "sink_factor", gas="CO2", variant=rec.qualifier)
    if isinstance(res, FactorNotFound):
        out.gap(
            WETLAND, "CO2", "NE", f"no wetland sink factor (data gap, no official default): {res}"
        )
        return
    emission_term(rec, ctx, out, category=WETLAND, gas="CO2", sign=-1.0, label="wetland sink")


def _karst(rec: ActivityRecord, ctx: Context, out: Collector) -> None:
    variants = (rec.qualifier,) if rec.qualifier else ctx.book.variants("karst", "sink_factor")
    found = [ctx.factor("karst", "sink_factor", gas="CO2", variant=v) for v in variants]
    used = [r for r in found if isinstance(r, Resolution)]
    if not used:
        out.gap(KARST, "CO2", "NE", f"no karst sink factor for {variants}")
        return
    unit = unit_of(rec.quantity)
    qty = float(rec.quantity.magnitude)
    per = [r.value * per_year_scale((unit, r.unit), "t")[0] for r in used]
    value = -qty * math.fsum(per) / len(per)
    notes = ["research grade; memo item, not in any total (china_standards.md 6.2)"]
    if len(used) > 1:
        notes.append(
            f"mean of {len(used)} catchment values; range {-qty * max(per):.6g} to "
            f"{-qty * min(per):.6g} t CO2"
        )
    out.add(
        KARST,
        "CO2",
        Traced(
            value=value,
            unit="t",
            formula="CO2 = −karst area × sink flux × 1 year",
            activity_ids=(rec.id,),
            factors=tuple(use("karst sink flux", r) for r in used),
            steps=(Step("karst area", qty, unit), Step("CO2 (removal negative)", value, "t")),
            notes=tuple(notes),
        ),
    )
