"""Errors as the caller expects them: JSON under ``/api``, an HTML page everywhere else.

Messages of domain errors are already bilingual; nothing shows a traceback. Every API error
has one shape, ``{"detail": str, "problems": [{"row", "field", "reason"}], "problems_total"}``
(``ErrorBody``): the message cut to ``MAX_DETAIL`` characters and the first problems only, so
a file with a million bad rows gets a short answer.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from carbonpeak.core.errors import CarbonpeakError, InputError, Problem
from carbonpeak.core.responses import error_body, short
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


class ProblemOut(BaseModel):
    row: int | None = Field(description="行号 row of the input file (1 = header), if any")
    field: str = Field(description="字段 the field or parameter")
    reason: str = Field(description="原因 why (Chinese / English)")


class ErrorBody(BaseModel):
    """The body of every API error (4xx/5xx)."""

    detail: str = Field(description="说明 what went wrong (Chinese / English)")
    problems: list[ProblemOut] = Field(default_factory=list, description="first problems")
    problems_total: int = Field(default=0, description="how many problems there were in all")


_STATUS_MEANING = {
    400: "Bad request",
    401: "Login required (send a token or HTTP Basic credentials)",
    403: "Not allowed for this role or unit",
    404: "Not found",
    409: "Conflict with the stored state",
    413: "Too large (body, rows, unzipped size)",
    422: "Invalid input: the problems name row, field and reason",
    429: "Too many failed logins (Retry-After)",
    503: "Busy: too many heavy runs or a file took too long",
}
#: For ``include_router(responses=...)``: every API operation documents these.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": meaning}
    for status, meaning in _STATUS_MEANING.items()
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


#: Why a request parameter was refused, in the page's language (pydantic's error type →
#: msgid); pydantic's own English message is shown on the English page only.
VALIDATION_REASONS = {"missing": N_("required")}


def error_page(
    request: Request,
    status: int,
    detail: str | None = None,
    invalid: list[tuple[str, str, str, str]] | None = None,
) -> Response:
    """The HTML error page (its title from the catalogs; the detail, a ``中文 / English``
    message, in the page's language; ``invalid``: the refused parameters of a request as
    (field, msgid of the reason, pydantic's message, the value given))."""
    title = TITLES.get(status, GENERIC_TITLE)
    context = {"status": status, "title": title, "detail": detail, "invalid": invalid or []}
    return render(request, "error.html", context, status)


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
        invalid = [
            (
                ".".join(str(p) for p in e["loc"]),
                VALIDATION_REASONS.get(e["type"], N_("invalid value")),
                e["msg"],
                "" if e["type"] == "missing" else str(e.get("input", ""))[:80],
            )
            for e in exc.errors()[:20]
        ]
        return error_page(request, 422, invalid=invalid)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request) or request.url.path in ("/docs", "/redoc", "/openapi.json"):
            return JSONResponse(
                status_code=exc.status_code,
                content=error_body(str(exc.detail)),
                headers=getattr(exc, "headers", None),
            )
        return error_page(request, exc.status_code)
