"""Uncertainty of inventory totals by IPCC approach 1 (error propagation).

For a product (activity × NCV × carbon content × oxidation ...) the relative uncertainties
combine as a root-sum-square: U = √(U₁² + U₂² + ...). For a sum the absolute uncertainties
combine as a root-sum-square: U_total = √(Σ (Uᵢ × xᵢ)²) / |Σ xᵢ|. (IPCC 2006 Vol. 1 ch. 3,
approach 1; it assumes independent inputs and relative uncertainties below about 60 %.)

Inputs: the ``uncertainty_pct`` of each activity record and factor record (an ``uncertainty_pct``
column in the factor data, where the source gives one), else defaults passed by the caller per
parameter (``{"ncv": 5, "carbon_content": 3}``) and for activity data. A term with an input of
unknown uncertainty is listed in ``missing`` and left out of the combination; ``complete`` says
whether every term was covered. GWPs are not treated as uncertain (reporting convention).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from carbonpeak.inventory.model import ActivityRecord, Inventory
from carbonpeak.inventory.trace import NotAvailable, Traced


def combine_product(relative_pcts: Sequence[float]) -> float:
    """Relative uncertainty (%) of a product of independent inputs: √(Σ Uᵢ²)."""
    return math.sqrt(math.fsum(u * u for u in relative_pcts))


def combine_sum(values: Sequence[float], relative_pcts: Sequence[float]) -> float | None:
    """Relative uncertainty (%) of a sum: √(Σ (Uᵢ xᵢ)²) / |Σ xᵢ|; None if the sum is 0."""
    s = math.fsum(values)
    if s == 0:
        return None
    absolute = math.sqrt(
        math.fsum((u * x) ** 2 for u, x in zip(relative_pcts, values, strict=True))
    )
    return absolute / abs(s)


@dataclass(frozen=True, slots=True)
class Term:
    """One product term: its value, the uncertainties of its inputs, and the combination."""

    value: float
    activity_ids: tuple[str, ...]
    inputs: tuple[tuple[str, float | None], ...]
    relative_pct: float | None


@dataclass(frozen=True, slots=True)
class Uncertainty:
    value: float
    unit: str
    relative_pct: float | None
    absolute: float | None
    terms: tuple[Term, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def propagate(
    traced: Traced,
    activity: Mapping[str, ActivityRecord],
    *,
    activity_pct: float | None = None,
    factor_pct: Mapping[str, float] | None = None,
) -> Uncertainty:
    """Approach-1 uncertainty of a traced sum of products."""
    defaults = factor_pct or {}
    terms: list[Term] = []
    missing: list[str] = []
    for leaf in traced.leaves():
        inputs: list[tuple[str, float | None]] = []
        for aid in leaf.activity_ids:
            rec = activity.get(aid)
            pct = rec.uncertainty_pct if rec and rec.uncertainty_pct is not None else activity_pct
            inputs.append((f"activity {aid}", pct))
        for use in leaf.factors:
            factor = use.record
            if factor.parameter == "gwp":
                continue
            pct = factor.uncertainty_pct
            if pct is None:
                pct = defaults.get(factor.id, defaults.get(factor.parameter))
            inputs.append((f"{use.role} {factor.id}", pct))
        known = [p for _, p in inputs if p is not None]
        rel = combine_product(known) if len(known) == len(inputs) else None
        if rel is None:
            unknown = ", ".join(name for name, p in inputs if p is None)
            missing.append(
                f"{leaf.formula} [{', '.join(leaf.activity_ids)}]: no uncertainty for {unknown}"
            )
        terms.append(Term(leaf.value, leaf.activity_ids, tuple(inputs), rel))
    covered = [t for t in terms if t.relative_pct is not None]
    values = [t.value for t in covered]
    rel_total = combine_sum(values, [t.relative_pct or 0.0 for t in covered]) if covered else None
    absolute = None if rel_total is None else rel_total * abs(math.fsum(values)) / 100.0
    return Uncertainty(traced.value, traced.unit, rel_total, absolute, tuple(terms), tuple(missing))


def uncertainty(
    inv: Inventory,
    region: str,
    year: int,
    total_name: str = "territorial",
    *,
    activity_pct: float | None = None,
    factor_pct: Mapping[str, float] | None = None,
) -> Uncertainty | NotAvailable:
    """Approach-1 uncertainty of a named total of the inventory."""
    measure = inv.total(region, year, total_name)
    if isinstance(measure, NotAvailable):
        return measure
    return propagate(
        measure, inv.activity_by_id(), activity_pct=activity_pct, factor_pct=factor_pct
    )
