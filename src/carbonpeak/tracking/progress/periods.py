"""Reporting periods and value calendars (pure).

Progress reports (进展报告) are owed per task for every quarter (季度) and every year (年度):
a quarterly report is due ``QUARTERLY_DUE_DAYS`` days after the quarter ends, the annual one
``ANNUAL_DUE_DAYS`` days after the year ends. Indicator values are expected per period of the
indicator's frequency, ``lag_days`` after the period ends (statistics come out later).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from carbonpeak.core.errors import InputError
from carbonpeak.tracking.model import FREQUENCIES, PeriodKind

QUARTERLY_DUE_DAYS = 15
ANNUAL_DUE_DAYS = 31


@dataclass(frozen=True)
class Period:
    key: str
    kind: PeriodKind
    year: int
    quarter: int | None
    starts_on: date
    ends_on: date
    due_on: date

    @property
    def label(self) -> str:
        if self.quarter:
            return f"{self.year}年第{self.quarter}季度 {self.year} Q{self.quarter}"
        return f"{self.year}年度 {self.year}"


def quarter_end(year: int, quarter: int) -> date:
    month = quarter * 3
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return nxt - timedelta(days=1)


def periods_for_year(
    year: int,
    *,
    quarterly_due_days: int = QUARTERLY_DUE_DAYS,
    annual_due_days: int = ANNUAL_DUE_DAYS,
) -> list[Period]:
    """The four quarters and the year, with their deadlines.

    >>> [p.key for p in periods_for_year(2024)]
    ['2024Q1', '2024Q2', '2024Q3', '2024Q4', '2024']
    >>> periods_for_year(2024)[0].due_on
    datetime.date(2024, 4, 15)
    """
    if not 2000 <= year <= 2100:
        raise InputError(f"year: 年份应在 2000–2100 之间 / must be within 2000-2100: {year}")
    out = []
    for q in range(1, 5):
        end = quarter_end(year, q)
        out.append(
            Period(
                key=f"{year}Q{q}",
                kind=PeriodKind.QUARTERLY,
                year=year,
                quarter=q,
                starts_on=date(year, 3 * q - 2, 1),
                ends_on=end,
                due_on=end + timedelta(days=quarterly_due_days),
            )
        )
    end = date(year, 12, 31)
    out.append(
        Period(
            key=str(year),
            kind=PeriodKind.ANNUAL,
            year=year,
            quarter=None,
            starts_on=date(year, 1, 1),
            ends_on=end,
            due_on=end + timedelta(days=annual_due_days),
        )
    )
    return out


def periods_started_by(as_of: date, *, since_year: int) -> list[Period]:
    """Every reporting period from ``since_year`` (the first year a plan's reporting was
    opened) that has started by ``as_of``: what a city has open on that day.

    >>> [p.key for p in periods_started_by(date(2026, 5, 1), since_year=2025)]
    ['2025Q1', '2025Q2', '2025Q3', '2025Q4', '2025', '2026Q1', '2026Q2', '2026']
    """
    return [
        p
        for year in range(since_year, as_of.year + 1)
        for p in periods_for_year(year)
        if p.starts_on <= as_of
    ]


def _period_ends(frequency: str, year: int) -> list[date]:
    if frequency == "annual":
        return [date(year, 12, 31)]
    if frequency == "quarterly":
        return [quarter_end(year, q) for q in range(1, 5)]
    if frequency == "monthly":
        return [
            (date(year, m + 1, 1) if m < 12 else date(year + 1, 1, 1)) - timedelta(days=1)
            for m in range(1, 13)
        ]
    raise InputError(f"frequency: 应为 {FREQUENCIES} 之一 / must be one of {FREQUENCIES}")


def expected_period_end(frequency: str, as_of: date, lag_days: int) -> date:
    """The end of the latest period whose value should be in by ``as_of``.

    >>> expected_period_end("annual", date(2024, 4, 1), 90)
    datetime.date(2023, 12, 31)
    >>> expected_period_end("annual", date(2024, 3, 1), 90)
    datetime.date(2022, 12, 31)
    """
    cutoff = as_of - timedelta(days=lag_days)
    for year in (cutoff.year, cutoff.year - 1):
        ends = [e for e in _period_ends(frequency, year) if e <= cutoff]
        if ends:
            return ends[-1]
    return date(cutoff.year - 1, 12, 31)
