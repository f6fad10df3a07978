"""碳排放核算 Inventory pages: totals, tables by sector, fuel and gas, the city against its
districts, the comparison with published reference inventories, and the trace of any number
(``/inventory/trace``). Filters are query parameters: works without JavaScript."""

from __future__ import annotations

from functools import partial
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from carbonpeak.auth import Role
from carbonpeak.core.errors import PermissionDenied
from carbonpeak.db.api import Db
from carbonpeak.factors import fuels, kinds
from carbonpeak.inventory import categories, compute_inventory, explain, set_default_dataset
from carbonpeak.statistics import list_values
from carbonpeak.web import inventory_view
from carbonpeak.web.charts import Chart, Series, wan_t
from carbonpeak.web.dataset_choice import parse_version
from carbonpeak.web.i18n import N_, translator
from carbonpeak.web.session import CSRF_FIELD, PageUser, check_csrf, current_lang, flash, safe_next
from carbonpeak.web.templating import render

router = APIRouter(prefix="/inventory", include_in_schema=False)

Text = Annotated[str, Query(max_length=200)]


def trace_url(
    dataset: str, region: str, year: int, item: str, gas: str = "", version: int | None = None
) -> str:
    query: dict[str, str | int] = {"dataset": dataset, "region": region, "year": year}
    query["item"] = item
    if gas:
        query["gas"] = gas
    if version is not None:
        query["version"] = version
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
    version: Annotated[str, Query(max_length=6)] = "",
    region: Text = "",
    year: Annotated[str, Query(max_length=4)] = "",
    method: Text = "",
) -> Response:
    lang = current_lang(request)
    page = inventory_view.load(
        db,
        dataset=dataset or None,
        version=parse_version(version),
        region=region or None,
        year=int(year) if year.isdigit() else None,
        lang=lang,
        method=method or None,
    )
    cats, fuel_names = _names(lang)
    context = {
        "page": page,
        "cats": cats,
        "fuel_names": fuel_names,
        "meanings": inventory_view.TOTAL_MEANINGS,
        "trace_url": partial(trace_url, version=page.picker.version if page.picker else None),
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


DEFAULT_SET = N_("The city's default dataset has been set.")


@router.post("/default")
def set_default(
    request: Request,
    db: Db,
    user: PageUser,
    dataset: Annotated[str, Form(max_length=100)],
    version: Annotated[str, Form(max_length=6)] = "",
    next: Annotated[str, Form(max_length=500)] = "/inventory",
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
) -> Response:
    """An administrator makes a dataset (and a pinned version, or the latest) the city default
    that every page and command uses when none is chosen."""
    check_csrf(request, csrf_token)
    if user.role != Role.ADMIN:
        raise PermissionDenied(f"仅管理员可以设定默认数据集 / admins only ({user.username})")
    set_default_dataset(
        db_session=db, dataset=dataset, version=parse_version(version), actor=user.username
    )
    db.commit()
    flash(request, DEFAULT_SET)
    return RedirectResponse(safe_next(next), status_code=303)


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
    version: Annotated[str, Query(max_length=6)] = "",
) -> Response:
    """Everything behind one number: formula, terms, factors with sources, activity rows."""
    lang = current_lang(request)
    chosen = parse_version(version)
    stored = compute_inventory(db_session=db, dataset=dataset, version=chosen)
    explanation = explain(stored.inventory, region, year, item, gas)
    cats, _fuels = _names(lang)
    context = {
        "dataset": dataset,
        "version": stored.version,
        "illustrative": inventory_view.is_illustrative(dataset, stored.version),
        "ex": explanation,
        "cats": cats,
        "region_label": inventory_view.region_name(region, lang),
        "back": "/inventory?"
        + urlencode(
            {"dataset": dataset, "region": region, "year": year}
            | ({"version": chosen} if chosen is not None else {})
        ),
        "total_label": dict(inventory_view.TOTALS).get(item),
        "how": inventory_view.illustrative_how(dataset, lang),
    }
    return render(request, "inventory/trace.html", context)
