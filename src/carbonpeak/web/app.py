"""The application factory: API routers of every domain under /api/v1, and the web pages
(server-rendered, Jinja2; static files and plotly.js served from the package)."""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.middleware.sessions import SessionMiddleware

from carbonpeak import __version__
from carbonpeak.web import errors, ingest_lane, scheduler, warm
from carbonpeak.web.access import api_guard, check_policy_covers, page_guard, remember_route_paths
from carbonpeak.web.config import get_web_settings, resolve_secret_key
from carbonpeak.web.errors import ERROR_RESPONSES
from carbonpeak.web.invalidate import InvalidateOnWriteMiddleware
from carbonpeak.web.pacing import PagePacingMiddleware
from carbonpeak.web.routes import api_router, pages_router
from carbonpeak.web.security import SecurityHeadersMiddleware

STATIC_DIR = Path(__file__).parent / "static"
SESSION_COOKIE = "carbonpeak_session"


def create_app(database_url: str | None = None, *, secret_key: str | None = None) -> FastAPI:
    """Build the app. ``database_url`` overrides the settings (tests use it); so does
    ``secret_key`` (else ``CARBONPEAK_SECRET_KEY``, else a key kept under the data dir)."""
    # Swagger UI and ReDoc served from the fastapi-offline package: /docs works offline
    app = FastAPIOffline(
        title="carbonpeak",
        version=__version__,
        description="碳达峰实施方案管理平台 / carbon-peak implementation plan platform",
    )
    app.state.database_url = database_url
    settings = get_web_settings()
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key or resolve_secret_key(settings),
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_max_age,
        same_site="lax",
        https_only=settings.cookie_secure,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(InvalidateOnWriteMiddleware)  # cached figures: web/invalidate.py
    app.add_middleware(PagePacingMiddleware)  # pages one at a time per process: web/pacing.py
    errors.install(app)
    # Every route passes its access check (web/access.py): the policy table decides.
    app.include_router(
        api_router,
        prefix="/api/v1",
        dependencies=[Depends(api_guard)],
        responses=ERROR_RESPONSES,  # one error body, documented for every status
    )
    app.include_router(pages_router, dependencies=[Depends(page_guard)])
    ingest_lane.install(app)  # gateways' packages skip FastAPI's routing: web/ingest_lane.py
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    if warm.enabled():  # `carbonpeak serve`: figures ready before the first visitor
        warm.install(app, database_url)
    scheduler.install(app)  # quality and limit checks on a schedule, inside the service
    check_policy_covers(app)
    remember_route_paths(app)
    return app
