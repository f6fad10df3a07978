"""Questions asked of a finished inventory: explain a cell or a total, check a city against its
districts. Pure functions over :class:`~carbonpeak.inventory.accounting.result.Inventory`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from carbonpeak.core.errors import NotFound
from carbonpeak.inventory.accounting.result import TOTAL_MEANING, Inventory
from carbonpeak.inventory.accounting.trace import FactorUse, NotAvailable, Step, Traced
from carbonpeak.inventory.model import ActivityRecord
from carbonpeak.regions import DistrictSum, district_sum, members


@dataclass(frozen=True, slots=True)
class Term:
    """One bottom term of a number: its formula, the activity records it used (their ids, and
    their fuels or activity kinds, so a reader can pick one fuel's terms), and its intermediate
    values."""

    formula: str
    activity_ids: tuple[str, ...]
    fuels: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def activity(self) -> str:
        """The activity record ids as shown: ``id, id``."""
        return ", ".join(self.activity_ids)


@dataclass(frozen=True, slots=True)
class Explanation:
    """Everything behind one number: activity records, factor records (with sources and what was
    passed over), the formula, the intermediate values per term, and notes."""

    region: str
    year: int
    item: str
    gas: str
    value: float | None
    unit: str
    formula: str
    activities: tuple[ActivityRecord, ...]
    factors: tuple[FactorUse, ...]
    leaves: tuple[Term, ...]
    notation: str | None = None
    explanation: str = ""
    notes: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[tuple[str, str, tuple[Step, ...]], ...]:
        """(formula, activity ids as shown, steps) per term: the shape the trace page unpacks."""
        return tuple((t.formula, t.activity, t.steps) for t in self.leaves)

    def text(self) -> str:
        """A plain-text rendering for people (CLI, logs)."""
        head = f"{self.region} {self.year} {self.item} {self.gas}: "
        head += f"{self.value:.6g} {self.unit}" if self.value is not None else f"{self.notation}"
        lines = [head, f"formula: {self.formula}"]
        if self.explanation:
            lines.append(f"explanation: {self.explanation}")
        for term in self.leaves:
            lines.append(f"  term [{term.activity}]: {term.formula}")
            lines += [f"    {s}" for s in term.steps]
        for f in self.factors:
            lines.append(f"  factor {f}")
            lines += [f"    passed over {p.record.short()}: {p.reason}" for p in f.passed_over]
        lines += [
            f"  activity {a.id}: {a.quantity} (source {a.source}, row {a.row})"
            for a in self.activities
        ]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


def _fuels(ids: tuple[str, ...], by_id: Mapping[str, ActivityRecord]) -> tuple[str, ...]:
    """The fuels or activity kinds of the records ``ids`` name, each once, in order."""
    return tuple(dict.fromkeys(by_id[i].fuel for i in ids if i in by_id))


def _from_traced(
    inv: Inventory, region: str, year: int, item: str, gas: str, traced: Traced
) -> Explanation:
    by_id = inv.activity_by_id()
    leaves = tuple(
        Term(leaf.formula, leaf.activity_ids, _fuels(leaf.activity_ids, by_id), leaf.steps)
        for leaf in traced.leaves()
        if leaf.steps
    )
    ids = traced.all_activity_ids()
    return Explanation(
        region=region,
        year=year,
        item=item,
        gas=gas,
        value=traced.value,
        unit=traced.unit,
        formula=traced.formula,
        activities=tuple(by_id[i] for i in ids if i in by_id),
        factors=traced.all_factors(),
        leaves=leaves,
        notes=traced.all_notes(),
    )


def explain(inv: Inventory, region: str, year: int, category: str, gas: str) -> Explanation:
    """What is behind one cell (region, year, IPCC category, gas) — or a named total when
    ``category`` is one of the total names (``territorial``, ``regional_energy_co2`` ...)."""
    if category in TOTAL_MEANING:
        return explain_total(inv, region, year, category)
    row = inv.row(region, year, category, gas)
    if row is None:
        raise NotFound(f"清单中没有该项 / no cell {region} {year} {category} {gas}")
    if row.value is None:
        return Explanation(
            region, year, category, gas, None, "t", "", (), (), (), row.notation, row.explanation
        )
    found = _from_traced(inv, region, year, category, gas, row.value)
    return Explanation(
        region=region,
        year=year,
        item=category,
        gas=gas,
        value=found.value,
        unit=found.unit,
        formula=found.formula,
        activities=found.activities,
        factors=found.factors,
        leaves=found.leaves,
        explanation=row.explanation,
        notes=found.notes,
    )


def explain_total(inv: Inventory, region: str, year: int, name: str) -> Explanation:
    measure = inv.total(region, year, name)
    if isinstance(measure, NotAvailable):
        return Explanation(region, year, name, "", None, "t", "", (), (), (), None, measure.reason)
    found = _from_traced(inv, region, year, name, "", measure)
    return Explanation(
        region=region,
        year=year,
        item=name,
        gas="",
        value=found.value,
        unit=found.unit,
        formula=f"{measure.formula} — {TOTAL_MEANING[name]}",
        activities=found.activities,
        factors=found.factors,
        leaves=found.leaves,
        notes=found.notes,
    )


def district_check(
    inv: Inventory, parent: str, year: int, total_name: str = "territorial"
) -> DistrictSum:
    """The district-sum rule for one total: the city total, the district sum, the difference.

    A city total derived from its districts has no figure of its own (``parent_value`` None).
    """
    own = inv.totals.get((parent, year))
    parent_value = None
    if own is not None and not own.derived_from_districts:
        parent_value = own.value(total_name)
    values: dict[str, float | None] = {}
    for code in members(parent):
        t = inv.totals.get((code, year))
        values[code] = t.value(total_name) if t else None
    return district_sum(parent, parent_value, values)
