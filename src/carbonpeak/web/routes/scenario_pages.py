"""情景分析 Scenarios: the bundled scenarios side by side (emission paths after the inventory's
history, peak year and value, the probability of peaking by 2030, the plan's targets met), and
per scenario its Monte Carlo fan, emissions by sector, non-fossil share against the plan's
goals, the targets checked, and the parameters that move the peak most (tornado)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from carbonpeak.core.errors import InputError
from carbonpeak.db.api import Db
from carbonpeak.scenarios import DEFAULT_METRIC, METRICS, ScenarioRun, plain_summary
from carbonpeak.web import inventory_view, scenario_view
from carbonpeak.web.charts import Chart, Series, wan_t
from carbonpeak.web.dataset_choice import ChosenDataset
from carbonpeak.web.i18n import N_, translator
from carbonpeak.web.reasons import name_in
from carbonpeak.web.session import PageUser, current_lang
from carbonpeak.web.templating import render

router = APIRouter(prefix="/scenarios", include_in_schema=False)

METRIC_LABELS = {
    "territorial": N_("Territorial CO2 (scope 1, gross)"),
    "regional_energy_co2": N_("Regional energy CO2 (assessment total)"),
    "co2e_net": N_("All greenhouse gases, net (CO2e)"),
}
Metric = Annotated[str, Query(max_length=40)]


def _metric(metric: str) -> str:
    if metric and metric not in METRICS:
        raise InputError(f"metric: 未知指标 / unknown metric {metric!r} ({', '.join(METRICS)})")
    return metric or DEFAULT_METRIC


def _series(years: list[int], values: list[float]) -> list[tuple[int | str, float | None]]:
    return [(y, wan_t(v)) for y, v in zip(years, values, strict=True)]


@router.get("")
def scenarios_page(
    request: Request,
    db: Db,
    _user: PageUser,
    asked: ChosenDataset,
    metric: Metric = "",
) -> Response:
    lang = current_lang(request)
    _ = translator(lang)
    chosen = _metric(metric)
    b = scenario_view.base(asked.choose(db))
    runs = _runs_or_notice(request, b, chosen)
    series = []
    history_key = {"co2e_net": "territorial"}.get(chosen, chosen)
    if b.inventory is not None and runs and chosen != "co2e_net":
        trend = inventory_view.trend(b.inventory, runs[0].region).get(history_key, [])
        series.append(Series(_("Inventory (history)"), [(y, wan_t(v)) for y, v in trend]))
    for rep in runs:
        series.append(Series(name_in(rep.title, lang), _series(rep.years, rep.emissions_t), "dash"))
    chart = Chart(
        "chart-scenarios",
        _("Emission paths of the scenarios"),
        _("Year"),
        _("10⁴ t CO2"),
        series,
        marks=[(2030, _("2030: peak goal"))],
    )
    context = {
        "runs": runs,
        "chart": chart,
        "metric": chosen,
        "metric_labels": METRIC_LABELS,
        "base": b,
        "base_problem": getattr(request.state, "base_problem", None),
        "wan_t": wan_t,
        "illustrative_how": inventory_view.illustrative_how(b.dataset or "", lang)
        if b.dataset
        else "",
    }
    return render(request, "scenarios/index.html", context)


def _runs_or_notice(request: Request, b: scenario_view.Base, metric: str) -> list[ScenarioRun]:
    """Every scenario over base ``b``; none (and a notice why) when the chosen dataset cannot
    be a base year (another region, a year the scenarios do not start from)."""
    try:
        return [
            scenario_view.run_spec(b, scenario_view.list_run(name, metric))
            for name in scenario_view.names()
        ]
    except InputError as exc:
        request.state.base_problem = str(exc)
        return []


def _detail_charts(lang: str, rep: ScenarioRun) -> list[Chart]:
    _ = translator(lang)
    years = rep.years
    charts = []
    mc = rep.montecarlo
    if mc:
        fan_series = [
            Series(_("percentile %(p)s", p=p[1:]), _series(list(mc.years), mc.fan[p]), "dot")
            for p in ("p5", "p25", "p50", "p75", "p95")
        ]
        charts.append(
            Chart(
                "chart-fan",
                _("Emissions: central path and the range of %(n)s draws", n=mc.draws),
                _("Year"),
                _("10⁴ t CO2"),
                [Series(_("Central path"), _series(years, rep.emissions_t)), *fan_series],
                marks=[(rep.peak.year, _("peak: %(year)s", year=rep.peak.year))],
            )
        )
    sectors = sorted(rep.emissions_by_sector_t.items(), key=lambda kv: -max(kv[1], default=0.0))[:8]
    charts.append(
        Chart(
            "chart-sectors",
            _("CO2 by sector (largest eight)"),
            _("Year"),
            _("10⁴ t CO2"),
            [Series(k, _series(years, v)) for k, v in sectors],
        )
    )
    goals = [
        (t.required, f"{t.year}: {t.comparator} {t.required:g} %")
        for t in rep.targets
        if t.unit == "%" and "non-fossil" in t.name
    ]
    charts.append(
        Chart(
            "chart-scenario-nonfossil",
            _("Non-fossil share of energy consumption"),
            _("Year"),
            "%",
            [
                Series(
                    _("Non-fossil share"),
                    [(y, round(v, 2)) for y, v in zip(years, rep.nonfossil_share_pct, strict=True)],
                )
            ],
            lines=goals,
        )
    )
    return charts


@router.get("/{name}")
def scenario_page(
    request: Request,
    name: str,
    db: Db,
    _user: PageUser,
    asked: ChosenDataset,
    metric: Metric = "",
) -> Response:
    lang = current_lang(request)
    chosen = _metric(metric)
    b = scenario_view.base(asked.choose(db))
    rep = scenario_view.run_spec(b, scenario_view.page_run(name, chosen))
    context = {
        "rep": rep,
        "summary": plain_summary(rep, lang),
        "total_labels": {t: METRIC_LABELS.get(t, t) for t in rep.montecarlo.p_peak_by}
        if rep.montecarlo
        else {},
        "name": name,
        "charts": _detail_charts(lang, rep),
        "metric": chosen,
        "metric_labels": METRIC_LABELS,
        "base": b,
        "wan_t": wan_t,
        "draws": scenario_view.DRAWS,
        "seed": scenario_view.SEED,
    }
    return render(request, "scenarios/detail.html", context)
