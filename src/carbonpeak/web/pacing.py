"""Pages one (or N) at a time per server process 页面请求排队.

A page is a few dozen milliseconds of Python (queries, figures, template): CPU work that holds
the interpreter lock. Run by the thread pool, eight concurrent page requests in one process
share the lock: each query that releases it (the database driver waits for the database) must
win it back from the threads that compute, and CPython hands it over only every switch
interval (5 ms). A page of 40 queries then waits ~200 ms more under load than alone, and
which page waits most is luck: the tail (p99) of the pages grew to 15-18 times the page's own
time alone (``benchmarks/bench_pages.py --viewers 8``).

This middleware lets at most ``CARBONPEAK_PAGE_CONCURRENCY`` page requests (GET or HEAD, not
``/api/``, not ``/static/``; default 1) of a process run at once; the others wait their turn in
arrival order (``asyncio.Semaphore`` is first come, first served) without taking a thread.
The process's time goes to one page at a time, so each page takes its own time plus the queue
in front of it, and the tail follows the queue length. The API (ingest, imports, jobs) is not
queued here: it keeps the thread pool. The turn ends when the page's reply starts (the page
is rendered by then), so a slow client reading a long reply keeps no other page waiting.
``CARBONPEAK_PAGE_CONCURRENCY=0`` turns the queue off.
"""

from __future__ import annotations

import asyncio
import os

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ENV = "CARBONPEAK_PAGE_CONCURRENCY"
DEFAULT = 1
#: Paths that are not pages (their own limits, or no Python work worth queueing).
NOT_PAGES = ("/api/", "/static/", "/docs", "/redoc", "/openapi.json")


def limit() -> int:
    """The configured number of pages a process renders at once (0: no queue)."""
    try:
        return max(0, int(os.environ.get(ENV, DEFAULT)))
    except ValueError:
        return DEFAULT


class PagePacingMiddleware:
    def __init__(self, app: ASGIApp, concurrency: int | None = None) -> None:
        self.app = app
        self.concurrency = limit() if concurrency is None else concurrency
        self._turns: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.concurrency <= 0
            or scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or str(scope["path"]).startswith(NOT_PAGES)
        ):
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        if self._turns is None or self._loop is not loop:  # one queue per event loop (tests)
            self._turns, self._loop = asyncio.Semaphore(self.concurrency), loop
        turns = self._turns
        await turns.acquire()
        held = [True]

        def release() -> None:
            if held[0]:
                held[0] = False
                turns.release()

        async def sent(message: Message) -> None:
            if message["type"] == "http.response.start":
                release()  # rendered: the next page may run while this reply goes out
            await send(message)

        try:
            await self.app(scope, receive, sent)
        finally:
            release()
