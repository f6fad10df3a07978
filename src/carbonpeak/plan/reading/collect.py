"""What the parser collects from a parsed plan: the targets and process limits found in its
paragraphs (with ids and quantities), one name per indicator, and the units with their roles.
Pure."""

from __future__ import annotations

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import normalised, short_text
from carbonpeak.plan.model import (
    Benchmark,
    Node,
    ParseWarning,
    Plan,
    QuantityOut,
    Target,
    Task,
    Unit,
)
from carbonpeak.plan.reading.aliases import AliasTable
from carbonpeak.plan.reading.annotations import find_annotations
from carbonpeak.plan.reading.targets import Found


def add_found(
    plan: Plan,
    found: list[Found],
    task: Task | None,
    node: Node | None,
    lead: list[str],
) -> None:
    """Add targets and benchmarks found in a paragraph of ``task`` or ``node`` (neither: the
    preamble); ``lead``: the units leading them (the task's, else inherited)."""
    owner = task.id if task else node.id if node else "preamble"
    nt = sum(1 for t in plan.targets if t.id.startswith(owner + ":"))
    nb = sum(1 for b in plan.benchmarks if b.id.startswith(owner + ":"))
    for f in found:
        q = quantity_of(f.value, f.unit)
        if f.kind == "benchmark":
            nb += 1
            plan.benchmarks.append(
                Benchmark.model_validate(
                    dict(
                        id=f"{owner}:b{nb}",
                        process=f.process or f.indicator,
                        indicator=f.indicator,
                        value=f.value,
                        unit=f.unit,
                        quantity=q,
                        comparator=f.comparator,
                        aspirational=f.aspirational,
                        task=task.id if task else None,
                        node=node.id if node else None,
                        source_text=f.source_text,
                    )
                )
            )
        else:
            nt += 1
            plan.targets.append(
                Target.model_validate(
                    dict(
                        id=f"{owner}:t{nt}",
                        year=f.year,
                        indicator=f.indicator,
                        value=f.value,
                        value_max=f.value_max,
                        unit=f.unit,
                        quantity=q,
                        comparator=f.comparator,
                        aspirational=f.aspirational,
                        base_year=f.base_year,
                        change=f.change,
                        task=task.id if task else None,
                        node=node.id if node else None,
                        lead_units=list(lead),
                        source_text=f.source_text,
                    )
                )
            )


def quantity_of(value: float, unit: str) -> QuantityOut | None:
    try:
        q = normalised(value, unit)
    except InputError:
        return None
    return QuantityOut(magnitude=float(q.magnitude), unit=str(q.units), text=short_text(q))


def units_of(plan: Plan, aliases: AliasTable, warnings: list[ParseWarning]) -> list[Unit]:
    units: dict[str, Unit] = {}
    reported: set[str] = set()
    for task in plan.tasks:
        for role, names in (
            ("lead", task.lead_units),
            ("responsible", task.responsible_units),
            ("default", task.default_units),
        ):
            for name in names:
                res = aliases.resolve(name)
                unit = units.setdefault(
                    res.name, Unit.model_validate({"name": res.name, "kind": res.kind})
                )
                if role == "lead":
                    unit.lead_tasks += 1
                elif role == "responsible":
                    unit.responsible_tasks += 1
                if res.status in ("unknown", "suspect") and name not in reported:
                    reported.add(name)
                    hint = (
                        f" (是否为 {res.suggestion}? / did you mean {res.suggestion}?)"
                        if res.suggestion
                        else ""
                    )
                    warnings.append(
                        ParseWarning(
                            code=f"unit_{res.status}",
                            message=f"无法识别的单位名称 / unresolved unit name: {name}{hint}",
                            location=task.id,
                        )
                    )
    for alias_written in _written_aliases(plan, aliases):
        canonical = aliases.resolve(alias_written).name
        if canonical in units and alias_written not in units[canonical].aliases_seen:
            units[canonical].aliases_seen.append(alias_written)
    return sorted(units.values(), key=lambda u: (-u.lead_tasks, u.name))


def _written_aliases(plan: Plan, aliases: AliasTable) -> list[str]:
    seen: list[str] = []
    for task in plan.tasks:
        for ann in find_annotations(task.text):
            for name in ann.lead + ann.responsible:
                if aliases.resolve(name).status == "alias":
                    seen.append(name)
    return seen


# A share written once with its noun and once without (全市森林覆盖率 2025 / 全市森林覆盖维持在
# 62%以上 2030) is one indicator: the shorter name takes the whole one.
SHARE_ENDINGS = ("率", "比重", "比例", "占比")


def one_name_per_indicator(plan: Plan) -> None:
    """Give every target of an indicator the same name: a % target named ``X`` takes ``X率``
    (or 比重, 比例, 占比) when another % target of the plan is named so."""
    names = {t.indicator for t in plan.targets if t.unit == "%"}
    for target in plan.targets:
        if target.unit != "%" or target.indicator.endswith(SHARE_ENDINGS):
            continue
        whole = [target.indicator + e for e in SHARE_ENDINGS if target.indicator + e in names]
        if len(whole) == 1:
            target.indicator = whole[0]
