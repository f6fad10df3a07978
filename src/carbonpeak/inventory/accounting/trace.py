"""Traced values: every number of an inventory carries how it was computed.

A :class:`Traced` is a float with its unit, the formula in words, the activity records and factor
records (with their sources and the records passed over) it used, the intermediate values, and —
for a sum — its parts. An explicit type: nothing is attached to floats or pint quantities.
:class:`NotAvailable` stands where a number cannot be given, with the reason (never a 0).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from carbonpeak.factors import FactorRecord, PassedOver, Resolution


@dataclass(frozen=True, slots=True)
class Step:
    """One intermediate value: ``energy = quantity × NCV = 209080 GJ``."""

    label: str
    value: float
    unit: str

    def __str__(self) -> str:
        return f"{self.label} = {self.value:.6g} {self.unit}"


_USES_MAX = 20_000
_USES: dict[tuple[str, int], tuple[Resolution, FactorUse]] = {}


@dataclass(frozen=True, slots=True)
class FactorUse:
    """A factor record as used in a formula (its role), with what precedence passed over."""

    role: str
    record: FactorRecord
    passed_over: tuple[PassedOver, ...] = ()
    proxy: str = ""
    filled: str = ""

    @classmethod
    def of(cls, role: str, res: Resolution) -> FactorUse:
        """The use of a resolution in a role; made once per (role, resolution) while the
        resolution is alive (the cache holds it, so its ``id`` cannot be reused meanwhile)."""
        key = (role, id(res))
        hit = _USES.get(key)
        if hit is not None and hit[0] is res:
            return hit[1]
        made = cls(role, res.record, res.relevant_passed_over(), res.proxy, res.filled)
        if len(_USES) >= _USES_MAX:
            _USES.clear()
        _USES[key] = (res, made)
        return made

    def __str__(self) -> str:
        rec = self.record
        text = f"{self.role}: {rec.value:g} {rec.unit} [{rec.id}; {rec.tier}; {rec.source}]"
        if rec.uncertain:
            text += " (source marks this value uncertain)"
        if self.proxy:
            text += f" (proxy: {self.proxy})"
        if self.filled:
            text += f" (gap filled: {self.filled})"
        return text


@dataclass(frozen=True, slots=True)
class Traced:
    """A value with its unit, formula, inputs, intermediate values and parts."""

    value: float
    unit: str
    formula: str
    activity_ids: tuple[str, ...] = ()
    factors: tuple[FactorUse, ...] = ()
    steps: tuple[Step, ...] = ()
    parts: tuple[Traced, ...] = ()
    notes: tuple[str, ...] = ()

    def leaves(self) -> Iterator[Traced]:
        """The terms at the bottom of the tree (one per activity record and formula)."""
        if not self.parts:
            yield self
            return
        for part in self.parts:
            yield from part.leaves()

    def all_activity_ids(self) -> tuple[str, ...]:
        ids: dict[str, None] = {}
        for leaf in self.leaves():
            ids.update(dict.fromkeys(leaf.activity_ids))
        return tuple(ids)

    def all_factors(self) -> tuple[FactorUse, ...]:
        seen: dict[tuple[str, str], FactorUse] = {}
        for leaf in self.leaves():
            for use in leaf.factors:
                seen.setdefault((use.role, use.record.id), use)
        return tuple(seen.values())

    def all_notes(self) -> tuple[str, ...]:
        notes: dict[str, None] = dict.fromkeys(self.notes)
        for part in self.parts:
            notes.update(dict.fromkeys(part.all_notes()))
        return tuple(notes)

    def with_notes(self, *notes: str) -> Traced:
        return Traced(
            self.value,
            self.unit,
            self.formula,
            self.activity_ids,
            self.factors,
            self.steps,
            self.parts,
            (*self.notes, *notes),
        )


@dataclass(frozen=True, slots=True)
class NotAvailable:
    """No number, and why (missing GDP, division by zero, no factor ...)."""

    reason: str
    unit: str = ""

    def __str__(self) -> str:
        return f"not available: {self.reason}"


Measure = Traced | NotAvailable


def total(parts: Sequence[Traced], *, unit: str, formula: str, notes: Sequence[str] = ()) -> Traced:
    """The sum of ``parts`` (same unit), keeping them as parts."""
    return Traced(
        value=math.fsum(p.value for p in parts),
        unit=unit,
        formula=formula,
        parts=tuple(parts),
        notes=tuple(notes),
    )


def ratio(
    numerator: Measure,
    denominator: Measure,
    *,
    unit: str,
    formula: str,
    scale: float = 1.0,
) -> Measure:
    """``numerator / denominator × scale``; not available (with the reason) instead of ±inf or 0."""
    if isinstance(numerator, NotAvailable):
        return NotAvailable(f"numerator {numerator.reason}", unit)
    if isinstance(denominator, NotAvailable):
        return NotAvailable(f"denominator {denominator.reason}", unit)
    if denominator.value == 0:
        return NotAvailable(f"division by zero: {denominator.formula} is 0", unit)
    value = numerator.value / denominator.value * scale
    return Traced(
        value=value,
        unit=unit,
        formula=formula,
        steps=(
            Step("numerator", numerator.value, numerator.unit),
            Step("denominator", denominator.value, denominator.unit),
        ),
        parts=(numerator, denominator),
    )
