"""Errors as the caller expects them: JSON under ``/api``, an HTML page everywhere else.

Messages of domain errors are already bilingual; nothing shows a traceback.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from carbonpeak.core.errors import CarbonpeakError
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
        if _is_api(request):
            return JSONResponse(status_code=exc.http_status, content={"detail": str(exc)})
        return error_page(request, exc.http_status, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"]), "reason": e["msg"]} for e in exc.errors()
        ]
        if _is_api(request):
            return JSONResponse(
                status_code=422, content={"detail": "invalid request", "errors": errors}
            )
        detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors)
        return error_page(request, 422, detail)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request) or request.url.path in ("/docs", "/redoc", "/openapi.json"):
            return JSONResponse(
                status_code=exc.status_code,
                content={"detail": exc.detail},
                headers=getattr(exc, "headers", None),
            )
        return error_page(request, exc.status_code)
