"""Substitution (等量/减量替代): an approved project debits its district's quota by its
dual-control energy (等价值) × the ratio of ``data/substitution.csv`` (two-high or not).

>>> required_debit(1000.0, two_high=True)
1200.0
>>> balance([("credit", 500.0), ("debit", 200.0)])
300.0
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
