"""Monthly comparison with the approved values: a month whose monitored 综合能耗 exceeds the
approved annual energy (当量值) ÷ 12 × (1 + margin), or whose unit consumption exceeds the
approved unit consumption × (1 + margin), is an exceedance.

>>> [e.measure for e in exceedances(1200.0, {"2025-01": 120.0, "2025-02": 95.0}, {}, 0.1)]
['energy_tce']

A process metered in both units is compared in the approved value's unit (the benchmark's):

>>> metered_unit("kWh/t", kgce_per_t=1622.7, kwh_per_t=13203.0)
13203.0
>>> metered_unit("kgce/t", kgce_per_t=121.0, kwh_per_t=35.0)
121.0
>>> metered_unit("kgce/t", kgce_per_t=None, kwh_per_t=35.0) is None  # never the other unit
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from carbonpeak.core.bundled import csv_rows


@lru_cache(maxsize=1)
def default_margin() -> float:
    rows = {r["setting"]: r for r in csv_rows("carbonpeak.review", "data", "followup.csv")}
    return float(rows["margin"]["value"])


def metered_unit(unit: str, *, kgce_per_t: float | None, kwh_per_t: float | None) -> float | None:
    """The month's metered unit consumption in ``unit``, the unit of the approved value
    (``kgce/t`` or ``kWh/t``); None when the process is not metered in it (or the unit is
    neither): a kWh/t is never compared with an approved kgce/t, nor the reverse."""
    per = unit.replace(" ", "").lower()
    if per == "kwh/t":
        return kwh_per_t
    if per == "kgce/t":
        return kgce_per_t
    return None


@dataclass(frozen=True)
class Exceedance:
    month: str
    measure: str
    approved: float
    monitored: float

    @property
    def ratio(self) -> float:
        return self.monitored / self.approved if self.approved else float("inf")


def exceedances(
    approved_annual_tce: float,
    monthly_tce: Mapping[str, float],
    unit_months: Mapping[str, Mapping[str, float]],
    margin: float,
    approved_unit: Mapping[str, float] | None = None,
) -> list[Exceedance]:
    """Months above the approved values. ``unit_months``: measure (``unit:coke_top``) → month →
    monitored unit consumption; ``approved_unit``: the same measure → approved value."""
    out: list[Exceedance] = []
    monthly_limit = approved_annual_tce / 12
    for month, value in sorted(monthly_tce.items()):
        if value > monthly_limit * (1 + margin):
            out.append(Exceedance(month, "energy_tce", round(monthly_limit, 3), round(value, 3)))
    for measure, months in sorted(unit_months.items()):
        limit = (approved_unit or {}).get(measure)
        if limit is None:
            continue
        for month, value in sorted(months.items()):
            if value > limit * (1 + margin):
                out.append(Exceedance(month, measure, limit, round(value, 3)))
    return out
