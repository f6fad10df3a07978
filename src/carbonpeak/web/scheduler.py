"""Checks that run inside the service on a schedule (no terminal needed): every
``CARBONPEAK_MONITOR_CHECK_MINUTES`` (default 60 for ``carbonpeak serve``; 0 turns it off)
the data-quality rules and the limit, silence and quality alerts of every monitored enterprise
(:func:`carbonpeak.monitoring.check_all_enterprises`, what ``monitor check`` does), then the
energy review's monthly comparison of commissioned projects with their approved values over the
completed months (:func:`carbonpeak.review.run_followup`, what ``review followup`` does), the
first time shortly after start, by one process only (:func:`my_turn`). Runs in a worker thread;
a failing run is logged and retried at the next tick, never taking the web service down."""

from __future__ import annotations

import asyncio
import logging
import os
from contextlib import suppress
from datetime import date, datetime

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from carbonpeak.db.session import session_scope
from carbonpeak.monitoring import CST, check_all_enterprises, make_partitions_ahead
from carbonpeak.review import run_followup

log = logging.getLogger(__name__)
#: Seconds after start before the first run (let the server answer first).
FIRST_RUN_AFTER = 5.0


def interval_minutes(default: float = 60.0) -> float:
    try:
        return max(0.0, float(os.environ.get("CARBONPEAK_MONITOR_CHECK_MINUTES", default)))
    except ValueError:
        return default


def run_checks(database_url: str | None, today: date | None = None) -> dict[str, tuple[int, int]]:
    """One run over every enterprise (its own transaction); first the coming months'
    partitions of the raw readings (PostgreSQL), so that no ingest has to make one; then the
    review follow-up (:func:`review_followup`). Returns the monitoring checks' counts."""
    with session_scope(database_url) as db:
        make_partitions_ahead(db_session=db)
    with session_scope(database_url) as db:
        done = check_all_enterprises(db_session=db)
    try:
        review_followup(database_url, today)
    except Exception:  # logged; the monitoring checks stand, the next tick tries again
        log.exception("scheduled review follow-up failed")
    return done


def review_followup(database_url: str | None, today: date | None = None) -> int:
    """The monthly comparison (月度比对) of commissioned projects with their approved values,
    over the completed months only (up to the first day of ``today``'s month, CST): a month is
    compared once it is over, not on its first days' partial unit consumption. Idempotent: a
    project, month and measure gets one alert, so every tick after the first of a month adds
    none, yet late readings of a past month are still compared. Returns the new alerts."""
    today = today or datetime.now(CST).date()
    with session_scope(database_url) as db:
        report = run_followup(db_session=db, until=today.replace(day=1), actor="scheduler")
    return sum(p["new_alerts"] for p in report["projects"])


#: Lock files this process holds (by database), open for the process's life.
_held: dict[str, object] = {}


def my_turn(minutes: float, database_url: str | None = None) -> bool:
    """Whether this process runs this round of checks: one process does, not every server
    process (each would compute the same alerts, and take its CPU from the pages it serves).
    With Redis: the first process of any server to take the round's key (it lives ~one
    interval); without: the process holding the lock file under the data dir (one machine).
    Both are named by the database the checks run on."""
    import hashlib

    from carbonpeak.core.settings import get_settings
    from carbonpeak.core.shared import figure_cache, redis_client, redis_url

    target = database_url or get_settings().resolved_database_url()
    where = hashlib.sha256(target.encode()).hexdigest()
    url = redis_url()
    if url is not None:
        try:
            key = f"{figure_cache().prefix}:scheduled-checks:{where[:16]}"
            ttl = max(1, int(minutes * 60 * 0.9))
            return bool(redis_client(url).set(key, os.getpid(), nx=True, ex=ttl))
        except Exception:  # Redis down: this process runs them (as without Redis)
            log.warning("Redis does not answer: scheduled checks run in this process")
            return True
    if where in _held:
        return True
    try:
        import fcntl

        directory = get_settings().data_dir
        directory.mkdir(parents=True, exist_ok=True)
        name = f"scheduled-checks-{where[:16]}.lock"
        handle = open(directory / name, "a")  # noqa: SIM115 (kept open)
    except (ImportError, OSError):  # no fcntl (Windows) or no data dir: run them here
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return False  # another process of this machine holds it for its life
    _held[where] = handle
    return True


async def _loop(app: FastAPI, minutes: float) -> None:
    await asyncio.sleep(FIRST_RUN_AFTER)
    while True:
        try:
            if my_turn(minutes, app.state.database_url):
                done = await run_in_threadpool(run_checks, app.state.database_url)
                log.info("scheduled monitoring checks: %s", done)
        except Exception:  # logged; the next tick tries again
            log.exception("scheduled monitoring checks failed")
        await asyncio.sleep(minutes * 60)


def install(app: FastAPI) -> None:
    """Start the schedule with the app and stop it with the app."""
    tasks: list[asyncio.Task[None]] = []

    @app.on_event("startup")
    async def _start() -> None:
        # The served app (`carbonpeak serve`) checks hourly; an app made for a given database
        # (tests) only when CARBONPEAK_MONITOR_CHECK_MINUTES asks for it.
        minutes = interval_minutes(60.0 if app.state.database_url is None else 0.0)
        if minutes > 0:
            tasks.append(asyncio.create_task(_loop(app, minutes)))

    @app.on_event("shutdown")
    async def _stop() -> None:
        for task in tasks:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
        tasks.clear()  # an app started again (a test's app, lent to the next) starts afresh
