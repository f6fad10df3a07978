"""Agriculture (3.A, 3.C.7): livestock methane and manure N2O by head, rice methane by area.

- Enteric fermentation 3.A.1: CH4 = head × ch4_factor (variant ``enteric``) per head and year;
- Manure management 3.A.2: CH4 = head × ch4_factor (variant ``manure``); N2O = head × n2o_factor
  (variant ``manure``); poultry has manure only;
- Rice cultivation 3.C.7: CH4 = harvested area × ch4_factor per area and year (the qualifier of
  ``rice_area@<type>`` selects a factor variant of that name where one is given).

No default factors are in the reference data: the categories are NE (with the reason) unless a
factor set (provincial inventory values, measured values) supplies them. Per-year factors are taken
over one inventory year. Livestock numbers are year-end stocks (存栏) as supplied.
"""

from __future__ import annotations

from collections.abc import Sequence

from carbonpeak.factors import kinds_of
from carbonpeak.inventory.accounting.context import Collector, Context, emission_term
from carbonpeak.inventory.model import ActivityRecord

ENTERIC, MANURE, RICE = "3.A.1", "3.A.2", "3.C.7"


def compute(records: Sequence[ActivityRecord], ctx: Context, out: Collector) -> None:
    livestock = set(kinds_of("agriculture")) - {"rice_area"}
    for rec in records:
        if rec.fuel == "rice_area":
            emission_term(rec, ctx, out, category=RICE, gas="CH4", label="rice CH4")
        elif rec.fuel in livestock:
            if rec.fuel != "poultry":
                emission_term(
                    rec,
                    ctx,
                    out,
                    category=ENTERIC,
                    gas="CH4",
                    variant="enteric",
                    label="enteric CH4",
                )
            emission_term(
                rec, ctx, out, category=MANURE, gas="CH4", variant="manure", label="manure CH4"
            )
            emission_term(
                rec, ctx, out, category=MANURE, gas="N2O", variant="manure", label="manure N2O"
            )
