"""总览 Overview (领导驾驶舱): what exists now — the plan's headline targets, its counts, and
charts of tasks per action and targets per year (plotly.js, served from the package)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from carbonpeak.plan import service
from carbonpeak.web import plan_data
from carbonpeak.web.i18n import translator
from carbonpeak.web.session import Db, PageUser, current_lang
from carbonpeak.web.templating import render

router = APIRouter(include_in_schema=False)


def _charts(
    lang: str, actions: list[plan_data.ActionRow], years: list[tuple[int | None, int]]
) -> list[dict[str, Any]]:
    """Chart specifications for static/js/charts.js (data and translated labels)."""
    _ = translator(lang)
    no_year = _("no year")
    return [
        {
            "id": "chart-tasks-per-action",
            "title": _("Tasks per action"),
            "x": [f"{a.marker} {a.title}" for a in actions],
            "y": [a.tasks for a in actions],
            "x_title": _("Action"),
            "y_title": _("Tasks"),
            "horizontal": True,
        },
        {
            "id": "chart-targets-per-year",
            "title": _("Targets per year"),
            "x": [str(y) if y is not None else no_year for y, _n in years],
            "y": [n for _y, n in years],
            "x_title": _("Target year"),
            "y_title": _("Targets"),
            "horizontal": False,
        },
    ]


@router.get("/")
def overview(request: Request, db: Db, _user: PageUser, plan: str | None = None) -> Response:
    row = service.get_plan(db_session=db, plan_ref=plan) if plan else plan_data.first_plan(db)
    if row is None:
        return render(request, "overview.html", {"plan": None, "plans": []})
    actions = plan_data.actions(db, row)
    years = plan_data.targets_per_year(db, row)
    context = {
        "plan": row,
        "plans": service.list_plans(db_session=db),
        "counts": plan_data.counts(db, row),
        "headline": plan_data.headline_targets(db, row),
        "actions": actions,
        "years": years,
        "charts": _charts(current_lang(request), actions, years),
    }
    return render(request, "overview.html", context)
