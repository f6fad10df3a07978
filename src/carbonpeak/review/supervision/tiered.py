"""阶梯电价/差别电价 the tiered and differential electricity price surcharges of energy-intensive
industries, the rules as data (``data/tiered_price.csv``, each with its document, status and
the page it was read on). A rule's ``basis``:

- ``absolute``: tiers ``threshold:rate``; the rate of the highest threshold exceeded
  (electrolytic aluminium 2013: 13,700 +0.02, 13,800 +0.08 yuan/kWh);
- ``step``: ``step_surcharge`` for each ``step`` (a part counts as a whole step) above
  ``limit`` (electrolytic aluminium, 发改价格〔2021〕1239号);
- ``pct_over_limit``: tiers ``percent:rate`` by how far the unit consumption exceeds ``limit``
  (cement 75号 on GB 16780, steel 2803号 on GB 21256-2013 — their national tiers and rates were
  not found in any text read; where the limit is known, cement from 2023 at GB 16780-2021 3级
  61 kWh/t, a plant within it owes nothing (第一档) and one above it gets no figure);
- ``category``: a rate by the plant's category (steel 差别电价 2803号: 淘汰类 0.5, 限制类 0.1;
  cement 差别电价 880号: 淘汰类 clinker 0.4 yuan/kWh).

>>> surcharge(rule("aluminium_2013"), 13750.0, 1e6)
(0.02, 20000.0)
>>> surcharge(rule("aluminium_2021"), 13671.0, 1e6)
(0.02, 20000.0)
>>> surcharge(rule("aluminium_2021"), 13600.0, 1e6)
(0.0, 0.0)
>>> surcharge(rule("steel_2016_differential"), None, 1e6, category="淘汰类")
(0.5, 500000.0)
>>> surcharge(rule("cement_2014_differential"), None, 1e6, category="淘汰类")
(0.4, 400000.0)
>>> surcharge(rule("cement_2016"), 70.0, 1e6) is None  # limit and rates not verified
True
>>> surcharge(rule("cement_2023"), 58.0, 1e6)  # within GB 16780-2021 3级 61 kWh/t: 第一档
(0.0, 0.0)
>>> surcharge(rule("cement_2023"), 63.0, 1e6) is None  # above it: the rates are not known
True
>>> from dataclasses import replace  # bands entered once read (these two are made up):
>>> banded = replace(rule("cement_2023"), tiers=(("0", 0.1), ("10", 0.2)))
>>> surcharge(banded, 63.0, 1e6), surcharge(banded, 70.0, 1e6)  # 3.3 % and 14.8 % over 61
((0.1, 100000.0), (0.2, 200000.0))
>>> applicable("3216", 2025)[0].rule  # the latest rule not UNVERIFIED
'aluminium_2023'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from carbonpeak.core.bundled import csv_rows
from carbonpeak.core.errors import InputError

BASES = ("absolute", "step", "pct_over_limit", "category")


@dataclass(frozen=True)
class TieredRule:
    rule: str
    industry: str
    measure: str
    metric: str  # kwh_per_t | kgce_per_t | category
    unit: str
    basis: str
    limit: float | None
    tiers: tuple[tuple[str, float], ...]
    step: float | None
    step_surcharge: float | None
    valid_from: int
    valid_to: int | None
    document: str
    date: str
    status: str
    url: str
    note: str

    @property
    def threshold(self) -> float | None:
        """Where a surcharge starts (the limit, else the lowest tier)."""
        if self.limit is not None:
            return self.limit
        numeric = [float(k) for k, _ in self.tiers if _is_number(k)]
        return min(numeric) if numeric else None

    @property
    def computable(self) -> bool:
        if self.basis == "category":
            return bool(self.tiers)
        if self.basis == "step":
            return None not in (self.limit, self.step, self.step_surcharge)
        if self.basis == "pct_over_limit":
            return self.limit is not None and bool(self.tiers)
        return bool(self.tiers)

    def covers(self, industry: str, year: int) -> bool:
        return industry.startswith(self.industry) and (
            self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)
        )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _num(text: str) -> float | None:
    return float(text) if text.strip() else None


def _tiers(text: str) -> tuple[tuple[str, float], ...]:
    out = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        key, _, rate = part.rpartition(":")
        out.append((key, float(rate)))
    return tuple(out)


@lru_cache(maxsize=1)
def rules() -> dict[str, TieredRule]:
    out = {}
    for r in csv_rows("carbonpeak.review", "data", "tiered_price.csv"):
        if r["basis"] not in BASES:
            raise ValueError(f"tiered_price.csv {r['rule']}: unknown basis {r['basis']!r}")
        out[r["rule"]] = TieredRule(
            rule=r["rule"],
            industry=r["industry"],
            measure=r["measure"],
            metric=r["metric"],
            unit=r["unit"],
            basis=r["basis"],
            limit=_num(r["limit"]),
            tiers=_tiers(r["tiers"]),
            step=_num(r["step"]),
            step_surcharge=_num(r["step_surcharge"]),
            valid_from=int(r["valid_from"]),
            valid_to=int(r["valid_to"]) if r["valid_to"].strip() else None,
            document=r["document"],
            date=r["date"],
            status=r["status"],
            url=r["url"],
            note=r["note"],
        )
    return out


def rule(name: str) -> TieredRule:
    try:
        return rules()[name]
    except KeyError:
        raise InputError(
            f"未知阶梯电价规则 / unknown rule {name!r} ({', '.join(rules())})"
        ) from None


def applicable(industry: str, year: int, *, category: bool = False) -> list[TieredRule]:
    """The rules for an industry code and year, latest first; UNVERIFIED rules last (they are
    never chosen automatically). ``category``: the differential (by category) rules instead of
    the unit-consumption ones."""
    found = [
        r
        for r in rules().values()
        if r.covers(industry, year) and (r.basis == "category") == category
    ]
    return sorted(found, key=lambda r: (r.status == "UNVERIFIED", -r.valid_from))


def later_unverified(industry: str, year: int) -> list[TieredRule]:
    return [r for r in applicable(industry, year) if r.status == "UNVERIFIED"]


def surcharge(
    r: TieredRule,
    value: float | None,
    electricity_kwh: float,
    *,
    category: str | None = None,
) -> tuple[float, float] | None:
    """(surcharge yuan/kWh, amount yuan) for a unit consumption (or a category) and the
    electricity it applies to; None where the rule's limit or rates are not known. At or below
    a known limit nothing is owed even where the rates above it are unknown (第一档, 不加价)."""
    known_limit = r.basis == "pct_over_limit" and r.limit is not None
    if known_limit and value is not None and r.limit is not None and value <= r.limit:
        return 0.0, 0.0
    if not r.computable:
        return None
    if r.basis == "category":
        rates = dict(r.tiers)
        if category is None or category not in rates:
            return 0.0, 0.0
        rate = rates[category]
    else:
        if value is None:
            return None
        if r.basis == "step":
            assert r.limit is not None and r.step and r.step_surcharge is not None
            over = value - r.limit
            rate = math.ceil(round(over / r.step, 9)) * r.step_surcharge if over > 0 else 0.0
        else:
            measure = value
            if r.basis == "pct_over_limit":
                assert r.limit is not None
                measure = 100 * (value - r.limit) / abs(r.limit) if r.limit else 0.0
                if value <= r.limit:
                    return 0.0, 0.0
            exceeded = [rate for k, rate in r.tiers if _is_number(k) and measure > float(k)]
            rate = exceeded[-1] if exceeded else 0.0
    rate = round(rate, 6)
    return rate, round(rate * electricity_kwh, 2)
