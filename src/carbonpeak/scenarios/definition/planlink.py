"""The link from scenarios to the parsed plan (方案目标): ``plan("2.1.1-6:t1")`` in an expression
reads the value of that target (or benchmark ``…:b1``) of the bundled Liupanshui plan, so each
YAML file shows which target feeds which branch. The value is in the variable's unit; a target in
percent reads as its number in percent (``15`` for 15 %), for use in arithmetic.

The plan is parsed from the bundled text with the platform's own parser
(:func:`carbonpeak.plan.parser.parse_text`); no number is copied by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import quantity
from carbonpeak.plan import Plan, parse_text
from carbonpeak.scenarios.definition.units import factor, unit_expression

DEFAULT_PLAN = "liupanshui_carbon_peak_plan_2023.txt"


@dataclass(frozen=True)
class PlanLink:
    """Target and benchmark ids → pint quantity, and their year, comparator and indicator."""

    title: str
    quantities: dict[str, Any]
    meta: dict[str, dict[str, Any]]

    def value(self, ref: str, unit: str) -> float:
        q = self.quantities.get(ref)
        if q is None:
            raise InputError(f"方案中没有目标 / the plan has no target {ref!r}")
        if str(q.units) == "percent":
            return float(q.magnitude)  # a percent target reads as its number: 15 for 15 %
        return float(q.magnitude) * factor((str(q.units),), unit_expression(unit))

    def lookup(self) -> Callable[[str, str], float]:
        return self.value


def link(plan: Plan) -> PlanLink:
    quantities: dict[str, Any] = {}
    meta: dict[str, dict[str, Any]] = {}
    for t in plan.targets:
        if t.quantity is not None:
            quantities[t.id] = quantity(t.quantity.magnitude, t.quantity.unit)
            meta[t.id] = {
                "year": t.year,
                "comparator": t.comparator,
                "indicator": t.indicator,
                "text": t.source_text,
            }
    for b in plan.benchmarks:
        if b.quantity is not None:
            quantities[b.id] = quantity(b.quantity.magnitude, b.quantity.unit)
            meta[b.id] = {
                "year": None,
                "comparator": b.comparator,
                "indicator": b.indicator,
                "text": b.source_text,
            }
    return PlanLink(plan.title, quantities, meta)


@cache
def bundled() -> PlanLink:
    """The bundled plan (the Liupanshui 碳达峰实施方案, public-comment draft 2023)."""
    text = (resources.files("carbonpeak.data") / DEFAULT_PLAN).read_text(encoding="utf-8")
    return link(parse_text(text))
