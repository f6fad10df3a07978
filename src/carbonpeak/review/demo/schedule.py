"""ILLUSTRATIVE — when the review demo's inspection cases (节能监察, 示意数据) were opened and are
due, counted from the day the demo data is made, so that a demo made on any day shows open
cases with deadlines ahead and exactly one case overdue (the cement plant's, on purpose, its
findings say so). A case checks the metered year, so it is opened in the year after it, never
before 1 January; a deadline is never before its opening.

>>> dates = case_dates(date(2026, 12, 6), 2025)
>>> dates["coking"]
CaseDates(opened_on=datetime.date(2026, 10, 11), deadline=datetime.date(2027, 1, 17))
>>> dates["cement"]  # the deliberately overdue one
CaseDates(opened_on=datetime.date(2026, 9, 27), deadline=datetime.date(2026, 11, 22))
>>> dates["aluminium"]  # closed before its deadline
CaseDates(opened_on=datetime.date(2026, 9, 13), deadline=datetime.date(2026, 11, 8))

Early in January the openings stay on 1 January of the year after the metered one:

>>> case_dates(date(2026, 1, 10), 2025)["cement"]
CaseDates(opened_on=datetime.date(2026, 1, 1), deadline=datetime.date(2026, 1, 1))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

#: the case whose deadline is past on the day the demo is made
OVERDUE = "cement"

#: (weeks before the day the demo is made that the case is opened, weeks after that day that
#: it is due: negative, before it)
WEEKS: dict[str, tuple[int, int]] = {
    "coking": (8, 6),
    "cement": (10, -2),
    "aluminium": (12, -4),
}


@dataclass(frozen=True)
class CaseDates:
    opened_on: date
    deadline: date


def case_dates(today: date, year: int) -> dict[str, CaseDates]:
    """The demo cases' opening dates and deadlines, made on ``today``, of metered ``year``."""
    first = date(year + 1, 1, 1)
    out = {}
    for case, (before, after) in WEEKS.items():
        opened = max(today - timedelta(weeks=before), first)
        out[case] = CaseDates(opened, max(today + timedelta(weeks=after), opened))
    return out
