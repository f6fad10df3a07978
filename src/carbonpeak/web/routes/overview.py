"""总览 Overview (领导驾驶舱): the plan's headline targets; emissions by year since 2005 with
the peak so far, CO2 intensity against 2005 and the 65 % goal, the non-fossil share against its
goals, energy intensity and the districts side by side (from the inventory, labelled when it is
illustrative demo data); the plan's counts and charts (plotly.js, served from the package)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from carbonpeak.auth import Role
from carbonpeak.core.errors import CarbonpeakError
from carbonpeak.db.api import Db
from carbonpeak.inventory import StoredInventory
from carbonpeak.plan import get_plan, list_plans
from carbonpeak.scenarios import ScenarioRun, plain_summary
from carbonpeak.tracking import ComputedKind
from carbonpeak.web import overview_data, plan_data, scenario_view, tracking_view
from carbonpeak.web.charts import Chart, Series, wan_t
from carbonpeak.web.cockpit_data import chain
from carbonpeak.web.dataset_choice import ChosenDataset, Picker
from carbonpeak.web.i18n import translator
from carbonpeak.web.inventory_view import TOTALS, illustrative_how, region_name
from carbonpeak.web.reasons import name_in
from carbonpeak.web.session import PageUser, current_lang
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


def _goal_lines(
    goals: list[overview_data.Goal], label: str, negative: bool = False
) -> list[tuple[float, str]]:
    lines = []
    for g in goals:
        value = -g.value if negative and g.change == "decrease" else g.value
        lines.append((value, label % {"year": g.year, "value": f"{g.value:g}"}))
    return lines


def _figure_charts(
    lang: str,
    fig: overview_data.OverviewFigures,
    goals: dict[ComputedKind, list[overview_data.Goal]],
    projection: ScenarioRun | None = None,
) -> list[Chart]:
    _ = translator(lang)
    year = _("Year")
    labels = dict(TOTALS)
    marks = (
        [(fig.peak_year, _("highest so far: %(year)s", year=fig.peak_year))]
        if fig.peak_year
        else []
    )
    districts = [region_name(c, lang) for c in fig.districts]
    emissions = [
        Series(_(labels[k]), [(y, wan_t(v)) for y, v in pts]) for k, pts in fig.emissions.items()
    ]
    if projection is not None:
        for key in fig.emissions:
            path = projection.totals_t.get(key)
            if path is None:
                continue
            name = _("%(total)s, projected", total=_(labels[key]))
            # from the latest actual year on, not from the scenario's own base year
            chained = chain(fig.emissions[key], projection.years, path)
            points = [(y, wan_t(v)) for y, v in chained]
            emissions.append(Series(name, points, "dash"))
        peak = projection.peaks["territorial"]
        marks = [*marks, (peak.year, _("projected peak: %(year)s", year=peak.year))]
    return [
        Chart(
            "chart-emissions",
            _("CO2 emissions since 2005")
            + (
                _(", projection: %(scenario)s", scenario=name_in(projection.title, lang))
                if projection
                else ""
            ),
            year,
            _("10⁴ t CO2"),
            emissions,
            marks=marks,
        ),
        Chart(
            "chart-co2-intensity",
            _("CO2 intensity: decrease against 2005"),
            year,
            "%",
            [
                Series(
                    _("CO2 per unit of GDP, decrease against 2005"),
                    # one sign convention: a decrease is drawn as the positive amount (下降 65 %)
                    [
                        (y, None if v is None else 0.0 - v)
                        for y, v in _rounded(fig.co2_intensity_change)
                    ],
                )
            ],
            lines=_goal_lines(
                goals.get(ComputedKind.CO2_INTENSITY, []),
                _("goal %(year)s: down %(value)s %%"),
            ),
        ),
        Chart(
            "chart-nonfossil",
            _("Non-fossil share of energy consumption"),
            year,
            "%",
            [Series(_("Non-fossil share"), _rounded(fig.nonfossil_share))],
            lines=_goal_lines(
                goals.get(ComputedKind.NON_FOSSIL_SHARE, []), _("goal %(year)s: %(value)s %%")
            ),
        ),
        Chart(
            "chart-energy-intensity",
            _("Energy intensity"),
            year,
            _("tce per 10⁴ yuan"),
            [Series(_("Energy consumption per unit of GDP"), _rounded(fig.energy_intensity, 4))],
        ),
        Chart(
            "chart-districts",
            _("Districts side by side, %(year)s", year=fig.latest_year),
            _("District"),
            _("10⁴ t CO2"),
            [
                Series(
                    _(labels[name]),
                    [
                        (d, wan_t(v[name]))
                        for d, v in zip(districts, fig.districts.values(), strict=True)
                    ],
                    "bar",
                )
                for name in ("territorial", "regional_energy_co2")
            ],
        ),
    ]


def _rounded(points: list[overview_data.Point], digits: int = 2) -> list[overview_data.Point]:
    return [(y, None if v is None else round(v, digits)) for y, v in points]


@router.get("/")
def overview(
    request: Request,
    db: Db,
    user: PageUser,
    asked: ChosenDataset,
    plan: str | None = None,
) -> Response:
    """The city's overview (staff); an enterprise account's start page is its own monitoring
    page: the city's inventory and statuses behind this page are internal."""
    if user.role == Role.ENTERPRISE and user.enterprise_code:
        return RedirectResponse(f"/monitoring/{user.enterprise_code}", status_code=303)
    row = get_plan(db_session=db, plan_ref=plan) if plan else plan_data.first_plan(db)
    if row is None:
        return render(request, "overview.html", {"plan": None, "plans": []})
    actions = plan_data.actions(db, row)
    years = plan_data.targets_per_year(db, row)
    headline = plan_data.headline_targets(db, row)
    lang = current_lang(request)
    picked = asked.choose(db)
    fig = overview_data.figures(picked)
    goals = overview_data.goals(headline)
    projection = _projection(picked) if fig else None
    statuses = tracking_view.plan_statuses(db, row)
    warnings = tracking_view.open_warnings(db, row)
    context = {
        "status_counts": tracking_view.status_counts(statuses),
        "status_labels": tracking_view.STATUS_LABELS,
        "tracked": len(statuses),
        "status_illustrative": any(s.illustrative for s in statuses),
        "warnings": warnings,
        "fig": fig,
        "picker": picked[0] if picked else None,
        "fig_charts": _figure_charts(lang, fig, goals, projection) if fig else [],
        "projection": projection,
        # the plain-language sentence (both totals, missed targets): scenarios.plain_summary
        "scenario_summary": plain_summary(projection, lang) if projection else "",
        "latest": _latest(fig) if fig else {},
        "goals": goals,
        "region_label": region_name(fig.region, lang) if fig else "",
        "illustrative_how": illustrative_how(fig.dataset, lang) if fig else "",
        "goal_text": _goal_text(lang, goals),
        "wan_t": wan_t,
        "plan": row,
        "plans": list_plans(db_session=db),
        "counts": plan_data.counts(db, row),
        "headline": headline,
        "actions": actions,
        "years": years,
        "charts": _charts(lang, actions, years),
    }
    return render(request, "overview.html", context)


def _latest(fig: overview_data.OverviewFigures) -> dict[str, float | None]:
    """The latest year's headline figures (the cards)."""
    return {
        "territorial": fig.emissions["territorial"][-1][1],
        "regional_energy_co2": fig.emissions["regional_energy_co2"][-1][1],
        "co2_intensity_change": fig.co2_intensity_change[-1][1],
        "nonfossil_share": fig.nonfossil_share[-1][1],
        "energy_intensity": fig.energy_intensity[-1][1],
    }


def _goal_text(lang: str, goals: dict[ComputedKind, list[overview_data.Goal]]) -> dict[str, str]:
    """The plan's goals in words, for the cards."""
    _ = translator(lang)
    co2 = [
        _("goal %(year)s: down %(value)s %%", year=g.year, value=format(g.value, "g"))
        for g in goals.get(ComputedKind.CO2_INTENSITY, [])
    ]
    share = [
        _("goal %(year)s: %(value)s %%", year=g.year, value=format(g.value, "g"))
        for g in goals.get(ComputedKind.NON_FOSSIL_SHARE, [])
    ]
    return {"co2": "; ".join(co2), "share": "; ".join(share)}


def _projection(picked: tuple[Picker, StoredInventory] | None) -> ScenarioRun | None:
    """The overview's scenario run (its base year: the same stored inventory), or None when
    the scenario cannot start from that inventory (another region, no base year)."""
    try:
        return scenario_view.run_spec(  # the cockpit's run too (one cache entry, with drivers)
            scenario_view.base(picked), scenario_view.overview_run()
        )
    except CarbonpeakError:
        return None
