"""GDP at constant prices of a stated base year (不变价), derived from published figures only.

How: the base year's GDP at current prices (当年价) *is* its GDP at constant base-year prices.
Each other year follows from the published growth rate at comparable prices (按可比价格计算的
比上年增长): ``GDP(y) = GDP(y-1) × (1 + g(y)/100)`` forward, ``GDP(y-1) = GDP(y) ÷ (1 +
g(y)/100)`` backward. The chain stops at the first year whose growth rate was not published:
nothing is interpolated. Every derived value names the figures it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from carbonpeak.statistics.model import PublishedValue, get_indicator, in_catalogue_unit

#: Ranking of versions when a year has several: a revision over a first release.
_RANK = {"preliminary": 0, "revised": 1}


@dataclass(frozen=True, slots=True)
class DerivedValue:
    region: str
    year: int
    indicator: str
    value: float
    unit: str
    #: How it was derived, in words with the numbers used.
    formula: str
    inputs: tuple[PublishedValue, ...]


def current(
    values: Iterable[PublishedValue], region: str, indicator: str
) -> dict[int, PublishedValue]:
    """The value used per year (a revision over a first release, then the later publication)."""
    out: dict[int, PublishedValue] = {}
    for v in values:
        if v.region != region or v.indicator != indicator:
            continue
        held = out.get(v.year)
        if held is None or (_RANK[v.status], v.source.published) >= (
            _RANK[held.status],
            held.source.published,
        ):
            out[v.year] = v
    return out


def constant_price_gdp(
    values: Iterable[PublishedValue], *, region: str, base_year: int
) -> dict[int, DerivedValue]:
    """GDP of ``region`` at constant ``base_year`` prices (亿元) for every year the published
    chain reaches; empty if the base year's GDP was not published."""
    pool = list(values)
    gdp = current(pool, region, "gdp")
    growth = current(pool, region, "gdp_growth")
    base = gdp.get(base_year)
    if base is None:
        return {}
    unit = get_indicator("gdp").unit
    level = in_catalogue_unit(get_indicator("gdp"), base.value, base.unit)
    out = {
        base_year: DerivedValue(
            region,
            base_year,
            "gdp",
            level,
            unit,
            f"{base_year} GDP at current prices = at constant {base_year} prices: "
            f"{level:.2f} {unit}",
            (base,),
        )
    }
    chain: tuple[PublishedValue, ...] = (base,)
    year, running = base_year, level
    while (g := growth.get(year + 1)) is not None:
        running *= 1 + g.value / 100
        year += 1
        chain = (*chain, g)
        rates = " × ".join(f"(1 + {c.value:g} %)" for c in chain[1:])
        text = f"{base_year} GDP {level:.2f} {unit} × {rates} (comparable-price growth to {year})"
        out[year] = DerivedValue(region, year, "gdp", running, unit, text, chain)
    chain = (base,)
    year, running = base_year, level
    while (g := growth.get(year)) is not None:
        running /= 1 + g.value / 100
        year -= 1
        chain = (*chain, g)
        rates = " ÷ ".join(f"(1 + {c.value:g} %)" for c in chain[1:])
        text = (
            f"{base_year} GDP {level:.2f} {unit} ÷ {rates} (comparable-price growth back to {year})"
        )
        out[year] = DerivedValue(region, year, "gdp", running, unit, text, chain)
    return dict(sorted(out.items()))
