"""实施方案 Plan pages: plan list, a plan's actions and tasks with their progress (filter by
action, unit and role through query parameters: works without JavaScript), targets, units,
parser warnings."""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from carbonpeak.db.api import Db
from carbonpeak.plan import get_plan, list_plans, target_views, task_views, unit_counts
from carbonpeak.tracking import progress_map
from carbonpeak.web import plan_data, tracking_view
from carbonpeak.web.session import AdminUser, PageUser
from carbonpeak.web.templating import render

router = APIRouter(prefix="/plans", include_in_schema=False)

Role = Literal["lead", "responsible", "default"]


def tasksheet_url(plan_id: int, unit: str) -> str:
    """The API's download of a unit's 任务清单 as .xlsx."""
    return f"/api/v1/plans/{plan_id}/units/{quote(unit, safe='')}/tasksheet?format=xlsx"


@router.get("")
def plan_list(request: Request, db: Db, _user: PageUser) -> Response:
    plans = list_plans(db_session=db)
    rows = [(p, plan_data.counts(db, p)) for p in plans]
    return render(request, "plan/list.html", {"rows": rows})


@router.get("/{plan_ref}")
def plan_detail(
    request: Request,
    plan_ref: str,
    db: Db,
    user: PageUser,
    action: str = "",
    unit: str = "",
    role: Role | Literal[""] = "",
) -> Response:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    tasks = task_views(
        db_session=db,
        plan=plan,
        unit=unit or None,
        role=(role or None) if unit else None,
        action=action or None,
    )
    actions = plan_data.actions(db, plan)
    units = unit_counts(db_session=db, plan=plan)
    context = {
        "plan": plan,
        "counts": plan_data.counts(db, plan),
        "actions": actions,
        "action_options": [(a.key, f"{a.marker} {a.title}") for a in actions],
        "unit_options": [(u.name, u.name) for u in sorted(units, key=lambda u: u.name)],
        "tasks": tasks,
        "target_counts": plan_data.targets_per_task(db, plan),
        "filters": {"action": action, "unit": unit, "role": role},
        "filtered": bool(action or unit),
        "progress": progress_map(db_session=db, plan_id=plan.id),
        "state_labels": tracking_view.TASK_STATE_LABELS,
    }
    return render(request, "plan/detail.html", context)


@router.get("/{plan_ref}/targets")
def plan_targets(
    request: Request,
    plan_ref: str,
    db: Db,
    _user: PageUser,
    year: str = "",
    indicator: str = Query("", max_length=200),
) -> Response:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    year_value = int(year) if year.isdigit() else None
    rows = target_views(db_session=db, plan=plan, year=year_value, indicator=indicator or None)
    context = {
        "plan": plan,
        "targets": rows,
        "year_options": [
            (str(y), str(y)) for y, _n in plan_data.targets_per_year(db, plan) if y is not None
        ],
        "indicators": plan_data.indicators(db, plan),
        "filters": {"year": year_value, "indicator": indicator},
        "total": plan_data.counts(db, plan).targets,
    }
    return render(request, "plan/targets.html", context)


@router.get("/{plan_ref}/units")
def plan_units(request: Request, plan_ref: str, db: Db, _user: PageUser) -> Response:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    units = unit_counts(db_session=db, plan=plan)
    rows = [(u, tasksheet_url(plan.id, u.name)) for u in units]
    return render(request, "plan/units.html", {"plan": plan, "rows": rows})


@router.get("/{plan_ref}/warnings")
def plan_warnings(request: Request, plan_ref: str, db: Db, _admin: AdminUser) -> Response:
    """The parser's warnings, for the climate office that corrects the plan."""
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    context = {
        "plan": plan,
        "warnings": plan.warnings,
        "task_keys": {t.key for t in plan.tasks},
    }
    return render(request, "plan/warnings.html", context)
