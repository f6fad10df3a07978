"""Electricity and heat: scope 2 (外购电力、热力间接排放) and net imported electricity (净调入电力).

- Scope 2 (``S2.electricity``, ``S2.heat``): electricity and heat consumed in the region
  (final-consumption rows of 电力 and 热力) × the supply factor. Electricity uses the grid
  factor of the region chain (Guizhou provincial, else the southern grid, else national) of the
  data year; where the year has no published factor, the nearest year stands in and the trace
  says so. Heat uses the purchased-heat default.
- Net import memo (``M.electricity_net_import``): (调入 imported − 调出 exported) × grid factor;
  negative for a net exporter such as 六盘水. It is the electricity term of the regional energy
  CO2 total (fossil energy CO2 + net imported electricity × grid factor).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from carbonpeak.core.errors import FactorNotFound
from carbonpeak.core.units import scale
from carbonpeak.inventory.accounting.context import Collector, Context, amount, use
from carbonpeak.inventory.accounting.trace import Step, Traced
from carbonpeak.inventory.model import ActivityRecord

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
        res = ctx.factor(rec.fuel, "grid_factor", gas="CO2", per=unit, gives="t", proxy_year=True)
        if isinstance(res, FactorNotFound):
            out.gap(category, "CO2", "NE", f"no supply factor for {rec.fuel}: {res}")
            continue
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
                notes=(res.proxy,) if res.proxy else (),
            ),
        )


def net_import(records: Sequence[ActivityRecord], ctx: Context, out: Collector) -> None:
    """(imported − exported) × grid factor, as one memo row."""
    flows = [r for r in records if r.fuel in ("electricity_imported", "electricity_exported")]
    if not flows:
        out.gap(NET_IMPORT, "CO2", "NE", "no electricity import/export records (调入/调出电量)")
        return
    res = ctx.factor("electricity", "grid_factor", gas="CO2", per="MWh", gives="t", proxy_year=True)
    if isinstance(res, FactorNotFound):
        out.gap(NET_IMPORT, "CO2", "NE", f"no grid factor: {res}")
        return
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
            notes=(res.proxy,) if res.proxy else (),
        ),
    )
