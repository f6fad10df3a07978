"""Computed figures made ready before the first visitor 预先计算: the inventory of the city's
default activity dataset (as the pages choose it), the overview figures and its projection,
and every scenario run of the scenario pages, computed by each server process at start-up
and again whenever the data version changes (an import in any process, or from the command
line).

The caches they fill are keyed by what they are computed from (the dataset version row and
its sha256, the factor set's sha256: ``inventory.activity.service.compute``), read from the
shared database, so every process of every server sees the same data version and a cache can
never serve figures of data that changed. What this adds: the cost of a change (an inventory
is ~2 s; a scenario with 500 Monte Carlo draws ~1 s) is paid by this background thread, not by
the first visitor. With Redis (``CARBONPEAK_REDIS_URL``) the figures go to the shared cache
(``carbonpeak.core.shared``): the first process to warm computes them, the others read them.
Reads only; the session is rolled back.

Started by :func:`carbonpeak.web.app.create_app` when ``CARBONPEAK_WARM`` is ``1``
(``carbonpeak serve`` sets it); tests build apps without it.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from sqlalchemy.orm import Session

from carbonpeak.core.errors import CarbonpeakError
from carbonpeak.db.session import session_factory
from carbonpeak.inventory import list_activity_datasets
from carbonpeak.web import dataset_choice, longlived, overview_data, scenario_view

log = logging.getLogger(__name__)
ENV = "CARBONPEAK_WARM"
#: Seconds between two looks at the data version (one small query).
POLL_SECONDS = 5.0


def data_version(db: Session) -> tuple[Any, ...]:
    """What the cached figures are computed from: the latest version of every activity
    dataset (an import adds a version; a version pins its factor set)."""
    return tuple(
        (ds.name, v.id, v.sha256, v.factor_set, v.factor_set_version)
        for ds, v in list_activity_datasets(db_session=db)
    )


def warm(url: str | None) -> list[str]:
    """Compute the figures the pages show first; the names of what was computed."""
    done: list[str] = []
    db = session_factory(url)()
    try:
        picked = dataset_choice.choose(db, None, None)  # the city default, as the pages
        if overview_data.figures(picked) is None:
            return done
        done.append("inventory + overview")
        base = scenario_view.base(picked)
        for name in scenario_view.names():
            try:
                for spec in scenario_view.page_runs(name):  # the same runs as the pages
                    scenario_view.run_spec(base, spec)
            except CarbonpeakError:  # a scenario that cannot start from this inventory
                continue
            done.append(f"scenario {name}")
    finally:
        db.rollback()
        db.close()
    return done


def install(app: Any, url: str | None) -> None:
    """Warm in the background from the app's start-up on, and let the server take requests
    only after the first warming: the first visitors find the figures computed, and no page
    request shares the process with the start-up computations (under 8 concurrent viewers
    they made the slowest pages, ``benchmarks/bench_pages.py --viewers 8``)."""
    ready = threading.Event()

    @app.on_event("startup")
    async def _first_warming() -> None:
        from starlette.concurrency import run_in_threadpool

        start(url, ready=ready)
        if not await run_in_threadpool(ready.wait, READY_WAIT_SECONDS):
            log.warning("the first warming takes long: taking requests before it is done")
        longlived.settle()  # what the start-up made: out of the collector's way


def enabled() -> bool:
    return os.environ.get(ENV, "") == "1"


#: Seconds the server's start-up waits for the first warming before it takes requests.
READY_WAIT_SECONDS = 600.0


def start(
    url: str | None, *, poll: float = POLL_SECONDS, ready: threading.Event | None = None
) -> threading.Event:
    """Warm now and after every change of :func:`data_version`, in a daemon thread; set the
    returned event to stop it. ``ready`` is set after the first warming (done or failed)."""
    stop = threading.Event()

    def loop() -> None:
        seen: tuple[Any, ...] | None = None
        while not stop.is_set():
            try:
                db = session_factory(url)()
                try:
                    now = data_version(db)
                finally:
                    db.rollback()
                    db.close()
                if now != seen:
                    log.info("warmed: %s", ", ".join(warm(url)) or "nothing to compute")
                    seen = now
            except Exception:  # a database hiccup: try again at the next poll
                log.exception("warming the page figures failed")
            if ready is not None:
                ready.set()
            stop.wait(poll)

    threading.Thread(target=loop, name="carbonpeak-warm", daemon=True).start()
    return stop
