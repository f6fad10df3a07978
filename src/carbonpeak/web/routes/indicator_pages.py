"""指标与目标 Indicators and targets: the status of every tracked target (filter by status,
unit and year) with its explanation; per indicator a chart of its values, the trajectory to
each target and the targets, the status of each target, the full history of values
(corrections kept), and — for the units allowed to (``require_indicator_editor``) — a form to
enter a value. The POST checks the same permission and calls the same service as the API."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from carbonpeak.core.errors import Conflict, InputError
from carbonpeak.db.api import Db
from carbonpeak.plan.orm import PlanRow
from carbonpeak.tracking import add_value as add_indicator_value
from carbonpeak.tracking import get_indicator, require_indicator_editor
from carbonpeak.web import plan_data, tracking_view
from carbonpeak.web.charts import Chart, Series
from carbonpeak.web.i18n import N_, translator
from carbonpeak.web.session import CSRF_FIELD, PageUser, check_csrf, current_lang, flash
from carbonpeak.web.templating import render

router = APIRouter(prefix="/indicators", include_in_schema=False)

VALUE_SAVED = N_("The value has been recorded.")
NO_PLAN = N_("No plan has been imported yet.")


def _plan(db: Db) -> PlanRow | None:
    return plan_data.first_plan(db)


@router.get("")
def indicators_page(
    request: Request,
    db: Db,
    _user: PageUser,
    status: Annotated[str, Query(max_length=20)] = "",
    unit: Annotated[str, Query(max_length=200)] = "",
    year: Annotated[str, Query(max_length=4)] = "",
) -> Response:
    plan = _plan(db)
    if plan is None:
        return render(request, "indicators/index.html", {"plan": None})
    everything = tracking_view.plan_statuses(db, plan)
    shown = [
        s
        for s in everything
        if (not status or s.result.status.value == status)
        and (not unit or unit in s.units)
        and (not year or str(s.target.year) == year)
    ]
    context = {
        "plan": plan,
        "statuses": shown,
        "counts": tracking_view.status_counts(everything),
        "total": len(everything),
        "labels": tracking_view.STATUS_LABELS,
        "filters": {"status": status, "unit": unit, "year": year},
        "unit_options": sorted({u for s in everything for u in s.units}),
        "year_options": sorted({str(s.target.year) for s in everything if s.target.year}),
        "illustrative": any(s.illustrative for s in everything),
        "today": tracking_view.today().isoformat(),
    }
    return render(request, "indicators/index.html", context)


def year_axis(series: list[Series]) -> bool:
    """Put year-end values (YYYY-12-31, the annual statistics) at their year: True when every
    point of every series is a year end, and then each x becomes the year (2025-12-31 is drawn
    at 2025, not just before the 2026 gridline of a date axis)."""
    if not all(str(x).endswith("-12-31") for s in series for x, _y in s.points):
        return False
    for s in series:
        s.points = [(int(str(x)[:4]), y) for x, y in s.points]
    return True


def _chart(lang: str, page: tracking_view.IndicatorPage) -> Chart:
    _ = translator(lang)
    unit = page.indicator.unit or ""
    series = [
        Series(_("Values"), [(v.observed_on.isoformat(), v.value) for v in page.current]),
    ]
    for key, points in page.trajectories:
        series.append(Series(_("Trajectory to %(target)s", target=key), points, "dash"))
    if page.goals:
        series.append(Series(_("Targets"), [(x, y) for _k, x, y in page.goals], "marker"))
    annual = year_axis(series)
    return Chart(
        "chart-indicator",
        page.indicator.name,
        _("Year") if annual else _("Date"),
        unit,
        series,
        x_type="" if annual else "date",
    )


def _detail(
    request: Request,
    db: Db,
    user: Any,
    indicator_id: int,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    plan = _plan(db)
    row = get_indicator(db_session=db, indicator_id=indicator_id)
    if plan is None or row.plan_id != plan.id:
        plan = db.get(PlanRow, row.plan_id)
    assert plan is not None
    page = tracking_view.indicator_page(db, plan, row, user)
    lang = current_lang(request)
    context = {
        "plan": plan,
        "page": page,
        "chart": _chart(lang, page) if page.current or page.goals else None,
        "labels": tracking_view.STATUS_LABELS,
        "lang": lang,
        "form": form
        or {
            "observed_on": "",
            "value": "",
            "unit": row.unit or "",
            "source": "",
            "comment": "",
            "error": None,
        },
    }
    return render(request, "indicators/detail.html", context, status_code)


@router.get("/{indicator_id}")
def indicator_page(request: Request, indicator_id: int, db: Db, user: PageUser) -> Response:
    return _detail(request, db, user, indicator_id)


@router.post("/{indicator_id}/values")
def add_value(
    request: Request,
    indicator_id: int,
    db: Db,
    user: PageUser,
    observed_on: Annotated[str, Form(max_length=20)] = "",
    value: Annotated[str, Form(max_length=50)] = "",
    unit: Annotated[str, Form(max_length=40)] = "",
    source: Annotated[str, Form(max_length=2000)] = "",
    comment: Annotated[str, Form(max_length=2000)] = "",
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
) -> Response:
    """Record a value as ``POST /api/v1/tracking/indicators/{id}/values`` does."""
    check_csrf(request, csrf_token)
    row = get_indicator(db_session=db, indicator_id=indicator_id)
    require_indicator_editor(db_session=db, principal=user, indicator=row)
    form = {
        "observed_on": observed_on,
        "value": value,
        "unit": unit,
        "source": source,
        "comment": comment,
        "error": None,
    }
    try:
        when = _date(observed_on)
        number = _number(value)
        add_indicator_value(
            db_session=db,
            indicator=row,
            observed_on=when,
            value=number,
            unit=unit.strip() or None,
            source=source,
            comment=comment.strip() or None,
            actor=user.username,
        )
    except (InputError, Conflict) as exc:
        db.rollback()
        form["error"] = str(exc)
        return _detail(request, db, user, indicator_id, form, status_code=422)
    db.commit()
    flash(request, VALUE_SAVED)
    return RedirectResponse(f"/indicators/{indicator_id}", status_code=303)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"observed_on: 日期格式应为 YYYY-MM-DD / the date must be YYYY-MM-DD: {text!r}"
        ) from None


def _number(text: str) -> float:
    try:
        return float(text.strip().replace(",", ""))
    except ValueError:
        raise InputError(f"value: 不是数字 / not a number: {text!r}") from None
