"""Unit-product energy consumption (单位产品能耗) against limits, all of them data:

- the plan's own process limits: the parser's ``benchmarks`` (烧结工序能耗≤45kgce/t, 已建焦化
  ≤135, 新建焦化≤110, 炼铁≤435 (鼓励≤361), 炼钢≤−30 kgce/t, 电解铝电耗≤13000 kWh/t, 水泥熟料
  <100 kgce/t), as stored in ``plan_benchmarks``;
- national limit standards by grade (``data/national_limits.csv``: 1级 advanced, 2级 new-build
  entry, 3级 limit for existing plants), each row with its standard and source; base values,
  before the standards' corrections (ore grade, volatile matter, altitude ...).

A limit written in kWh/t (电耗) is compared with the electricity of the process per tonne; one
in kgce/t with its energy in standard coal per tonne. Pure: no database.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Protocol

from carbonpeak.core.bundled import csv_rows
from carbonpeak.core.units import quantity

Metric = Literal["energy", "electricity"]
CANONICAL: dict[Metric, str] = {"energy": "kgce/t", "electricity": "kWh/t"}
_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
}
_PREFIXES = ("已建", "新建", "现有")


@dataclass(frozen=True, slots=True)
class Limit:
    """One limit: ``value`` in ``unit`` with its comparator, where it comes from, and grade
    (``plan``, ``plan-encouraged`` for a 鼓励 value, or a national grade ``1``/``2``/``3``)."""

    process: str
    indicator: str
    value: float
    unit: str
    comparator: str
    grade: str
    source: str
    note: str = ""

    @property
    def metric(self) -> Metric:
        return "electricity" if "kwh" in self.unit.lower() else "energy"

    @property
    def canonical_value(self) -> float:
        """The value in kgce/t or kWh/t."""
        return _canonical(self.value, self.unit, CANONICAL[self.metric])

    @property
    def binding(self) -> bool:
        """A limit whose breach is an alert: the plan's own, or the national 3级 limit."""
        return self.grade in ("plan", "3")

    def met_by(self, value: float) -> bool:
        return _COMPARE[self.comparator](value, self.canonical_value)

    def describe(self) -> str:
        """As people read a limit: 烧结工序单位产品能耗 ≤ 45 kgce/t（方案限额）."""
        symbol = {"<=": "≤", ">=": "≥", "<": "<", ">": ">", "=": "="}.get(self.comparator, "")
        grade = {"plan": "方案限额", "plan-encouraged": "方案鼓励值"}.get(
            self.grade, f"国家标准 {self.grade} 级"
        )
        return f"{self.indicator} {symbol or self.comparator} {self.value:g} {self.unit}（{grade}）"


@lru_cache(maxsize=1024)
def _canonical(value: float, unit: str, target: str) -> float:
    return float(quantity(value, unit).to(target).magnitude)


class BenchmarkLike(Protocol):
    process: str
    indicator: str
    value: float
    unit: str
    comparator: str
    aspirational: bool
    source_text: str


def family(process: str) -> str:
    """The process without 已建/新建 (已建焦化工序 -> 焦化工序), for national limits."""
    for prefix in _PREFIXES:
        if process.startswith(prefix):
            return process[len(prefix) :]
    return process


def plan_limits(benchmarks: Iterable[BenchmarkLike], plan_title: str = "") -> list[Limit]:
    """The plan benchmarks that limit a consumption (能耗 / 电耗); others (TRT发电量) are not."""
    limits = []
    for b in benchmarks:
        if "能耗" not in b.indicator and "电耗" not in b.indicator:
            continue
        if b.comparator not in _COMPARE:
            continue
        limits.append(
            Limit(
                process=b.process,
                indicator=b.indicator,
                value=b.value,
                unit=b.unit,
                comparator=b.comparator,
                grade="plan-encouraged" if b.aspirational else "plan",
                source=f"{plan_title}: {b.source_text}" if plan_title else b.source_text,
            )
        )
    return limits


@lru_cache(maxsize=1)
def national_limits() -> tuple[Limit, ...]:
    """The bundled national grade values (``data/national_limits.csv``)."""
    rows = csv_rows("carbonpeak.monitoring", "data", "national_limits.csv")
    return tuple(
        Limit(
            process=r["process"],
            indicator=r["indicator"],
            value=float(r["value"]),
            unit=r["unit"],
            comparator=r["comparator"],
            grade=r["grade"],
            source=f"{r['standard']}: {r['source']}",
            note=r["note"],
        )
        for r in rows
    )


def limits_for(process: str, limits: Iterable[Limit]) -> list[Limit]:
    """Limits of ``process`` (the plan's name exactly; national ones by process family)."""
    fam = family(process)
    return [lim for lim in limits if lim.process == process or lim.process == fam]


@dataclass(frozen=True, slots=True)
class Check:
    limit: Limit
    value: float
    met: bool


@dataclass(frozen=True, slots=True)
class Classification:
    """A process's unit consumption of one period against its limits."""

    process: str
    checks: tuple[Check, ...]

    @property
    def exceeded(self) -> tuple[Check, ...]:
        """Binding limits not met (plan limits, national 3级)."""
        return tuple(c for c in self.checks if c.limit.binding and not c.met)

    @property
    def grade(self) -> str | None:
        """Best national grade met (``1`` best), None if none is met or none applies."""
        met = sorted(c.limit.grade for c in self.checks if c.limit.grade.isdigit() and c.met)
        return met[0] if met else None

    @property
    def status(self) -> str:
        if not self.checks:
            return "no_limit"
        return "exceeded" if self.exceeded else "within"


def classify(
    process: str, values: dict[Metric, float | None], limits: Sequence[Limit]
) -> Classification:
    """Check ``values`` (kgce/t and kWh/t of one period; None where not computable)."""
    checks = []
    for lim in limits_for(process, limits):
        value = values.get(lim.metric)
        if value is None:
            continue
        checks.append(Check(lim, value, lim.met_by(value)))
    return Classification(process, tuple(checks))


def unit_consumption(
    *, energy_tce: float, electricity_kwh: float | None, output_t: float
) -> dict[Metric, float | None]:
    """kgce/t and kWh/t of one period; both None when there was no output (no division by 0).

    >>> unit_consumption(energy_tce=45.0, electricity_kwh=None, output_t=1000.0)["energy"]
    45.0
    """
    if output_t <= 0:
        return {"energy": None, "electricity": None}
    return {
        "energy": energy_tce * 1000.0 / output_t,
        "electricity": None if electricity_kwh is None else electricity_kwh / output_t,
    }
