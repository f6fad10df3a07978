"""The application factory: API routers of every domain, and (later) the web pages."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from carbonpeak import __version__
from carbonpeak.core.errors import CarbonpeakError
from carbonpeak.web.routes import api_router, pages_router


def create_app(database_url: str | None = None) -> FastAPI:
    """Build the app. ``database_url`` overrides the settings (tests use it)."""
    app = FastAPI(
        title="carbonpeak",
        version=__version__,
        description="碳达峰实施方案管理平台 / carbon-peak implementation plan platform",
    )
    app.state.database_url = database_url

    @app.exception_handler(CarbonpeakError)
    async def _domain_error(_request: Request, exc: CarbonpeakError) -> JSONResponse:
        return JSONResponse(status_code=exc.http_status, content={"detail": str(exc)})

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"]), "reason": e["msg"]} for e in exc.errors()
        ]
        return JSONResponse(
            status_code=422, content={"detail": "invalid request", "errors": errors}
        )

    app.include_router(api_router, prefix="/api/v1")
    app.include_router(pages_router)
    return app
