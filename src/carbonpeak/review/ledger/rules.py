"""Substitution (等量/减量替代): an approved project debits its district's quota by its
dual-control energy (等价值) × the ratio of ``data/substitution.csv`` (two-high or not).

>>> required_debit(1000.0, two_high=True)
1200.0
>>> balance([("credit", 500.0), ("debit", 200.0)])
300.0

Derived credits (用能指标来源), in tce of dual-control energy (等价值) a year:

- a closure (关停、淘汰落后产能) frees the plant's whole annual energy;
- a retrofit (节能改造) frees the annual energy before minus after (nothing when none saved);
- new renewable supply (新增可再生能源, not counted in the total under 发改运行〔2022〕1258号)
  frees kWh × the year's power-supply coal rate.

>>> closure_credit(1200.0)
1200.0
>>> retrofit_credit(1200.0, 1000.0), retrofit_credit(1000.0, 1100.0)
(200.0, 0.0)
>>> renewable_credit(1e7, 305.5)  # 1e7 kWh × 305.5 gce/kWh = 3055 tce
3055.0
>>> annualised(100.0, 73)  # 73 metered days: Σ × 365 / 73
500.0
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from carbonpeak.core.bundled import csv_rows


@lru_cache(maxsize=1)
def ratios() -> dict[bool, tuple[float, str, str]]:
    return {
        r["two_high"] == "1": (float(r["ratio"]), r["rule"], r["source"])
        for r in csv_rows("carbonpeak.review", "data", "substitution.csv")
    }


def required_debit(dual_control_tce: float, *, two_high: bool) -> float:
    return dual_control_tce * ratios()[two_high][0]


def balance(entries: Iterable[tuple[str, float]]) -> float:
    """Σ credits − Σ debits."""
    return sum(tce if kind == "credit" else -tce for kind, tce in entries)


def closure_credit(annual_tce: float) -> float:
    return max(annual_tce, 0.0)


def retrofit_credit(before_tce: float, after_tce: float) -> float:
    return round(max(before_tce - after_tce, 0.0), 6)


def renewable_credit(kwh: float, coal_gce_per_kwh: float) -> float:
    return round(kwh * coal_gce_per_kwh * 1e-6, 6)


def annualised(total_tce: float, days: int) -> float:
    """A year of energy from the days metered (Σ × 365 ÷ days); 0 without days."""
    return round(total_tce * 365 / days, 6) if days > 0 else 0.0
