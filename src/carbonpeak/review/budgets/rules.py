"""Year-to-date share of an annual budget and its warning level (``data/budget_warnings.csv``).

The year-to-date budget is the annual budget × the share of the year elapsed.

>>> ytd_share(450.0, 1200.0, 0.5)
0.75
>>> warning(0.93)
'橙色预警 90 %'
>>> warning(0.5) is None
True
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from carbonpeak.core.bundled import csv_rows


@lru_cache(maxsize=1)
def levels() -> tuple[tuple[float, str], ...]:
    rows = csv_rows("carbonpeak.review", "data", "budget_warnings.csv")
    return tuple(sorted(((float(r["share"]), r["label"]) for r in rows), reverse=True))


def elapsed(until: date) -> float:
    """Share of the year elapsed at the end of ``until``."""
    start = date(until.year, 1, 1)
    days = (date(until.year + 1, 1, 1) - start).days
    return ((until - start).days + 1) / days


def ytd_share(used: float, annual: float, elapsed_share: float) -> float | None:
    budget = annual * elapsed_share
    return used / budget if budget > 0 else None


def warning(share: float | None) -> str | None:
    if share is None:
        return None
    return next((label for limit, label in levels() if share >= limit), None)
