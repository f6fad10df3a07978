"""我的工作台 Workspace of a department or district user: the tasks its unit leads or shares,
and its task sheet. Progress reports, reports due and indicator values come with the
tracking issue (shown as under construction, not as empty numbers)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from carbonpeak.auth.model import Role
from carbonpeak.plan import queries
from carbonpeak.web import plan_data
from carbonpeak.web.nav import BY_KEY
from carbonpeak.web.routes.plans import tasksheet_url
from carbonpeak.web.session import Db, PageUser
from carbonpeak.web.templating import render

router = APIRouter(include_in_schema=False)

ROLES = ("lead", "responsible", "default")


@router.get("/workspace")
def workspace(request: Request, db: Db, user: PageUser, unit: str = "") -> Response:
    """A unit editor sees its own unit; an admin may look at any unit's (``?unit=``)."""
    plan = plan_data.first_plan(db)
    own = user.unit_name if user.role == Role.UNIT_EDITOR else None
    chosen = own or (unit if user.role == Role.ADMIN and unit else None)
    groups: dict[str, list[queries.TaskView]] = {r: [] for r in ROLES}
    if plan is not None and chosen:
        for view in queries.task_views(db_session=db, plan=plan, unit=chosen):
            role = next(r for r in ROLES if chosen in getattr(view, f"{r}_units"))
            groups[role].append(view)
    context = {
        "plan": plan,
        "unit": chosen,
        "own_unit": own,
        "groups": groups,
        "total": sum(len(g) for g in groups.values()),
        "units": queries.unit_counts(db_session=db, plan=plan)
        if plan is not None and user.role == Role.ADMIN
        else [],
        "sheet_url": tasksheet_url(plan.id, chosen) if plan is not None and chosen else None,
        "tracking": BY_KEY["indicators"],
    }
    return render(request, "workspace.html", context)
