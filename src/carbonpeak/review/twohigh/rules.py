"""分类处置: keep a plant at the benchmark, upgrade one between benchmark and baseline, upgrade or
phase out one below the baseline (levels and deadlines in ``data/disposal.csv``).

>>> disposal(132.0, 110.0, 135.0)[:2]  # between: encouraged, no deadline (2023 edition)
('改造升级（鼓励） encouraged to upgrade toward the benchmark', '')
>>> disposal(140.0, 110.0, 135.0)[1]  # below the baseline: the 25 areas by end-2025
'2025-12-31'
>>> disposal(None, 110.0, 135.0)[0]
'待核定 no unit consumption'
"""

from __future__ import annotations

from functools import lru_cache

from carbonpeak.core.bundled import csv_rows


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    return {r["level"]: r for r in csv_rows("carbonpeak.review", "data", "disposal.csv")}


def disposal(
    value: float | None, benchmark: float | None, baseline: float | None
) -> tuple[str, str, str]:
    """(disposal, deadline, source) for a unit consumption against 标杆/基准."""
    if value is None or benchmark is None or baseline is None:
        return "待核定 no unit consumption", "", ""
    level = "benchmark" if value <= benchmark else "between" if value <= baseline else "baseline"
    row = _table()[level]
    return row["disposal"], row["deadline"], row["source"]
