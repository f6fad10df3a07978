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

Balance between the processes of one server (``carbonpeak serve --workers N``, N > 1). The
processes share the listening socket, and a browser keeps its connection (keep-alive): which
process serves a viewer is decided once, when its connection is accepted, and the split can be
uneven (8 viewers: 6 on one process, 2 on the other), so the viewers of the fuller process wait
behind more pages. ``carbonpeak serve`` gives the processes a small shared file
(``CARBONPEAK_PAGE_SLOTS``) where each keeps the number of its pages waiting or rendering.
A page reply goes out with ``Connection: close`` when its process has at least two pages more
to do (this one included) than the least busy process: the browser reconnects for its next
page, and the least busy process, whose event loop is free, is the likeliest to accept it.
Once the viewers are spread evenly, connections are kept. Measured side by side on an idle
2-core machine (``bench_pages.py --viewers 8 --requests 400``, stop 25): without the shared file
all 8 viewers stayed on one process and p99 / p50-alone was 11.0-14.3 for the four pages; with
it, 4.9-8.1.

With ``CARBONPEAK_SERVER_TIMING=1`` every page reply carries a ``Server-Timing`` header:
``queue`` (milliseconds the page waited for its turn), ``app`` (from its turn to the start of
the reply: routing, database, template), ``cpu`` (the process's CPU time in that while: less
than ``app`` when the process waited for a core), ``gc`` (garbage collections of the process
in that while, ``gc.callbacks``) and ``pid`` (the server process that answered), so
``benchmarks/bench_pages.py`` can tell where a slow reply's time went.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import gc
import mmap
import os
import struct
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ENV = "CARBONPEAK_PAGE_CONCURRENCY"
DEFAULT = 1
TIMING_ENV = "CARBONPEAK_SERVER_TIMING"
SLOTS_ENV = "CARBONPEAK_PAGE_SLOTS"
#: One slot per process: its pid, its pages waiting or rendering (two int32).
SLOT = struct.Struct("=ii")


class _GcClock:
    """Milliseconds spent in garbage collections by this process so far."""

    def __init__(self) -> None:
        self.total = 0.0
        self._began = 0.0
        gc.callbacks.append(self._tick)

    def _tick(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.total += (time.perf_counter() - self._began) * 1000


_gc_clock: _GcClock | None = None


def _gc_ms() -> float:
    global _gc_clock
    if _gc_clock is None:
        _gc_clock = _GcClock()
    return _gc_clock.total


def make_slots(path: str, processes: int) -> None:
    """The shared file of ``processes`` empty slots (``carbonpeak serve``, before starting)."""
    with open(path, "wb") as f:
        f.write(bytes(SLOT.size * processes))


class Slots:
    """This process's slot in the shared file, and a look at the others'."""

    def __init__(self, path: str) -> None:
        with open(path, "r+b") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            self.map = mmap.mmap(f.fileno(), 0)
            self.n = len(self.map) // SLOT.size
            pid = os.getpid()
            self.offset = -1
            for i in range(self.n):
                other, _ = SLOT.unpack_from(self.map, i * SLOT.size)
                if other == 0 or not _alive(other):  # free, or of a process that ended
                    self.offset = i * SLOT.size
                    SLOT.pack_into(self.map, self.offset, pid, 0)
                    break
            fcntl.flock(f, fcntl.LOCK_UN)

    def set(self, pending: int) -> None:
        if self.offset >= 0:
            SLOT.pack_into(self.map, self.offset, os.getpid(), pending)

    def least_other(self) -> int | None:
        """The fewest pending pages of another live process (None: no other)."""
        least = None
        for i in range(self.n):
            if i * SLOT.size == self.offset:
                continue
            pid, pending = SLOT.unpack_from(self.map, i * SLOT.size)
            if pid and (least is None or pending < least):
                least = pending
        return least


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _slots() -> Slots | None:
    path = os.environ.get(SLOTS_ENV, "")
    if not path:
        return None
    with contextlib.suppress(OSError, ValueError):
        return Slots(path)
    return None


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
        self.timing = os.environ.get(TIMING_ENV, "") == "1"
        self._pid = os.getpid()
        self._pending = 0  # this process's pages waiting or rendering
        self._slots = _slots() if self.concurrency > 0 else None

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
        arrived = time.perf_counter()
        self._count(+1)
        try:
            await turns.acquire()
        except BaseException:
            self._count(-1)
            raise
        started = time.perf_counter()
        gc_before = _gc_ms() if self.timing else 0.0
        cpu_before = time.process_time()
        held = [True]

        def release() -> None:
            if held[0]:
                held[0] = False
                turns.release()
                self._count(-1)

        async def sent(message: Message) -> None:
            if message["type"] == "http.response.start":
                close = self._crowded()
                release()  # rendered: the next page may run while this reply goes out
                if close:
                    headers = [
                        *[(k, v) for k, v in message.get("headers", []) if k != b"connection"],
                        (b"connection", b"close"),
                    ]
                    message = {**message, "headers": headers}
                if self.timing:
                    now = time.perf_counter()
                    value = (
                        f"queue;dur={(started - arrived) * 1000:.2f}, "
                        f"app;dur={(now - started) * 1000:.2f}, "
                        f"cpu;dur={(time.process_time() - cpu_before) * 1000:.2f}, "
                        f"gc;dur={_gc_ms() - gc_before:.2f}, pid;desc={self._pid}"
                    )
                    headers = [*message.get("headers", []), (b"server-timing", value.encode())]
                    message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, sent)
        finally:
            release()

    def _count(self, step: int) -> None:
        self._pending += step
        if self._slots is not None:
            self._slots.set(self._pending)

    def _crowded(self) -> bool:
        """At least two pages more to do here (this one included) than in the least busy
        process (8 viewers: 5 here and 3 there): this reply closes its connection."""
        if self._slots is None:
            return False
        least = self._slots.least_other()
        return least is not None and self._pending > least + 1
