"""Physical amounts to standard coal (tce) and CO2, through the shared factor library.

Nothing here holds a factor: every number comes from :mod:`carbonpeak.factors` (a
:class:`~carbonpeak.factors.resolve.FactorBook`), and every CO2 figure from the inventory's
combustion and scope-2 formulas (:mod:`carbonpeak.inventory.accounting.combustion`,
:mod:`carbonpeak.inventory.accounting.electricity`), so the monitoring and the accounting agree.

- tce: amount × 折标准煤系数 (GB/T 2589-2020 coefficients); where a fuel has no coefficient
  (blast-furnace and converter gas), amount × NCV ÷ 29.3076 GJ/tce, and the note says so.
- 综合能耗 comprehensive energy consumption (GB/T 2589): purchased + self-generated primary
  energy − transferred out. Secondary energy made on site (coke, gases, electricity, steam) is a
  conversion of energy already counted and is not added; ``consumed`` sub-meters feed process
  unit consumption, not the enterprise total.
- CO2: fossil fuels purchased or self-generated, net of those transferred out, burned at the
  enterprise (1.A.2 manufacturing factors), plus purchased electricity and heat × supply factor.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from carbonpeak.core.units import quantity, scale
from carbonpeak.factors import FactorBook, Resolution
from carbonpeak.inventory import (
    ActivityRecord,
    Collector,
    Context,
    compute_combustion,
    factor_chain,
    scope2,
)
from carbonpeak.monitoring.model import Purpose

#: 一次能源 primary energies: counted in comprehensive consumption when produced on site.
PRIMARY_ENERGIES = frozenset({"raw_coal", "crude_oil", "natural_gas", "coalbed_methane"})
SECTOR = "1.A.2"  # manufacturing and construction: enterprise combustion


@dataclass(frozen=True, slots=True)
class TceFactor:
    """Multiplier from an amount in ``unit`` of ``fuel`` to tce, and the record behind it."""

    fuel: str
    unit: str
    per_unit: float
    record_id: str
    note: str = ""


@dataclass
class Converter:
    """tce factors per (fuel, unit), resolved once from a factor book."""

    book: FactorBook = field(default_factory=FactorBook)
    _cache: dict[tuple[str, str], TceFactor | str] = field(default_factory=dict)

    def tce_factor(self, fuel: str, unit: str) -> TceFactor | str:
        """The factor, or the reason there is none (a gap to report, never a silent 0)."""
        key = (fuel, unit)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._resolve(fuel, unit)
            self._cache[key] = hit
        return hit

    def _resolve(self, fuel: str, unit: str) -> TceFactor | str:
        coef = self.book.lookup(fuel, "coal_coefficient", per=unit, gives="tce")
        if isinstance(coef, Resolution):
            return TceFactor(
                fuel, unit, coef.value * scale((unit, coef.unit), "tce"), coef.record.id
            )
        ncv = self.book.lookup(fuel, "ncv", per=unit, gives="GJ")
        if isinstance(ncv, Resolution):
            return TceFactor(
                fuel,
                unit,
                ncv.value * scale((unit, ncv.unit), "tce"),
                ncv.record.id,
                "no 折标准煤系数: NCV ÷ 29.3076 GJ/tce",
            )
        if fuel != "electricity" and quantity(1.0, unit).is_compatible_with("tce"):
            # an amount already given as energy (GJ of steam): 1 tce = 29.3076 GJ (units.txt)
            return TceFactor(fuel, unit, scale((unit,), "tce"), "units.txt: 1 tce = 29.3076 GJ")
        return (
            f"没有 {fuel} ({unit}) 的折标准煤系数 / no tce coefficient for {fuel} in {unit}: {coef}"
        )

    def tce(self, fuel: str, amount: float, unit: str) -> float | str:
        factor = self.tce_factor(fuel, unit)
        return factor if isinstance(factor, str) else amount * factor.per_unit


def comprehensive_sign(purpose: Purpose | str, fuel: str) -> int:
    """+1, −1 or 0: how an amount of ``fuel`` with ``purpose`` enters 综合能耗."""
    purpose = Purpose(purpose)
    if purpose == Purpose.PURCHASED:
        return 1
    if purpose == Purpose.TRANSFERRED_OUT:
        return -1
    if purpose == Purpose.SELF_GENERATED and fuel in PRIMARY_ENERGIES:
        return 1
    return 0


@dataclass(frozen=True, slots=True)
class Co2Result:
    """Enterprise CO2 (t) of one period: combustion, purchased electricity/heat, and gaps."""

    combustion_t: float
    indirect_t: float
    gaps: tuple[str, ...]

    @property
    def total_t(self) -> float:
        return self.combustion_t + self.indirect_t


def enterprise_co2(
    net_fuels: Mapping[str, tuple[float, str]],
    *,
    district: str,
    year: int,
    book: FactorBook | None = None,
) -> Co2Result:
    """CO2 of fuels burned (``fuel -> (amount, unit)``, net of transfers; electricity and heat
    are purchased amounts) through the inventory formulas, for the district's factor chain."""
    region = district or "CN"
    ctx = Context(region, year, factor_chain(region), book or FactorBook())
    records = [
        ActivityRecord(
            region=region,
            year=year,
            sector=SECTOR,
            fuel=fuel,
            quantity=quantity(amount, unit),
            source="monitoring",
        )
        for fuel, (amount, unit) in sorted(net_fuels.items())
        if amount > 0
    ]
    out = Collector()
    compute_combustion([r for r in records if r.fuel not in ("electricity", "heat")], ctx, out)
    scope2([r for r in records if r.fuel in ("electricity", "heat")], ctx, out)
    direct = [
        t.value
        for (cat, gas), parts in out.parts.items()
        for t in parts
        if gas == "CO2" and not cat.startswith("S2")
    ]
    indirect = [
        t.value
        for (cat, gas), parts in out.parts.items()
        for t in parts
        if gas == "CO2" and cat.startswith("S2")
    ]
    gaps = tuple(
        f"{cat}: {why}"
        for (cat, gas), items in out.gaps.items()
        if gas == "CO2"
        for _, why in items
    )
    return Co2Result(math.fsum(direct), math.fsum(indirect), gaps)


__all__ = [
    "PRIMARY_ENERGIES",
    "Co2Result",
    "Converter",
    "TceFactor",
    "comprehensive_sign",
    "enterprise_co2",
]
