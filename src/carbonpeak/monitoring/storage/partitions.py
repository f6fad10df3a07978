"""Monthly partitions of ``mon_readings`` (PostgreSQL) and the retention cutoff (pure).

A partition holds one CST month (the months of the monthly reports): ``mon_readings_p202601``
holds [2026-01-01 00:00+08, 2026-02-01 00:00+08).

>>> from datetime import datetime, UTC
>>> month_of(datetime(2026, 1, 31, 17, tzinfo=UTC))  # 2026-02-01 01:00 CST
(2026, 2)
>>> partition_name((2026, 2))
'mon_readings_p202602'
>>> months_between(datetime(2025, 11, 5, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC))
[(2025, 11), (2025, 12), (2026, 1)]
>>> cutoff_for(datetime(2026, 12, 6, tzinfo=UTC), "13m")
datetime.datetime(2025, 11, 1, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=28800)))
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone

from carbonpeak.core.errors import InputError

CST = timezone(timedelta(hours=8))
PREFIX = "mon_readings_p"
#: Raw readings younger than this are never deleted by retention (late packages, corrections
#: and the counter deltas at the cutoff need them), and the ingest check of the cutoff is only
#: made for batches reaching further back than this.
MIN_AGE = timedelta(days=62)
#: Readings are refused this close after a retention cutoff: the rollups of the first days after
#: it depend on readings before it (a counter's delta spans two readings), which are gone.
FROZEN_AFTER_CUTOFF = timedelta(days=2)

Month = tuple[int, int]


def month_of(ts: datetime) -> Month:
    local = ts.astimezone(CST)
    return local.year, local.month


def next_month(month: Month) -> Month:
    year, mon = month
    return (year + 1, 1) if mon == 12 else (year, mon + 1)


def month_start(month: Month) -> datetime:
    return datetime(month[0], month[1], 1, tzinfo=CST)


def months_between(lo: datetime | None, hi: datetime | None) -> list[Month]:
    """Every CST month from ``lo``'s to ``hi``'s (none when either is None)."""
    if lo is None or hi is None:
        return []
    a, b = month_of(lo), month_of(hi)
    return [(k // 12, k % 12 + 1) for k in range(a[0] * 12 + a[1] - 1, b[0] * 12 + b[1])]


def months_of(stamps: Iterable[datetime]) -> set[Month]:
    """The months of aware instants ``stamps``. When the first and the last fall in one month
    or in two months that follow each other, every instant falls in one of them: two
    conversions instead of one per instant (a bulk batch has thousands).

    >>> months_of([datetime(2026, 1, 31, 15, tzinfo=UTC), datetime(2026, 1, 31, 17, tzinfo=UTC)])
    {(2026, 1), (2026, 2)}
    >>> sorted(months_of([datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 5, 5, tzinfo=UTC)]))
    [(2026, 1), (2026, 5)]
    """
    instants = list(stamps)
    if not instants:
        return set()
    first, last = month_of(min(instants)), month_of(max(instants))
    if first == last or next_month(first) == last:
        return {first, last}
    return {month_of(ts) for ts in instants}


def partition_name(month: Month) -> str:
    return f"{PREFIX}{month[0]:04d}{month[1]:02d}"


def parse_partition(name: str) -> Month | None:
    """The month of a partition's name (None for another table)."""
    found = re.fullmatch(rf"{PREFIX}(\d{{4}})(\d{{2}})", name)
    return (int(found[1]), int(found[2])) if found else None


def create_sql(month: Month) -> str:
    """The DDL of one month's partition (idempotent)."""
    lo, hi = month_start(month), month_start(next_month(month))
    return (
        f"CREATE TABLE IF NOT EXISTS {partition_name(month)} PARTITION OF mon_readings "
        f"FOR VALUES FROM ('{lo.isoformat(' ')}') TO ('{hi.isoformat(' ')}')"
    )


_AGE = re.compile(r"(\d+)\s*([dmy])")


def cutoff_for(now: datetime, older_than: str) -> datetime:
    """The retention cutoff for ``--older-than``: ``400d``, ``13m`` (months), ``2y`` or a date
    ``YYYY-MM-DD``; always the start of a CST month (whole months go), never later than
    ``MIN_AGE`` before ``now``."""
    text = older_than.strip().lower()
    found = _AGE.fullmatch(text)
    if found:
        n, unit = int(found[1]), found[2]
        local = now.astimezone(CST)
        if unit == "d":
            point = now - timedelta(days=n)
        else:
            months = n * (12 if unit == "y" else 1)
            k = local.year * 12 + local.month - 1 - months
            point = datetime(k // 12, k % 12 + 1, 1, tzinfo=CST)
    else:
        try:
            point = datetime.fromisoformat(text)
        except ValueError:
            raise InputError(
                f"--older-than {older_than!r}: 应为 400d、13m、2y 或 YYYY-MM-DD / expected "
                "400d, 13m, 2y or a date YYYY-MM-DD"
            ) from None
        point = point if point.tzinfo else point.replace(tzinfo=CST)
    cutoff = month_start(month_of(point))
    if cutoff > now.astimezone(UTC) - MIN_AGE:
        raise InputError(
            f"--older-than {older_than!r}: 截止 {cutoff.date()} 太近，原始读数至少保留 "
            f"{MIN_AGE.days} 天 / cutoff {cutoff.date()} too recent: raw readings are kept at "
            f"least {MIN_AGE.days} days"
        )
    return cutoff
