"""Year-to-date share of an annual budget and its warning level (``data/budget_warnings.csv``),
the share of the whole year's budget already used, the year-end projected from the pace so far,
and 等价值 usage from 当量值 usage and its electricity.

The year-to-date budget is the annual budget × the share of the year elapsed; the projected
year-end is usage ÷ the share elapsed (the pace so far held to 31 December).

>>> c = check(700.0, 1000.0, 0.5)
>>> c.ytd_warning, c.annual_warning, c.projected, c.overrun
('红色预警 100 %', None, 1400.0, True)
>>> c.alerts()[-1]
'预计年末超预算 1,400 > 1,000 (140.0 %) / projected year-end over budget 1,400 > 1,000 (140.0 %)'
>>> equal_value(1000.0, 122.9, 0.1229e-3, 305.5e-6)  # 1000 − 122.9 + 1e6 kWh × 305.5 g/kWh
1182.6

>>> ytd_share(450.0, 1200.0, 0.5)
0.75
>>> warning(0.93)
'橙色预警 90 %'
>>> warning(0.5) is None
True
>>> usage_basis(1500.0)  # a published figure is used when there is one
'published'
>>> usage_basis(None)
'monitored'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

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


def equal_value(
    equivalent_tce: float,
    electricity_equivalent_tce: float,
    equivalent_tce_per_kwh: float,
    coal_tce_per_kwh: float,
) -> float:
    """等价值: the 当量值 total with its electricity counted at the power-supply coal rate."""
    if not equivalent_tce_per_kwh:
        return equivalent_tce
    kwh = electricity_equivalent_tce / equivalent_tce_per_kwh
    return round(equivalent_tce - electricity_equivalent_tce + kwh * coal_tce_per_kwh, 6)


@dataclass(frozen=True)
class BudgetCheck:
    """One measure of one budget: usage against the year-to-date and the whole-year budget,
    and the year-end projected from the pace so far."""

    used: float
    annual: float
    elapsed: float
    ytd_share: float | None
    annual_share: float | None
    projected: float | None
    ytd_warning: str | None
    annual_warning: str | None
    overrun: bool

    def alerts(self) -> list[str]:
        """The alerts as ``中文 / English`` notes (a page shows its language's half)."""
        out = []
        if self.ytd_warning:
            out.append(f"进度 {self.ytd_warning} / year to date: {self.ytd_warning}")
        if self.annual_warning:
            out.append(
                f"全年预算 {self.annual_warning} / of the year's budget: {self.annual_warning}"
            )
        if self.overrun and self.projected is not None:
            share = 100 * self.projected / self.annual
            pct = f"{self.projected:,.0f} > {self.annual:,.0f} ({share:.1f} %)"
            out.append(f"预计年末超预算 {pct} / projected year-end over budget {pct}")
        return out

    def as_json(self) -> dict[str, Any]:
        def pct(x: float | None) -> float | None:
            return None if x is None else round(100 * x, 2)

        return {
            "budget": self.annual,
            "used": round(self.used, 3),
            "ytd_share_pct": pct(self.ytd_share),
            "annual_share_pct": pct(self.annual_share),
            "projected_year_end": None if self.projected is None else round(self.projected, 3),
            "ytd_warning": self.ytd_warning,
            "annual_warning": self.annual_warning,
            "projected_overrun": self.overrun,
            "alerts": self.alerts(),
        }


def check(used: float, annual: float, elapsed_share: float) -> BudgetCheck:
    ytd = ytd_share(used, annual, elapsed_share)
    whole = used / annual if annual > 0 else None
    projected = used / elapsed_share if elapsed_share > 0 else None
    return BudgetCheck(
        used=used,
        annual=annual,
        elapsed=elapsed_share,
        ytd_share=ytd,
        annual_share=whole,
        projected=projected,
        ytd_warning=warning(ytd),
        annual_warning=warning(whole),
        overrun=projected is not None and annual > 0 and projected > annual,
    )


#: Statistics indicators (``carbonpeak.statistics`` catalogue ids) that stand for a region's
#: energy usage in a budget year, the first one published wins, with what each covers. The
#: catalogue has no 能源消费总量 (total energy consumption) indicator yet; the 规模以上工业 figure
#: covers all industry above designated size, far more than the metered enterprises.
PUBLISHED_USAGE: tuple[tuple[str, str], ...] = (
    (
        "industry_energy",
        "规模以上工业全部用能单位，非全社会 / "
        "all industry above designated size, not the whole society",
    ),
)


def usage_basis(published: float | None) -> str:
    """Which usage the energy warning uses: ``published``, the published figure, when there is
    one (it covers every energy user of its scope, metered or not), ``monitored``, the metered
    sum, otherwise. Never averaged. The budget view shows the check of the basis named here."""
    return "monitored" if published is None else "published"
