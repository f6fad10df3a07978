"""Waste (4.A, 4.C.1, 4.D): landfill, incineration, wastewater.

- Solid waste disposal 4.A: CH4 = waste landfilled × ch4_factor. This is a simplified
  methane-commitment approach (the emission of the year's waste over its lifetime, with the
  factor supplied by the user); the IPCC first-order-decay model is not implemented.
- Incineration 4.C.1: CO2 = waste incinerated × co2_factor (fossil carbon only), CH4 and N2O
  likewise.
- Wastewater 4.D: CH4 = COD × ch4_factor, N2O = COD × n2o_factor.

No default factors are in the reference data: NE with the reason unless a set supplies them.
"""

from __future__ import annotations

from collections.abc import Sequence

from carbonpeak.factors import kinds
from carbonpeak.inventory.accounting.context import Collector, Context, emission_term
from carbonpeak.inventory.model import ActivityRecord

LABELS = {
    "landfill_waste": "landfill",
    "incinerated_waste": "incineration",
    "wastewater_cod": "wastewater",
}


def compute(records: Sequence[ActivityRecord], ctx: Context, out: Collector) -> None:
    for rec in records:
        kind = kinds()[rec.fuel]
        for gas in kind.gases:
            emission_term(
                rec,
                ctx,
                out,
                category=kind.category,
                gas=gas,
                label=f"{LABELS.get(rec.fuel, rec.fuel)} {gas}",
            )
