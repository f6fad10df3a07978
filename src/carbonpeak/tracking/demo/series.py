"""The invented value series of the tracking demo (示例数据，虚构), pure.

For each indicator the value of 2020 is put at a fixed share of its earliest dated target
(60 % below a ``>=`` target, 140 % above a ``<=`` target), and later years move towards the
target at one of four paces (ahead, on pace, a little behind, far behind). Counts (座, 家, 次,
台: one item each) are whole numbers: a statistician rejects 4.6 hydrogen stations.
"""

from __future__ import annotations

from typing import Protocol

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import quantity

YEARS = (2020, 2021, 2022, 2023, 2024)
#: Share of the planned change reached per year of the way, by pace (ahead … far behind).
PACES = (1.25, 1.0, 0.93, 0.5)


class DatedTarget(Protocol):
    """What :func:`series` reads of a plan target."""

    @property
    def value(self) -> float: ...
    @property
    def value_max(self) -> float | None: ...
    @property
    def year(self) -> int | None: ...
    @property
    def comparator(self) -> str: ...
    @property
    def change(self) -> str | None: ...


def counted(unit: str) -> bool:
    """Is ``unit`` a count of single items (座, 家, 个, 台, 次)?

    >>> counted("座"), counted("家"), counted("万头"), counted("%")
    (True, True, False, False)
    """
    try:
        q = quantity(1.0, unit)
    except InputError:
        return False
    return bool(q.is_compatible_with("item")) and float(q.to("item").magnitude) == 1.0


def series(target: DatedTarget, pace: float, *, whole: bool = False) -> list[tuple[int, float]]:
    """The invented values of 2020-2024; whole numbers where ``whole`` (a count)."""
    t = target.value
    year = target.year or 2025
    span = max(1, year - 2020)
    if target.change:  # a level that must fall (or rise) by t % from the base year
        base = 100.0
        goal = base * (1 - t / 100) if target.change == "decrease" else base * (1 + t / 100)
    elif target.comparator in ("<=", "<"):
        base, goal = t * 1.4, t
    elif target.comparator == "=" and target.value_max is not None:
        base, goal = 0.0, t
    else:
        base = t * 0.6 if t > 0 else 0.0
        goal = t
    out = []
    for y in YEARS:
        frac = min(1.3, pace * (y - 2020) / span)
        value = base + (goal - base) * frac
        out.append((y, float(round(value)) if whole else round(value, 4)))
    return out
