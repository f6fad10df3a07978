"""Long-lived results kept between requests (a computed inventory, scenario runs) and the
garbage collector.

An inventory is a tree of many small traced values; once cached it lives as long as the
process. CPython's full (generation 2) collections scan every live container object, so with
an inventory in memory each full collection costs tens of milliseconds and lands on whatever
request happens to trigger it (the p95 of the pages, see ``benchmarks/bench_pages.py``).
After a new long-lived result is cached, :func:`keep` collects garbage once and moves the
surviving objects to the permanent generation (``gc.freeze``), which later collections skip.
Before that it un-freezes what was frozen earlier, so that a result dropped from a cache since
is collected then: nothing stays frozen that is no longer used.
"""

from __future__ import annotations

import gc
import threading
import weakref

_lock = threading.Lock()
#: The results frozen already, by id (weak: a result dropped from its cache leaves it; the
#: identity check below keeps a reused id from passing for the old object).
_kept: weakref.WeakValueDictionary[int, object] = weakref.WeakValueDictionary()


def keep(obj: object) -> None:
    """``obj`` (just cached, to be kept) and everything alive now: frozen, once per object."""
    if _kept.get(id(obj)) is obj:
        return
    with _lock:
        if _kept.get(id(obj)) is obj:
            return
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        _kept[id(obj)] = obj


def settle() -> None:
    """Everything alive now (the figures and modules a server's start-up made): collected
    once and frozen, so no full collection during a page scans it."""
    with _lock:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
