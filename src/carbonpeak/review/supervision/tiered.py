"""阶梯电价 the tiered electricity price surcharge of an over-limit enterprise, the rule as data
(``data/tiered_price.csv``).

- ``aluminium_2013`` (发改价格〔2013〕2530号): ≤ 13,700 kWh/t none; 13,700–13,800 +0.02
  yuan/kWh; above 13,800 +0.08 yuan/kWh.
- ``aluminium_2021`` (2021 notice): +0.01 yuan/kWh for each 20 kWh/t (a part counts as a whole
  step) above 13,650 kWh/t.

>>> surcharge(rule("aluminium_2013"), 13750.0, 1e6)
(0.02, 20000.0)
>>> surcharge(rule("aluminium_2021"), 13671.0, 1e6)
(0.02, 20000.0)
>>> surcharge(rule("aluminium_2021"), 13600.0, 1e6)
(0.0, 0.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from carbonpeak.core.bundled import csv_rows
from carbonpeak.core.errors import InputError


@dataclass(frozen=True)
class TieredRule:
    rule: str
    industry: str
    measure: str
    unit: str
    threshold: float
    step: float | None
    surcharge: float
    upper: float | None
    upper_surcharge: float | None
    document: str
    date: str
    status: str


def _num(text: str) -> float | None:
    return float(text) if text.strip() else None


@lru_cache(maxsize=1)
def rules() -> dict[str, TieredRule]:
    out = {}
    for r in csv_rows("carbonpeak.review", "data", "tiered_price.csv"):
        out[r["rule"]] = TieredRule(
            r["rule"],
            r["industry"],
            r["measure"],
            r["unit"],
            float(r["threshold"]),
            _num(r["step"]),
            float(r["surcharge_yuan_per_kwh"]),
            _num(r["upper"]),
            _num(r["upper_surcharge"]),
            r["document"],
            r["date"],
            r["status"],
        )
    return out


def rule(name: str) -> TieredRule:
    try:
        return rules()[name]
    except KeyError:
        raise InputError(
            f"未知阶梯电价规则 / unknown rule {name!r} ({', '.join(rules())})"
        ) from None


def surcharge(r: TieredRule, unit_kwh_per_t: float, electricity_kwh: float) -> tuple[float, float]:
    """(surcharge yuan/kWh, amount yuan) for a unit consumption and its electricity."""
    over = unit_kwh_per_t - r.threshold
    if over <= 0:
        return 0.0, 0.0
    if r.step:
        rate = math.ceil(round(over / r.step, 9)) * r.surcharge
    elif r.upper is not None and r.upper_surcharge is not None and unit_kwh_per_t > r.upper:
        rate = r.upper_surcharge
    else:
        rate = r.surcharge
    rate = round(rate, 6)
    return rate, round(rate * electricity_kwh, 2)
