"""碳排放核算 Inventory pages: totals, tables by sector, fuel and gas, the city against its
districts, the comparison with published reference inventories, and the trace of any number
(``/inventory/trace``). Filters are query parameters: works without JavaScript."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from carbonpeak.db.api import Db
from carbonpeak.factors import fuels, kinds
from carbonpeak.inventory import categories, compute_inventory, explain
from carbonpeak.statistics import list_values
from carbonpeak.web import inventory_view
from carbonpeak.web.charts import Chart, Series, wan_t
from carbonpeak.web.i18n import translator
from carbonpeak.web.session import PageUser, current_lang
from carbonpeak.web.templating import render

router = APIRouter(prefix="/inventory", include_in_schema=False)

Text = Annotated[str, Query(max_length=200)]


def trace_url(dataset: str, region: str, year: int, item: str, gas: str = "") -> str:
    query = {"dataset": dataset, "region": region, "year": year, "item": item}
    if gas:
        query["gas"] = gas
    return "/inventory/trace?" + urlencode(query)


def _trend_chart(page: inventory_view.InventoryPage, lang: str) -> Chart:
    _ = translator(lang)
    series = [
        Series(_(label), [(y, wan_t(v)) for y, v in page.trend[key]], "line")
        for key, label in inventory_view.TOTALS
        if key in page.trend
    ]
    return Chart(
        "chart-inventory-trend",
        _("Emissions by year"),
        _("Year"),
        _("10⁴ t CO2"),
        series,
    )


def _names(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Category and fuel/activity-kind names in ``lang``."""
    cats = {c.code: (c.name_zh if lang == "zh" else c.name_en) for c in categories().values()}
    fuel_names = {f.id: (f.name_zh if lang == "zh" else f.name_en) for f in fuels().values()}
    for key, kind in kinds().items():
        fuel_names.setdefault(key, getattr(kind, "name_zh" if lang == "zh" else "name_en", key))
    return cats, fuel_names


@router.get("")
def inventory_page(
    request: Request,
    db: Db,
    _user: PageUser,
    dataset: Text = "",
    region: Text = "",
    year: Annotated[str, Query(max_length=4)] = "",
) -> Response:
    lang = current_lang(request)
    page = inventory_view.load(
        db,
        dataset=dataset or None,
        region=region or None,
        year=int(year) if year.isdigit() else None,
        lang=lang,
    )
    cats, fuel_names = _names(lang)
    context = {
        "page": page,
        "cats": cats,
        "fuel_names": fuel_names,
        "meanings": inventory_view.TOTAL_MEANINGS,
        "trace_url": trace_url,
        "wan_t": wan_t,
        "chart": _trend_chart(page, lang) if page.trend else None,
        "region_name": lambda code: inventory_view.region_name(code, lang),
        "how": inventory_view.illustrative_how(page.dataset or "", lang),
        # published statistics of the region and year shown, each with its source
        "published": (
            list_values(db_session=db, region=page.region, year=page.year, all_versions=False)
            if page.region and page.year
            else []
        ),
    }
    return render(request, "inventory/index.html", context)


@router.get("/trace")
def inventory_trace(
    request: Request,
    db: Db,
    _user: PageUser,
    dataset: Text,
    region: Text,
    year: int,
    item: Text,
    gas: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """Everything behind one number: formula, terms, factors with sources, activity rows."""
    lang = current_lang(request)
    stored = compute_inventory(db_session=db, dataset=dataset)
    explanation = explain(stored.inventory, region, year, item, gas)
    cats, _fuels = _names(lang)
    context = {
        "dataset": dataset,
        "version": stored.version,
        "illustrative": inventory_view.is_illustrative(dataset, stored.version),
        "ex": explanation,
        "cats": cats,
        "region_label": inventory_view.region_name(region, lang),
        "back": "/inventory?" + urlencode({"dataset": dataset, "region": region, "year": year}),
        "total_label": dict(inventory_view.TOTALS).get(item),
        "how": inventory_view.illustrative_how(dataset, lang),
    }
    return render(request, "inventory/trace.html", context)
