"""The assessment payload (pure): the gathered data of a year (JSON-ready, see
:func:`carbonpeak.tracking.assessment.service.gather`) turned into one
:class:`~carbonpeak.tracking.assessment.scoring.UnitInput` per unit, scored with the scheme, with
the lists to commend and to notify and the counts of statuses and task states.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from carbonpeak.tracking.assessment import scoring
from carbonpeak.tracking.model import Category, Status, TaskState


def unit_inputs(data: dict[str, Any]) -> list[scoring.UnitInput]:
    """One :class:`scoring.UnitInput` per unit that leads a target or a task."""
    targets: dict[str, list[scoring.TargetInput]] = defaultdict(list)
    for t in data["targets"]:
        for unit in t["lead_units"]:
            targets[unit].append(
                scoring.TargetInput(
                    key=t["target"],
                    indicator=t["indicator"],
                    category=Category(t["category"]),
                    status=Status(t["status"]),
                    aspirational=bool(t["aspirational"]),
                )
            )
    tasks: dict[str, list[scoring.TaskInput]] = defaultdict(list)
    reports: dict[str, int] = defaultdict(int)
    mstones: dict[str, int] = defaultdict(int)
    for t in data["tasks"]:
        for unit in t["lead_units"]:
            tasks[unit].append(scoring.TaskInput(t["task"], TaskState(t["state"]), t["percent"]))
            reports[unit] += t["overdue_reports"]
            mstones[unit] += t["overdue_milestones"]
    kinds = data["unit_kinds"]
    names = sorted(n for n in set(targets) | set(tasks) if n in kinds)
    return [
        scoring.UnitInput(
            name=n,
            kind=kinds[n],
            targets=tuple(targets.get(n, ())),
            tasks=tuple(tasks.get(n, ())),
            overdue_reports=reports[n],
            overdue_milestones=mstones[n],
        )
        for n in names
    ]


def compute(data: dict[str, Any], scheme: scoring.Scheme) -> dict[str, Any]:
    """The assessment payload: ``data`` with the unit scores and the lists to commend and to
    notify."""
    scores = scoring.score_units(unit_inputs(data), scheme)
    units = [s.as_dict() for s in scores]
    counts = {s.value: 0 for s in Status}
    for t in data["targets"]:
        counts[t["status"]] += 1
    task_counts = {s.value: 0 for s in TaskState}
    for t in data["tasks"]:
        task_counts[t["state"]] += 1
    return {
        **data,
        "scheme": {
            "name": scheme.name,
            "title": scheme.title,
            "version": scheme.version,
            "sha256": scheme.sha256,
            "text": scheme.text,
        },
        "units": units,
        "commend": [u["name"] for u in units if u["result"] == "commend"],
        "notify": [u["name"] for u in units if u["result"] == "notify"],
        "status_counts": counts,
        "task_counts": task_counts,
    }
