"""实施方案 The plan registry: a carbon-peak plan read into actions, tasks, 牵头/责任 units, targets
and process limits; stored, versioned and corrected; task sheets per unit.

Read top-down: ``model.py`` (the parsed plan's plain types) → ``reading/`` (pure: text decoding,
headings, annotations, targets, unit aliases, the parser) → ``orm.py`` → ``registry/`` (import,
versions, corrections, YAML exchange) and ``tasks/`` (who does what: task views, targets,
units, the 任务清单 sheet) → ``api.py``/``cli.py`` mounting both.
"""

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
