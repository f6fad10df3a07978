"""Errors as the caller expects them: JSON under ``/api``, an HTML page everywhere else.

Messages of domain errors are already bilingual; nothing shows a traceback. Every API error
has one shape, ``{"detail": str, "problems": [{"row", "field", "reason"}], "problems_total"}``
(``ErrorBody``): the message cut to ``MAX_DETAIL`` characters and the first problems only, so
a file with a million bad rows gets a short answer.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from carbonpeak.core.errors import CarbonpeakError, InputError, Problem
from carbonpeak.core.intake import capped
from carbonpeak.web.i18n import N_
from carbonpeak.web.session import LoginRequired
from carbonpeak.web.templating import render

TITLES = {
    400: N_("Bad request"),
    401: N_("Login required"),
    403: N_("Not allowed"),
    404: N_("Page not found"),
    405: N_("Method not allowed"),
    409: N_("Conflict"),
    422: N_("Invalid input"),
}
GENERIC_TITLE = N_("Something went wrong")
#: Characters of an error message sent at most.
MAX_DETAIL = 2000


def short(message: str) -> str:
    if len(message) <= MAX_DETAIL:
        return message
    return message[:MAX_DETAIL] + f" … (另有 {len(message) - MAX_DETAIL} 字 / cut)"


def error_body(message: str, problems: tuple[Problem, ...] | list[Problem] = ()) -> dict:
    """The one error body of the API (see ``carbonpeak.web.schema.ErrorBody``)."""
    shown, total = capped(problems)
    return {
        "detail": short(message),
        "problems": [{"row": p.row, "field": p.field, "reason": p.reason} for p in shown],
        "problems_total": total,
    }


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_page(request: Request, status: int, detail: str | None = None) -> Response:
    """The HTML error page (its title from the catalogs, the detail as the error says it)."""
    title = TITLES.get(status, GENERIC_TITLE)
    return render(
        request, "error.html", {"status": status, "title": title, "detail": detail}, status
    )


def install(app: FastAPI) -> None:
    """Register the error handlers on ``app``."""

    @app.exception_handler(LoginRequired)
    async def _login_required(_request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(exc.login_url, status_code=303)

    @app.exception_handler(CarbonpeakError)
    async def _domain_error(request: Request, exc: CarbonpeakError) -> Response:
        problems = exc.problems if isinstance(exc, InputError) else ()
        retry = getattr(exc, "retry_after", None)  # a throttled login
        headers = {"Retry-After": str(retry)} if retry is not None else None
        if _is_api(request):
            body = error_body(str(exc), problems)
            return JSONResponse(status_code=exc.http_status, content=body, headers=headers)
        return error_page(request, exc.http_status, short(str(exc)))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            Problem(None, ".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()
        ]
        detail = "; ".join(f"{p.field}: {p.reason}" for p in problems)
        if _is_api(request):
            body = error_body(f"请求无效 / invalid request: {detail}", problems)
            return JSONResponse(status_code=422, content=body)
        return error_page(request, 422, short(detail))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request) or request.url.path in ("/docs", "/redoc", "/openapi.json"):
            return JSONResponse(
                status_code=exc.status_code,
                content=error_body(str(exc.detail)),
                headers=getattr(exc, "headers", None),
            )
        return error_page(request, exc.status_code)
