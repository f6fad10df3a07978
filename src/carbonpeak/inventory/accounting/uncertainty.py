"""Uncertainty of inventory totals by IPCC approach 1 (error propagation).

For a product (activity × NCV × carbon content × oxidation ...) the relative uncertainties
combine as a root-sum-square: U = √(U₁² + U₂² + ...). For a sum the absolute uncertainties
combine as a root-sum-square: U_total = √(Σ (Uᵢ × xᵢ)²) / |Σ xᵢ|. (IPCC 2006 Vol. 1 ch. 3,
approach 1, equations 3.1 and 3.2; it assumes independent inputs and relative uncertainties
below about 60 %. Terms that share one factor record are treated as independent here, which
understates the total where one factor dominates; the forest stock-change term treats its two
stock volumes as two independent inputs of a product, an approximation for a difference.)

Inputs of a factor, first found wins: the record's own ``uncertainty_pct`` (a measured or user
factor may carry one); the caller's default for that record id; the **sourced range** of the
fuel and parameter (:func:`carbonpeak.factors.factor_range`: IPCC 2006 Vol. 2 ch. 1 Tables
1.2/1.4 95 % bounds, the larger side over the default; applied to a Chinese guideline's value of
the same fuel and parameter as the nearest sourced range, and named in ``ranges``); the
caller's default for the parameter (``{"ncv": 5}``, a user guess, after the sourced ranges);
else the term is listed in ``missing`` with the reason no sourced range applies (e.g. IPCC has
no row for 原煤) and left out of the combination. ``sourced=False`` skips the sourced ranges.
Activity data: the record's ``uncertainty_pct``, else the caller's ``activity_pct``.
``complete`` says whether every term was covered. GWPs are not treated as uncertain (reporting
convention). A CO2e term is the gas term scaled by its GWP (the relative uncertainty is that of
the gas term).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from carbonpeak.core.errors import InputError
from carbonpeak.factors import PARAMETERS, factor_range, why_not_available
from carbonpeak.inventory.accounting.result import Inventory
from carbonpeak.inventory.accounting.trace import NotAvailable, Traced
from carbonpeak.inventory.model import ActivityRecord


def combine_product(relative_pcts: Sequence[float]) -> float:
    """Relative uncertainty (%) of a product of independent inputs: √(Σ Uᵢ²).

    >>> combine_product([3.0, 4.0])
    5.0
    """
    return math.sqrt(math.fsum(u * u for u in relative_pcts))


def combine_sum(values: Sequence[float], relative_pcts: Sequence[float]) -> float | None:
    """Relative uncertainty (%) of a sum: √(Σ (Uᵢ xᵢ)²) / |Σ xᵢ|; None if the sum is 0.

    >>> round(combine_sum([30.0, 40.0], [10.0, 10.0]), 6)  # √(3² + 4²) = 5 t over 70 t
    7.142857
    """
    s = math.fsum(values)
    if s == 0:
        return None
    absolute = math.sqrt(
        math.fsum((u * x) ** 2 for u, x in zip(relative_pcts, values, strict=True))
    )
    return absolute / abs(s)


@dataclass(frozen=True, slots=True)
class Defaults:
    """Uncertainties (%, half the 95 % interval over the mean) used where a record has none.

    ``factor_pct`` keys are factor record ids or parameter names (``ncv``); a record id wins.
    ``source`` says where the numbers come from (shown with the result).
    """

    activity_pct: float | None = None
    factor_pct: Mapping[str, float] = field(default_factory=dict)
    source: str = ""
    #: Use the sourced ranges (IPCC 2006 Tables 1.2/1.4) before parameter defaults.
    sourced: bool = True

    def as_json(self) -> dict[str, Any]:
        return {
            "activity_pct": self.activity_pct,
            "factor_pct": dict(self.factor_pct),
            "source": self.source,
            "sourced_ranges": self.sourced,
        }


def _pct(value: object, where: str) -> float:
    try:
        pct = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(f"不确定性应为数字 / {where}: not a number: {value!r}") from None
    if not math.isfinite(pct) or pct < 0:
        raise InputError(f"不确定性应为非负数 / {where}: not a non-negative number: {value!r}")
    return pct


def _key(name: str, where: str) -> str:
    key = name.strip()
    if key in PARAMETERS or "/" in key:
        return key
    raise InputError(
        f"未知参数 / {where}: unknown parameter {name!r} (a factor record id or one of "
        f"{', '.join(PARAMETERS)})"
    )


def parse_defaults(data: Mapping[str, Any], *, source: str = "") -> Defaults:
    """Defaults from JSON ``{"activity_pct": 5, "factor_pct": {"ncv": 5}, "source": "..."}``."""
    if not isinstance(data, Mapping):
        raise InputError("不确定性默认值应为 JSON 对象 / uncertainty defaults: not a JSON object")
    unknown = sorted(set(data) - {"activity_pct", "factor_pct", "source", "sourced_ranges"})
    if unknown:
        raise InputError(
            f"未知字段 / uncertainty defaults: unknown field(s) {', '.join(unknown)} "
            "(allowed: activity_pct, factor_pct, source, sourced_ranges)"
        )
    sourced = data.get("sourced_ranges", True)
    if not isinstance(sourced, bool):
        raise InputError("sourced_ranges 应为 true/false / field sourced_ranges: not a boolean")
    raw = data.get("activity_pct")
    activity = None if raw is None else _pct(raw, "field activity_pct")
    factors = data.get("factor_pct") or {}
    if not isinstance(factors, Mapping):
        raise InputError("factor_pct 应为对象 / field factor_pct: not an object {parameter: pct}")
    parsed = {
        _key(str(k), f"factor_pct.{k}"): _pct(v, f"field factor_pct.{k}")
        for k, v in factors.items()
    }
    return Defaults(activity, parsed, str(data.get("source") or source), sourced)


def parse_pairs(pairs: Sequence[str]) -> dict[str, float]:
    """``["ncv=5", "carbon_content=3"]`` -> ``{"ncv": 5.0, "carbon_content": 3.0}``."""
    out: dict[str, float] = {}
    for text in pairs:
        name, sep, value = text.partition("=")
        if not sep:
            raise InputError(f"应为 参数=百分比 / expected PARAMETER=PCT, got {text!r}")
        out[_key(name, text)] = _pct(value.strip(), text)
    return out


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
    #: (factor record id, citation of the sourced range used for it), once per record.
    ranges: tuple[tuple[str, str], ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing


def scaled_leaves(traced: Traced, k: float = 1.0) -> Iterator[tuple[Traced, float]]:
    """The bottom terms with the factor that carries each into ``traced``: 1 through sums, the
    GWP through a CO2e node (``CO2e = gas × GWP``: a node with a GWP factor use)."""
    if not traced.parts:
        yield traced, k
        return
    scale = 1.0
    if any(use.record.parameter == "gwp" for use in traced.factors):
        s = math.fsum(p.value for p in traced.parts)
        scale = traced.value / s if s != 0 else 1.0
    for part in traced.parts:
        yield from scaled_leaves(part, k * scale)


def propagate(
    traced: Traced,
    activity: Mapping[str, ActivityRecord],
    *,
    activity_pct: float | None = None,
    factor_pct: Mapping[str, float] | None = None,
    sourced: bool = True,
) -> Uncertainty:
    """Approach-1 uncertainty of a traced sum of products."""
    defaults = factor_pct or {}
    terms: list[Term] = []
    missing: list[str] = []
    used: dict[str, str] = {}
    for leaf, k in scaled_leaves(traced):
        inputs: list[tuple[str, float | None]] = []
        for aid in leaf.activity_ids:
            rec = activity.get(aid)
            pct = rec.uncertainty_pct if rec and rec.uncertainty_pct is not None else activity_pct
            inputs.append((f"activity {aid}", pct))
        why: list[str] = []
        for use in leaf.factors:
            factor = use.record
            if factor.parameter == "gwp":
                continue
            pct = factor.uncertainty_pct
            if pct is None:
                pct = defaults.get(factor.id)
            if pct is None and sourced:
                rng = factor_range(factor.fuel, factor.parameter)
                if rng is not None:
                    pct = rng.relative_pct
                    used.setdefault(factor.id, rng.citation)
            if pct is None:
                pct = defaults.get(factor.parameter)
            if pct is None:
                why.append(f"{factor.id}: {why_not_available(factor.fuel, factor.parameter)}")
            inputs.append((f"{use.role} {factor.id}", pct))
        known = [p for _, p in inputs if p is not None]
        rel = combine_product(known) if inputs and len(known) == len(inputs) else None
        if rel is None:
            unknown = ", ".join(name for name, p in inputs if p is None) or "no inputs recorded"
            reasons = f" ({'; '.join(why)})" if why else ""
            missing.append(
                f"{leaf.formula} [{', '.join(leaf.activity_ids)}]: no uncertainty for "
                f"{unknown}{reasons}"
            )
        terms.append(Term(leaf.value * k, leaf.activity_ids, tuple(inputs), rel))
    covered = [t for t in terms if t.relative_pct is not None]
    values = [t.value for t in covered]
    rel_total = combine_sum(values, [t.relative_pct or 0.0 for t in covered]) if covered else None
    absolute = None if rel_total is None else rel_total * abs(math.fsum(values)) / 100.0
    return Uncertainty(
        traced.value,
        traced.unit,
        rel_total,
        absolute,
        tuple(terms),
        tuple(missing),
        tuple(used.items()),
    )


def uncertainty(
    inv: Inventory,
    region: str,
    year: int,
    total_name: str = "territorial",
    *,
    activity_pct: float | None = None,
    factor_pct: Mapping[str, float] | None = None,
    activity: Mapping[str, ActivityRecord] | None = None,
    sourced: bool = True,
) -> Uncertainty | NotAvailable:
    """Approach-1 uncertainty of a named total of the inventory (``activity``: the inventory's
    records by id, when the caller already has them)."""
    measure = inv.total(region, year, total_name)
    if isinstance(measure, NotAvailable):
        return measure
    by_id = inv.activity_by_id() if activity is None else activity
    return propagate(
        measure, by_id, activity_pct=activity_pct, factor_pct=factor_pct, sourced=sourced
    )
