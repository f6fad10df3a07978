"""Memory housekeeping shared by the engines that build many small objects at once."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large piece of work runs.

    An inventory build or a batch of 10,000 readings allocates tens of thousands of small
    objects without reference cycles; reference counting frees them. Full collections
    triggered by the allocations would rescan every live object several times (a quarter to a
    third of the time, measured by ``benchmarks/bench_inventory.py`` and
    ``benchmarks/ingest.py``). Only cycles wait for the collector, which resumes when the last
    holder is done: a counter, so overlapping requests in a server's threads (or nested use)
    do not re-enable it early, and the state before the first holder is restored.

    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    """
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
