"""HTTP API of readings, under ``/api/v1/monitoring`` (mounted by :mod:`carbonpeak.monitoring.api`).
Thin: parse the request, call the service, commit, format.

``POST /readings`` takes ``{"enterprise", "readings": [{"point", "ts", "value"}]}`` with an
enterprise token (or an admin's) and replies ``{"accepted", "duplicates", "rejected"}`` only
after the rows are committed (on SQLite in WAL mode with ``synchronous=FULL``: the commit has
reached the disk). Reads need a login; an enterprise user sees only its own data.
:func:`raw_body` (the body, refused with 413 beyond ``max_body_bytes``) serves every POST of the
domain.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field
from pydantic_core import from_json, to_json
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal, optional_principal
from carbonpeak.core.errors import CarbonpeakError, InputError
from carbonpeak.core.memory import gc_paused
from carbonpeak.core.settings import get_settings
from carbonpeak.db.api import Db
from carbonpeak.db.session import session_factory
from carbonpeak.monitoring.model import parse_when, scope
from carbonpeak.monitoring.readings import service
from carbonpeak.monitoring.rejected import service as rejections

router = APIRouter()
_log = logging.getLogger(__name__)
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


async def ingest_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    """:func:`current_principal` for the ingest route, on the event loop (no I/O: the caller
    was found by ``optional_principal``), sparing each batch a hop to the thread pool."""
    return current_principal(principal)


StartParam = Annotated[str, Query(description="起 start: 2026-01-01 (CST) or ISO 8601 instant")]
EndParam = Annotated[str, Query(description="止 end (exclusive)")]


class PayloadTooLarge(CarbonpeakError):
    http_status = 413


async def raw_body(request: Request) -> bytes:
    """The request body, refused with 413 beyond ``max_body_bytes`` (checked while reading)."""
    limit = get_settings().max_body_bytes
    too_large = PayloadTooLarge(
        f"请求体超过 {limit} 字节 / request body larger than {limit} bytes: send smaller batches"
    )
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


#: Large batches are handled one at a time per server process (more processes run in
#: parallel): the work is CPU-bound Python, so threads of one process would only take turns on
#: the GIL, and a thread inserting rows (the driver releases the GIL at every row) would wait for
#: the GIL after each row while another thread parses JSON. Small batches (a gateway's package)
#: go straight to the group commit, which gathers them into one transaction.
_one_batch_at_a_time = threading.Lock()
#: Readings from which a batch counts as large (and a group of its own).
LARGE_BATCH = 1_000


class RejectedReading(BaseModel):
    """A refused row: its index in ``readings`` and the reason (中文 / English)."""

    index: int
    error: str


class ReadingsReply(BaseModel):
    """What ``POST /readings`` answers once the rows are committed."""

    accepted: int = Field(description="stored (corrections included)")
    duplicates: int = Field(description="already stored with the same value, or repeated")
    rejected: list[RejectedReading] = Field(description="refused rows, with the reason")


@router.post("/readings", summary="报送读数 / submit readings", response_model=ReadingsReply)
async def post_readings(
    request: Request,
    principal: Annotated[Principal, Depends(ingest_principal)],
    body: Annotated[bytes, Depends(raw_body)],
) -> Response:
    """On the event loop from the body to the reply for a gateway's package: the caller is
    known from memory (``optional_principal``), the JSON is parsed here, and the batch waits
    for its group commit without holding a thread. A large batch is parsed and checked in the
    thread pool, one at a time per process (see ``_one_batch_at_a_time``). The reply is built
    here (``ReadingsReply`` documents it). At run time ``web/ingest_lane.py`` answers this
    route first, with the same steps and :func:`readings_reply`."""
    return await readings_reply(request, principal, body)


async def readings_reply(request: Request, principal: Principal, body: bytes) -> Response:
    """What ``POST /readings`` does once the caller may write and the body is read."""
    if principal.role not in (Role.ENTERPRISE, Role.ADMIN):
        require_role(principal, Role.ENTERPRISE, Role.ADMIN)
    url = request.app.state.database_url
    if len(body) > LARGE_BATCH * 60:  # a reading is ~60 bytes of JSON
        result, enterprise = await run_in_threadpool(_ingest_large, url, body, principal)
    else:
        payload = _parse(body)
        result = await service.ingest_committed_async(
            url=url,
            payload=payload,
            actor=principal.username,
            source="http",
            enterprise_scope=scope(principal),
        )
        enterprise = payload.get("enterprise") if isinstance(payload, dict) else None
    after = None
    if result.accepted and isinstance(enterprise, str) and _due(enterprise):
        # after the reply is sent, not on the request's path (the rows are committed already)
        after = BackgroundTask(_check_limits, url, enterprise)
    # pydantic-core's encoder (UTF-8, as ensure_ascii=False): json.dumps with a non-default
    # argument builds a new encoder per call, a measurable share of a small package's time
    return Response(to_json(result.reply()), media_type="application/json", background=after)


def _parse(body: bytes) -> Any:
    try:
        return from_json(body)  # pydantic-core's parser: one pass, in Rust
    except ValueError as exc:
        raise InputError(f"JSON 格式错误 / malformed JSON: {exc}") from None


def _ingest_large(url: str | None, body: bytes, principal: Principal) -> tuple[Any, Any]:
    """A large batch (in the thread pool): the result and the payload's enterprise."""
    with _one_batch_at_a_time, gc_paused():
        payload = _parse(body)
        # replied only after the commit holding the rows
        result = service.ingest_committed(
            url=url,
            payload=payload,
            actor=principal.username,
            source="http",
            enterprise_scope=scope(principal),
        )
        enterprise = payload.get("enterprise") if isinstance(payload, dict) else None
        del payload
    return result, enterprise


#: After an ingest batch an enterprise's limits are checked again at most this often (s).
LIMIT_CHECK_EVERY = 60.0
_last_check: dict[str, float] = {}
#: What runs after an accepted batch: ``check(db, enterprise_code)``; registered by
#: :mod:`carbonpeak.monitoring.api` (the limit alerts of ``findings``, which this sub-package
#: may not import: findings reads what readings stores).
AFTER_INGEST: list[Callable[[Session, str], None]] = []


def _due(enterprise: str) -> bool:
    """Whether the enterprise's limits are due for a check (at most once per
    ``LIMIT_CHECK_EVERY`` per process); marks it checked. Concurrent requests of one
    enterprise coalesce into one check: the first one due claims it under the lock."""
    now = time.monotonic()
    with _last_check_lock:
        if now - _last_check.get(enterprise, -LIMIT_CHECK_EVERY) < LIMIT_CHECK_EVERY:
            return False
        _last_check[enterprise] = now
        return True


_last_check_lock = threading.Lock()


async def _check_limits(url: str | None, enterprise: str) -> None:
    """Alerts for limits exceeded as the readings arrive (no data-quality rules: those run
    on the service's schedule), run after the reply of a batch when :func:`_due`. Awaited
    (the reply is sent already) while :data:`_checker` checks: the checks due in a process
    at the same time are done one after another by one thread in one session, instead of a
    thread-pool hop and a session (a pooled connection, often a new one) each."""
    await _checker.check(url, enterprise)


def _run_checks(db: Session, enterprise: str) -> None:
    for check in AFTER_INGEST:
        check(db, enterprise)


class _Checker:
    """The after-ingest limit checks of a process: enterprises handed in by :meth:`check`
    are checked by one thread of their own, in one session per round, each committed (or
    rolled back) on its own, so one enterprise's failure or write never touches another's
    (and on SQLite the write lock is held for one enterprise's alerts at most). An enterprise
    already waiting for its check is not checked twice. A failure is logged, never raised:
    the readings are stored and acknowledged already, and the scheduled checks run again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: dict[tuple[str | None, str], list[Callable[[], None]]] = {}
        self._running = False
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="limit-checks")

    async def check(self, url: str | None, enterprise: str) -> None:
        loop = asyncio.get_running_loop()
        done = loop.create_future()

        def notify() -> None:
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile (shutdown)
                loop.call_soon_threadsafe(_settle, done)

        with self._lock:
            self._waiting.setdefault((url, enterprise), []).append(notify)
            start = not self._running
            self._running = True
        if start:
            self._thread.submit(self._drain)
        await done

    def _drain(self) -> None:
        while True:
            with self._lock:
                due, self._waiting = self._waiting, {}
                if not due:
                    self._running = False
                    return
            by_url: dict[str | None, list[str]] = {}
            for url, enterprise in due:
                by_url.setdefault(url, []).append(enterprise)
            for url, enterprises in by_url.items():
                db = session_factory(url)()  # connects at its first query
                try:
                    for enterprise in enterprises:
                        try:
                            _run_checks(db, enterprise)
                            db.commit()
                            db.expunge_all()  # the next enterprise reads afresh
                        except Exception:  # logged; the scheduled checks run again
                            db.rollback()
                            _log.exception("after-ingest limit check of %s failed", enterprise)
                        finally:
                            for notify in due[(url, enterprise)]:
                                notify()
                finally:
                    db.close()


def _settle(done: asyncio.Future[None]) -> None:
    if not done.done():
        done.set_result(None)


_checker = _Checker()


class ReadingOut(BaseModel):
    """A stored reading: its time label, value (raw register units × multiplier as stored) and
    when it arrived (ISO 8601)."""

    ts: str
    value: float
    received_at: str


class DeadLetterOut(BaseModel):
    """A message that could not be read at all (not JSON, not the payload's shape), kept."""

    id: int
    received_at: str
    source: str
    topic: str
    payload: str
    error: str


class RejectedOut(BaseModel):
    """A reading refused for its value, as sent (times in CST; ``ts`` null when unreadable)."""

    point: str
    ts: str | None
    ts_text: str
    value: str = Field(description="the value as sent")
    error: str
    source: str
    received_at: str
    received_by: str


@router.get("/points/{code}/readings", summary="原始读数 / raw readings of a point")
def get_readings(
    code: str, db: Db, principal: CurrentPrincipal, start: StartParam, end: EndParam
) -> list[ReadingOut]:
    scope(principal, service.point_owner(db_session=db, point_code=code))
    rows = service.readings(
        db_session=db,
        point_code=code,
        start=parse_when(start, "start"),
        end=parse_when(end, "end"),
    )
    return [
        ReadingOut(ts=r.ts.isoformat(), value=r.value, received_at=r.received_at.isoformat())
        for r in rows
    ]


@router.get("/dead-letters", summary="无法解析的消息 / dead letters")
def get_dead_letters(db: Db, principal: CurrentPrincipal) -> list[DeadLetterOut]:
    require_role(principal, Role.ADMIN)
    return [
        DeadLetterOut(
            id=d.id,
            received_at=d.received_at.isoformat(),
            source=d.source,
            topic=d.topic,
            payload=d.payload,
            error=d.error,
        )
        for d in service.dead_letters(db_session=db)
    ]


# Refused readings 拒收的读数 (隔离表 ``mon_rejected_readings``,
# :mod:`carbonpeak.monitoring.rejected`): a login is needed, an enterprise user sees only its
# own. ``GET /enterprises/{code}/rejected`` lists the enterprise's readings refused for an
# impossible value (负值、非有限数、非数字) labelled in [start, end), as sent: ``ts`` is None
# when the time label was unreadable (the row then counts when it arrived, ``ts_text`` has the
# label as sent); times in CST. The same fields as ``carbonpeak monitor rejected --json``. Its
# own router, listed last as it always was.
rejected_router = APIRouter()


@rejected_router.get(
    "/enterprises/{code}/rejected",
    summary="拒收读数 / readings refused for their value",
    response_model=list[RejectedOut],
)
def get_rejected(
    code: str, db: Db, principal: CurrentPrincipal, start: StartParam, end: EndParam
) -> list[dict[str, Any]]:
    scope(principal, code)
    lo, hi = parse_when(start, "start"), parse_when(end, "end")
    if lo >= hi:
        raise InputError(f"start {start} 须早于 end {end} / start must be before end")
    return [
        rejections.as_json(point, r)
        for point, r in rejections.rejected_readings(
            db_session=db, enterprise_code=code, start=lo, end=hi
        )
    ]
