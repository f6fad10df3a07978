"""实施方案 The plan registry: a carbon-peak plan read into actions, tasks, 牵头/责任 units, targets
and process limits; stored, versioned and corrected; task sheets per unit.

Read top-down: ``model.py`` (the parsed plan's plain types) → ``reading/`` (pure: text decoding,
headings, annotations, targets, unit aliases, the parser) → ``orm.py`` → ``registry/`` (import,
versions, corrections, YAML exchange) and ``tasks/`` (who does what: task views, targets,
units, the 任务清单 sheet) → ``api.py``/``cli.py`` mounting both.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from carbonpeak.plan.model import Plan
    from carbonpeak.plan.orm import PlanRow, TargetRow, TaskRow, TaskUnitRow
    from carbonpeak.plan.reading.parser import parse_text
    from carbonpeak.plan.reading.reader import read_document
    from carbonpeak.plan.registry.service import (
        get_plan,
        import_plan,
        list_plans,
        to_model,
        update_task,
    )
    from carbonpeak.plan.tasks.service import targets as target_views
    from carbonpeak.plan.tasks.service import task_views, unit_counts
    from carbonpeak.plan.tasks.views import TaskView

# Public name → (module, name there). Loaded on first use (PEP 562), so ``carbonpeak plan --help``
# or the pure reader do not import the database layer.
_PUBLIC = {
    "Plan": ("carbonpeak.plan.model", "Plan"),
    "PlanRow": ("carbonpeak.plan.orm", "PlanRow"),
    "TargetRow": ("carbonpeak.plan.orm", "TargetRow"),
    "TaskRow": ("carbonpeak.plan.orm", "TaskRow"),
    "TaskUnitRow": ("carbonpeak.plan.orm", "TaskUnitRow"),
    "TaskView": ("carbonpeak.plan.tasks.views", "TaskView"),
    "get_plan": ("carbonpeak.plan.registry.service", "get_plan"),
    "import_plan": ("carbonpeak.plan.registry.service", "import_plan"),
    "list_plans": ("carbonpeak.plan.registry.service", "list_plans"),
    "parse_text": ("carbonpeak.plan.reading.parser", "parse_text"),
    "read_document": ("carbonpeak.plan.reading.reader", "read_document"),
    "target_views": ("carbonpeak.plan.tasks.service", "targets"),
    "task_views": ("carbonpeak.plan.tasks.service", "task_views"),
    "to_model": ("carbonpeak.plan.registry.service", "to_model"),
    "unit_counts": ("carbonpeak.plan.tasks.service", "unit_counts"),
    "update_task": ("carbonpeak.plan.registry.service", "update_task"),
}


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _PUBLIC[name]
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value


__all__ = [
    "Plan",
    "PlanRow",
    "TargetRow",
    "TaskRow",
    "TaskUnitRow",
    "TaskView",
    "get_plan",
    "import_plan",
    "list_plans",
    "parse_text",
    "read_document",
    "target_views",
    "task_views",
    "to_model",
    "unit_counts",
    "update_task",
]
