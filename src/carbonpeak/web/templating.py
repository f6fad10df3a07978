"""Jinja2 rendering: one environment per language (its catalog installed), shared filters,
and :func:`render`, which adds what every page needs (user, language, CSRF token, nav)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from carbonpeak import __version__
from carbonpeak.web.access import may_open
from carbonpeak.web.cockpit_data import warning_text
from carbonpeak.web.i18n import LANGUAGES, N_, translations
from carbonpeak.web.nav import ROLE_LABELS, modules_for
from carbonpeak.web.reasons import bilingual, name_in, note_text, reason_text
from carbonpeak.web.session import CSRF_FIELD, csrf_token, current_lang, pop_flashes

TEMPLATE_DIR = Path(__file__).parent / "templates"
PLOTLY_VERSION = version("plotly")

#: How each comparator reads (symbol, msgid of the words).
COMPARATORS = {
    ">=": ("≥", N_("at least")),
    "<=": ("≤", N_("at most")),
    "~": ("≈", N_("about")),
    "=": ("=", N_("reach")),
    ">": (">", N_("above")),
    "<": ("<", N_("below")),
}


def number(value: float | int | None, lang: str = "zh") -> str:
    """A number as people write it: 1,300 · 21.6 · 65 (no trailing .0)."""
    if value is None:
        return "–"
    shown = round(value, 4)
    if shown == 0:
        shown = 0  # never "−0": a value that rounds to zero is zero
    return format_decimal(shown, format="#,##0.####", locale=LANGUAGES[lang][0])


#: 北京时间 (UTC+8, no daylight saving): every time shown to users is in it.
BEIJING = timezone(timedelta(hours=8), "北京时间")


def beijing(value: datetime | date | None, lang: str = "zh", with_time: bool = True) -> str:
    """A stored UTC time as people in the city read it: 2024年12月31日 08:00（北京时间）.

    A naive datetime is taken as UTC (as the database stores it); a date is shown as is.
    """
    if value is None:
        return "–"
    if isinstance(value, datetime):
        local = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(BEIJING)
        day = local.date()
    else:
        local, day, with_time = None, value, False
    if lang == "zh":
        text = f"{day.year}年{day.month}月{day.day}日"
        return f"{text} {local:%H:%M}（北京时间）" if local and with_time else text
    text = day.isoformat()
    return f"{text} {local:%H:%M} (Beijing time)" if local and with_time else text


@lru_cache(maxsize=len(LANGUAGES))
def environment(lang: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["num"] = lambda v: number(v, lang)
    env.filters["beijing"] = lambda v, with_time=True: beijing(v, lang, with_time)
    env.filters["fromjson"] = lambda v: json.loads(v or "[]")
    env.filters["warning"] = lambda message: warning_text(message, lang)
    env.filters["reason"] = lambda reason: reason_text(reason, lang)
    env.filters["bilingual"] = lambda text: bilingual(text, lang)
    env.filters["note"] = lambda text: note_text(text, lang)
    env.filters["name_in"] = lambda text: name_in(text, lang)
    env.globals.update(
        COMPARATORS=COMPARATORS,
        ROLE_LABELS=ROLE_LABELS,
        LANGUAGES=LANGUAGES,
        CSRF_FIELD=CSRF_FIELD,
        zip=zip,
        app_version=__version__,
        plotly_url=f"/vendor/plotly-{PLOTLY_VERSION}.min.js",
    )
    return env


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render ``template`` in the session's language, with the common page context."""
    lang = current_lang(request)
    user = getattr(request.state, "user", None)
    role = user.role if user else None
    page = {
        "request": request,
        "lang": lang,
        "html_lang": LANGUAGES[lang][1],
        "user": user,
        "nav": modules_for(role) if user else [],
        # Whether the user may open a URL (the access policy): links to pages the user's role
        # may not open are left out, not shown to answer 403.
        "may_open": lambda url: may_open(role, url),
        "path": request.url.path,
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        "csrf": csrf_token(request),
        "flashes": pop_flashes(request),
        "static": lambda name: f"/static/{name}?v={__version__}",
        **(context or {}),
    }
    html = environment(lang).get_template(template).render(page)
    return HTMLResponse(html, status_code=status_code)
