"""Questions asked of a finished inventory: explain a cell or a total, check a city against its
districts. Pure functions over :class:`~carbonpeak.inventory.model.Inventory`."""

from __future__ import annotations

from dataclasses import dataclass

from carbonpeak.core.errors import NotFound
from carbonpeak.inventory.accounting.regions import DistrictSum, district_sum, members
from carbonpeak.inventory.accounting.result import TOTAL_MEANING, Inventory
from carbonpeak.inventory.accounting.trace import FactorUse, NotAvailable, Step, Traced
from carbonpeak.inventory.model import ActivityRecord


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
    terms: tuple[tuple[str, str, tuple[Step, ...]], ...]
    notation: str | None = None
    explanation: str = ""
    notes: tuple[str, ...] = ()

    def text(self) -> str:
        """A plain-text rendering for people (CLI, logs)."""
        head = f"{self.region} {self.year} {self.item} {self.gas}: "
        head += f"{self.value:.6g} {self.unit}" if self.value is not None else f"{self.notation}"
        lines = [head, f"formula: {self.formula}"]
        if self.explanation:
            lines.append(f"explanation: {self.explanation}")
        for formula, ids, steps in self.terms:
            lines.append(f"  term [{ids}]: {formula}")
            lines += [f"    {s}" for s in steps]
        for f in self.factors:
            lines.append(f"  factor {f}")
            lines += [f"    passed over {p.record.short()}: {p.reason}" for p in f.passed_over]
        lines += [
            f"  activity {a.id}: {a.quantity} (source {a.source}, row {a.row})"
            for a in self.activities
        ]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


def _from_traced(
    inv: Inventory, region: str, year: int, item: str, gas: str, traced: Traced
) -> Explanation:
    by_id = inv.activity_by_id()
    leaves = list(traced.leaves())
    terms = tuple(
        (leaf.formula, ", ".join(leaf.activity_ids), leaf.steps) for leaf in leaves if leaf.steps
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
        terms=terms,
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
        terms=found.terms,
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
        terms=found.terms,
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
