"""After a write through the web or the API, every server drops its cached figures 写后失效
(``carbonpeak.core.shared.invalidate``: one ``INCR`` of the shared generation in Redis, or of
this process's counter without Redis).

A write is a POST, PUT, PATCH or DELETE answered with a status below 400. Writes that change
no figure a page caches are left out: logging in and out, tokens, meter readings (their rate
would empty the cache all day), scenario runs and jobs.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from carbonpeak.core.shared import invalidate

log = logging.getLogger(__name__)
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: Path prefixes whose writes leave the cached figures as they are.
KEEP = (
    "/login",
    "/logout",
    "/lang",
    "/api/v1/auth",
    "/api/v1/monitoring/readings",
    "/api/v1/scenarios",
    "/api/v1/jobs",
)


class InvalidateOnWriteMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in WRITES
            or str(scope["path"]).startswith(KEEP)
        ):
            await self.app(scope, receive, send)
            return

        async def seen(message: Message) -> None:
            # before the reply leaves: a client that saw the write sees its effect everywhere
            if message["type"] == "http.response.start" and int(message["status"]) < 400:
                try:
                    invalidate()  # one INCR (sub-millisecond), so no thread hop
                except Exception:  # Redis unreachable: figures keyed by data version stay right
                    log.exception("could not invalidate the shared figure cache")
            await send(message)

        await self.app(scope, receive, seen)
