"""Pages one at a time per process, and the viewers spread over a server's processes
(carbonpeak.web.pacing): a reply closes its connection when its process has at least two
pages more to do than the least busy one."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from carbonpeak.web import pacing


def _reply_headers(
    middleware: pacing.PagePacingMiddleware, paths: list[str]
) -> list[dict[bytes, bytes]]:
    """``paths`` requested at once; the headers of each reply, in request order."""

    async def run() -> list[dict[bytes, bytes]]:
        async def one(path: str) -> dict[bytes, bytes]:
            scope = {"type": "http", "method": "GET", "path": path}
            got: dict[bytes, bytes] = {}

            async def receive() -> dict[str, Any]:
                return {"type": "http.request", "body": b""}

            async def send(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    got.update(dict(message["headers"]))

            await middleware(scope, receive, send)
            return got

        return list(await asyncio.gather(*(one(p) for p in paths)))

    # in a thread of its own: an earlier test (Playwright's sync API) may leave an event loop
    # running in this one, where asyncio.run() refuses to start
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result()


async def _page(scope: Any, receive: Any, send: Any) -> None:
    await asyncio.sleep(0.01)  # the page's work; the other requests wait their turn
    await send({"type": "http.response.start", "status": 200, "headers": [(b"x", b"1")]})
    await send({"type": "http.response.body", "body": b"ok"})


def _other_process(path: Path, pending: int) -> None:
    """The second slot: a live process (this one's parent) with ``pending`` pages."""
    slots = path.read_bytes()
    path.write_bytes(slots[: pacing.SLOT.size] + pacing.SLOT.pack(os.getppid(), pending))


def test_a_crowded_process_closes_the_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slots = tmp_path / "slots"
    pacing.make_slots(str(slots), 2)
    monkeypatch.setenv(pacing.SLOTS_ENV, str(slots))
    middleware = pacing.PagePacingMiddleware(_page, concurrency=1)  # takes the first slot
    _other_process(slots, pending=0)
    # three pages at once here, none there: the first reply leaves 3 pending here against
    # 0 there (3 > 0 + 1: close), the second 2 (2 > 1: close), the third 1 (kept)
    replies = _reply_headers(middleware, ["/", "/inventory", "/indicators"])
    assert [r.get(b"connection") for r in replies] == [b"close", b"close", None]
    assert all(r[b"x"] == b"1" for r in replies)
    # the other process as busy as this one: 3 here against 2 there, every connection kept
    _other_process(slots, pending=2)
    replies = _reply_headers(middleware, ["/", "/inventory", "/indicators"])
    assert [r.get(b"connection") for r in replies] == [None, None, None]
    # the count of this process is back to 0 after its pages
    assert pacing.SLOT.unpack_from(slots.read_bytes(), 0) == (os.getpid(), 0)


def test_one_process_keeps_every_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(pacing.SLOTS_ENV, raising=False)
    middleware = pacing.PagePacingMiddleware(_page, concurrency=1)
    replies = _reply_headers(middleware, ["/", "/inventory", "/indicators"])
    assert [r.get(b"connection") for r in replies] == [None, None, None]


def test_server_timing_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(pacing.SLOTS_ENV, raising=False)
    monkeypatch.delenv(pacing.TIMING_ENV, raising=False)
    assert b"server-timing" not in _reply_headers(pacing.PagePacingMiddleware(_page, 1), ["/"])[0]
    monkeypatch.setenv(pacing.TIMING_ENV, "1")
    timing = _reply_headers(pacing.PagePacingMiddleware(_page, 1), ["/", "/"])
    first, second = (t[b"server-timing"].decode() for t in timing)
    assert first.startswith("queue;dur=") and f"pid;desc={os.getpid()}" in first
    # the second page waited for the first (10 ms of work) before its turn
    assert float(second.split("queue;dur=")[1].split(",")[0]) > 0
