"""Peak analysis (达峰分析) of an emission path: peak year and value, still rising in 2030?,
plateau (the years within 2 % of the peak).

A path whose maximum is its last year has not (yet) peaked inside the horizon: ``peaked`` is
False and the "peak" is only the last value. Works on one path (years,) or on many (N, years).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

PLATEAU_PCT = 2.0
CHECK_YEAR = 2030


@dataclass(frozen=True, slots=True)
class Peak:
    """The peak of one path (values in t)."""

    year: int
    value: float
    peaked: bool  # the maximum is before the last year of the horizon
    rising_in: bool  # emissions in CHECK_YEAR are above those of the year before
    check_year: int
    plateau: tuple[int, ...]  # years within plateau_pct of the peak value
    plateau_pct: float = PLATEAU_PCT

    def as_dict(self) -> dict[str, object]:
        """The JSON of the CLI and the API."""
        return {
            "year": self.year,
            "value_t": self.value,
            "peaked_within_horizon": self.peaked,
            f"rising_in_{self.check_year}": self.rising_in,
            "plateau_years": list(self.plateau),
            "plateau_pct": self.plateau_pct,
        }


def peak(
    years: Sequence[int],
    values: Sequence[float] | np.ndarray,
    *,
    check_year: int = CHECK_YEAR,
    plateau_pct: float = PLATEAU_PCT,
) -> Peak:
    """The peak of one path (the first year reaching the maximum)."""
    v = np.asarray(values, dtype=float)
    ys = list(years)
    if v.ndim != 1 or len(v) != len(ys) or not len(ys):
        raise ValueError("one value per year expected")
    i = int(np.argmax(v))
    top = float(v[i])
    limit = top - abs(top) * plateau_pct / 100.0
    plateau = tuple(y for y, x in zip(ys, v, strict=True) if x >= limit)
    rising = False
    if check_year in ys and ys.index(check_year) > 0:
        j = ys.index(check_year)
        rising = bool(v[j] > v[j - 1])
    return Peak(ys[i], top, i < len(ys) - 1, rising, check_year, plateau, plateau_pct)


def peak_years(years: Sequence[int], values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Peak year and peak value of each row of (N, years) (vectorised)."""
    v = np.atleast_2d(np.asarray(values, dtype=float))
    idx = np.argmax(v, axis=-1)
    return np.asarray(years)[idx], v[np.arange(v.shape[0]), idx]
