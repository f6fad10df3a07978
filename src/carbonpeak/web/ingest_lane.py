"""The ingest lane: ``POST /api/v1/monitoring/readings`` answered by a plain Starlette route
tried before every other, with the same steps as the FastAPI route and its dependencies.

Why: gateways post a package of about ten readings every 15 minutes, at the quarter hour all
together, so this one route takes nearly every request a server gets. FastAPI (0.137 and
later) keeps included routers as a tree and, on every request, walks it to find the route
(``_IncludedRouter.effective_candidates`` over the whole API of nested routers), then solves
the dependencies' graph: a third of the event loop's part of a ten-reading package in a py-spy
profile of a one-worker server (stop 30). The lane skips both (with the point lookup reading
the change counters too, the server's CPU per package fell by about a fifth in alternating
runs) and keeps everything else: the middlewares around the router (sessions, security
headers, pacing, invalidation) and the exception handlers (errors become the same 4xx bodies).

The steps, in the FastAPI route's order (``web.access.api_guard``, then the route's own
dependencies, then the handler): the caller (``auth.api.optional_principal``); the access
table's rule for this route (the same table ``api_guard`` reads: 401 anonymous, 403 a role it
does not admit); the integer range check of query numbers; the body with its size limit
(``raw_body``, 413); then ``readings_reply``, which the FastAPI route calls too. The FastAPI
route stays registered: it documents the endpoint (OpenAPI, ``/docs``), its access decision
is checked with every other's, and it answers if the lane is not installed
(``tests/web/test_ingest_lane.py`` compares the two).
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from starlette.routing import Route

from carbonpeak.auth.api import current_principal, optional_principal
from carbonpeak.monitoring.api import raw_body, readings_reply
from carbonpeak.web.access import Access, access_of, check_integer_range, enforce

PATH = "/api/v1/monitoring/readings"


async def post_readings_lane(request: Request) -> Response:
    """``POST /api/v1/monitoring/readings`` without FastAPI's routing and dependency solving."""
    # the caller, or 401: the route needs one (ingest_principal) and the table asks a login of
    # it, so in the FastAPI route too the 401 comes first (api_guard's)
    caller = current_principal(await optional_principal(request))
    access = access_of("POST", PATH) or Access.ADMIN  # closed if the table lost it
    if access not in (Access.PUBLIC, Access.PUBLISHED):
        enforce(access, caller)
    check_integer_range(request)
    body = await raw_body(request)
    return await readings_reply(request, caller, body)


def install(app: FastAPI) -> None:
    """Put the lane first among the app's routes (before the pages and the API tree)."""
    app.router.routes.insert(0, Route(PATH, post_readings_lane, methods=["POST"]))
