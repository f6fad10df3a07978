"""在线监测 Monitoring pages: the monitored enterprises, and per enterprise its monthly
comprehensive energy consumption (综合能耗, tce), CO2, unit consumption of each process
against the plan's and the national limits, alerts and data-quality findings. An enterprise
user sees its own enterprise only."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from carbonpeak.db.api import Db
from carbonpeak.factors import find_fuel
from carbonpeak.monitoring import CST, industry_name
from carbonpeak.web import monitoring_view
from carbonpeak.web.charts import Chart, Series
from carbonpeak.web.i18n import translator
from carbonpeak.web.inventory_view import region_name
from carbonpeak.web.session import PageUser, current_lang
from carbonpeak.web.templating import render

router = APIRouter(prefix="/monitoring", include_in_schema=False)


def _energy_name(text: str | None, lang: str) -> str:
    """A point's energy as people name it (coke_oven_gas → 焦炉煤气); as written if unknown."""
    fuel = find_fuel(text) if text else None
    if fuel is None:
        return text or ""
    return fuel.name_zh if lang == "zh" else fuel.name_en


@router.get("")
def monitoring_page(request: Request, db: Db, user: PageUser) -> Response:
    own = monitoring_view.scope_of(user)
    if own is not None:
        return RedirectResponse(f"/monitoring/{own}", status_code=303)
    lang = current_lang(request)
    lines = monitoring_view.enterprises(db, user)
    context = {
        "lines": lines,
        "district": lambda code: region_name(code, lang) if code else "–",
        "industry": industry_name,
        "illustrative": any(line.enterprise.illustrative for line in lines),
        "CST": CST,
    }
    return render(request, "monitoring/index.html", context)


@router.get("/{code}")
def enterprise_page(request: Request, code: str, db: Db, user: PageUser) -> Response:
    monitoring_view.check_scope(user, code)
    lang = current_lang(request)
    _ = translator(lang)
    page = monitoring_view.detail(db, code)
    chart = None
    if page.summary is not None and page.summary.comprehensive_tce:
        points = [
            (k.astimezone(CST).strftime("%Y-%m"), round(v, 3))
            for k, v in page.summary.comprehensive_tce.items()
        ]
        chart = Chart(
            "chart-energy-month",
            _("Comprehensive energy consumption by month"),
            _("Month"),
            "tce",
            [Series(_("Comprehensive energy consumption"), points, "bar")],
        )
    context = {
        "page": page,
        "chart": chart,
        "district": region_name(page.enterprise.district, lang)
        if page.enterprise.district
        else "–",
        "industry": industry_name(page.enterprise.industry_code),
        "energy_name": lambda text: _energy_name(text, lang),
        "shown_against": monitoring_view.shown_against,
        "alert_kinds": monitoring_view.ALERT_KINDS,
        "alert_states": monitoring_view.ALERT_STATES,
        "CST": CST,
    }
    return render(request, "monitoring/enterprise.html", context)
