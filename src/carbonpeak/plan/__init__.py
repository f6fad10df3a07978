from carbonpeak.plan.model import Plan
from carbonpeak.plan.orm import PlanRow, TargetRow, TaskRow, TaskUnitRow
from carbonpeak.plan.parser import parse_text
from carbonpeak.plan.queries import TaskView, task_views, unit_counts
from carbonpeak.plan.queries import targets as target_views
from carbonpeak.plan.reader import read_document
from carbonpeak.plan.service import get_plan, import_plan, list_plans, to_model, update_task

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
