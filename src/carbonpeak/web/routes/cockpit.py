"""领导驾驶舱 The leaders' cockpit: one screen (1920×1080 wall display, 1366×768 laptop) with
the headline targets as traffic lights, territorial CO2 since 2005 with the projection from
the latest actual year and its band, the district map (click through to a district's
inventory) and ranking, the five warnings that matter most, and the share of published
figures. ``?kiosk=1``: a wall display (refreshes itself, no navigation or controls)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from carbonpeak.core.errors import CarbonpeakError
from carbonpeak.db.api import Db
from carbonpeak.inventory import Inventory
from carbonpeak.scenarios import ScenarioRun, plain_summary
from carbonpeak.tracking import current_values
from carbonpeak.web import cockpit_data, overview_data, plan_data, scenario_view, tracking_view
from carbonpeak.web.charts import wan_t
from carbonpeak.web.cockpit_svg import Line, district_map, districts, line_chart
from carbonpeak.web.dataset_choice import ChosenDataset
from carbonpeak.web.i18n import translator
from carbonpeak.web.inventory_view import illustrative_how, region_name
from carbonpeak.web.session import PageUser, current_lang
from carbonpeak.web.templating import number, render

router = APIRouter(include_in_schema=False)

#: Seconds between reloads of the wall display.
KIOSK_REFRESH = 300
MEASURE = "territorial"
Short = Annotated[str, Query(max_length=100)]


def _total(inv: Inventory, code: str, year: int) -> float | None:
    totals = inv.totals.get((code, year))
    return totals.value(MEASURE) if totals is not None else None


@router.get("/cockpit")
def cockpit(
    request: Request,
    db: Db,
    _user: PageUser,
    asked: ChosenDataset,
    kiosk: Short = "",
    show: Short = "emissions",
) -> Response:
    lang = current_lang(request)
    _ = translator(lang)
    plan = plan_data.first_plan(db)
    picked = asked.choose(db)
    fig = overview_data.figures(picked)
    context: dict[str, object] = {
        "plan": plan,
        "kiosk": kiosk == "1",
        "refresh": KIOSK_REFRESH,
        "fig": fig,
        "picker": picked[0] if picked else None,
        "show": "change" if show == "change" else "emissions",
        "status_labels": tracking_view.STATUS_LABELS,
    }
    if plan is not None:
        statuses = tracking_view.plan_statuses(db, plan)
        headline = plan_data.headline_targets(db, plan)
        ids = {s.indicator.id for s in statuses if s.target.key in {t.key for t in headline}}
        history = {i: [v.value for v in current_values(db_session=db, indicator_id=i)] for i in ids}
        warnings = tracking_view.open_warnings(db, plan)
        context |= {
            "lights": cockpit_data.lights(headline, statuses, history),
            "warning_groups": cockpit_data.top_warnings(warnings),
            "warnings_total": len(warnings),
            "share": cockpit_data.published_share(statuses),
            "first_sentence": cockpit_data.first_sentence if lang == "zh" else (lambda m: m),
        }
    if fig is not None and picked is not None:
        inv = picked[1].inventory
        keep = picked[0].query()
        rows = cockpit_data.ranking(
            cockpit_data.DistrictRow(
                d.code,
                region_name(d.code, lang),
                _total(inv, d.code, fig.latest_year),
                _total(inv, d.code, fig.latest_year - 1),
            )
            for d in districts()
        )
        shown = {
            r.code: (r.change_pct if context["show"] == "change" else wan_t(r.value_t))
            for r in rows
        }
        unit = "%" if context["show"] == "change" else _("10⁴ t CO2")
        hrefs = {
            r.code: "/inventory?"
            + "&".join(
                p for p in (keep, urlencode({"region": r.code, "year": fig.latest_year})) if p
            )
            for r in rows
        }
        labels = {r.code: f"{r.name}：{number(shown[r.code], lang)} {unit}" for r in rows}
        title = (
            _("Change of territorial CO2 against the year before, by district")
            if context["show"] == "change"
            else _("Territorial CO2 by district, %(year)s", year=fig.latest_year)
        )
        actual = fig.emissions.get(MEASURE, [])
        run = _plan_run(picked)
        path, band = cockpit_data.chained_projection(actual, run) if run else ([], [])
        lines = [Line(_("Actual"), [(y, wan_t(v) or 0.0) for y, v in actual if v is not None])]
        if path:
            lines.append(
                Line(
                    _("Projected (plan scenario)"),
                    [(y, wan_t(v) or 0.0) for y, v in path],
                    True,
                    "#b35806",
                )
            )
        context |= {
            "ranking": rows,
            "map_svg": district_map(shown, labels, hrefs, title),
            "map_title": title,
            "chart_svg": line_chart(
                lines,
                [(y, wan_t(lo) or 0.0, wan_t(hi) or 0.0) for y, lo, hi in band],
                title=_("Territorial CO2 since 2005 and the projection"),
                y_title=_("10⁴ t CO2"),
                marks=[(2030, _("2030: peak goal"))],
            ),
            "projected": bool(path),
            # peak probability for both totals, missed targets, main drivers (Sobol)
            "scenario_summary": plain_summary(run, lang) if run else "",
            "region_label": region_name(fig.region, lang),
            "illustrative_how": illustrative_how(fig.dataset, lang),
            "wan_t": wan_t,
        }
    return render(request, "cockpit.html", context)


def _plan_run(picked: object) -> ScenarioRun | None:
    """The plan scenario's run from the chosen dataset, with Sobol indices for the drivers
    (None when the dataset cannot be a base year)."""
    try:
        return scenario_view.run_spec(
            scenario_view.base(picked),  # type: ignore[arg-type]
            scenario_view.overview_run(),  # the overview's run (one cache entry)
        )
    except CarbonpeakError:
        return None


@router.get("/cockpit/warnings")
def all_warnings(request: Request, db: Db, _user: PageUser) -> Response:
    """Every open warning, grouped as on the cockpit (one click from it)."""
    plan = plan_data.first_plan(db)
    warnings = tracking_view.open_warnings(db, plan) if plan is not None else []
    groups = cockpit_data.top_warnings(warnings, limit=len(warnings))
    context = {
        "plan": plan,
        "groups": groups,
        "total": len(warnings),
    }
    return render(request, "cockpit_warnings.html", context)
