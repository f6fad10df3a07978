"""Group commit 成组提交: concurrent writers of one process share one transaction (one fsync).

Each writer hands :meth:`GroupCommit.run` a unit of work (a function of a session) and its
size (readings). The first writer to find nobody committing becomes the leader: it waits a
short window (``window`` seconds) for others to join, takes the queued units up to
``max_size`` readings, runs them one after another in one session and commits once; each
writer is answered only after the commit that holds its work. While a leader commits, the next
writers queue; when it is done it hands the leadership to the first of them, which commits
the next group (so a writer is never held back by groups after its own).

A unit that raises rolls back the whole group; the leader then runs every unit of that group
again alone, in its own transaction, so each writer gets its own outcome and no writer is ever
told that rows were stored which another's failure rolled back. A unit that refuses its
writer's work before writing anything (a malformed package, another enterprise's points)
returns :class:`Refused` instead of raising: the group commits the others and that writer gets
the error, so one misconfigured gateway does not make every group it joins run again unit by
unit.

A unit may return a :class:`Deferred`: its reads and computations are done, its writes are
left for later. The group runs every unit first, then finishes the deferred ones in order, so
that on SQLite the database's one write lock (taken by the first write, held to the commit) is
held only while the group writes, not while its units read and compute: the other server
processes read and compute meanwhile.

A writer may give a *hint* with its unit, ``(prepare, data)``: before a group of several
units runs, each ``prepare`` is called once with the session and the data of every member that
gave it (PostgreSQL: the group's reads as joint statements, see
:func:`carbonpeak.monitoring.readings.service.prefetch`). After the units and before the commit,
``flush(session)`` runs (the writes the units left to joint statements).

Writers on an event loop call :meth:`GroupCommit.run_async`: they await their answer without
taking a thread; a leader thread of the committer's own (one per committer) commits for them.

Pure: no database import; the session is anything with ``commit``, ``rollback`` and
``close`` (the store service passes SQLAlchemy sessions, the tests fakes).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

#: Default wait of a new leader for others to join (seconds): small against a commit (an
#: fsync is 1-10 ms on a disk), large enough for requests arriving together.
WINDOW = 0.002
#: Default most readings in one group (one bulk request of 20,000 is a group of its own).
MAX_SIZE = 20_000

T = TypeVar("T")

#: A unit's hint (see the module docstring): a function of the session and the data of every
#: member of a group that gave it, and this member's data
Hint = tuple[Callable[[Any, list[Any]], None], Any]


class Transaction(Protocol):
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def close(self) -> None: ...


class Deferred:
    """What a unit returns when its writes are to come after every unit of the group has
    read and computed: ``finish()`` writes and returns the unit's result."""

    __slots__ = ("finish",)

    def __init__(self, finish: Callable[[], Any]) -> None:
        self.finish = finish


class Refused:
    """What a unit returns when it refuses its writer's work before writing anything: the
    writer gets ``error`` (raised to it as if the unit had raised), the group goes on."""

    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        self.error = error


@dataclass
class _Member:
    work: Callable[[Any], Any]
    size: int
    hint: Hint | None = None
    result: Any = None
    error: BaseException | None = None
    done: bool = False
    lead: bool = False
    wake: threading.Event = field(default_factory=threading.Event)
    #: for a writer on an event loop: called (in the committing thread) once it is answered
    notify: Callable[[], None] | None = None

    def answered(self) -> None:
        self.done = True
        if self.notify is not None:
            self.notify()
        else:
            self.wake.set()


@dataclass
class Stats:
    """Counters for the benchmarks and tests: groups committed, units, groups retried."""

    groups: int = 0
    units: int = 0
    retried: int = 0
    #: units that returned :class:`Refused`
    refused: int = 0


class GroupCommit(Generic[T]):
    """Group commit over sessions made by ``open_session`` (see the module docstring)."""

    def __init__(
        self,
        open_session: Callable[[], Transaction],
        *,
        window: float = WINDOW,
        max_size: int = MAX_SIZE,
        flush: Callable[[Any], None] | None = None,
    ) -> None:
        self.open_session = open_session
        self.flush = flush
        self.window = window
        self.max_size = max_size
        self.stats = Stats()
        self._lock = threading.Lock()
        self._queue: list[_Member] = []
        self._leading = False
        self._leader: ThreadPoolExecutor | None = None

    def run(self, work: Callable[[Any], T], size: int = 1, hint: Hint | None = None) -> T:
        """Run ``work(session)`` in a shared transaction; return its result after the commit
        (or raise its error, or the commit's)."""
        me = _Member(work, size, hint)
        with self._lock:
            self._queue.append(me)
            if self._leading:
                lead = False
            else:
                self._leading = lead = True
        if not lead:
            me.wake.wait()
            if not me.lead:
                return self._answer(me)
        self._lead(me)
        return self._answer(me)

    async def run_async(
        self, work: Callable[[Any], T], size: int = 1, hint: Hint | None = None
    ) -> T:
        """:meth:`run` for a writer on an event loop: it waits for its answer without holding
        a thread; when nobody is committing, the committer's leader thread starts."""
        loop = asyncio.get_running_loop()
        answered = loop.create_future()

        def notify() -> None:
            # (RuntimeError: the loop closed meanwhile, at server shutdown: nobody waits)
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_settle, answered)

        me = _Member(work, size, hint, notify=notify)
        with self._lock:
            self._queue.append(me)
            start = not self._leading
            if start:
                self._leading = True
            if self._leader is None:
                self._leader = ThreadPoolExecutor(1, thread_name_prefix="group-commit")
        if start:
            assert self._leader is not None
            self._leader.submit(self._drain)
        await answered
        return self._answer(me)

    def _drain(self) -> None:
        """The leader thread: commit groups until nobody is queued (writers of :meth:`run`
        that arrive meanwhile are answered too; they need not lead)."""
        while True:
            group = self._take()
            if group:
                self._commit(group)
                for member in group:
                    member.answered()
            with self._lock:
                if not self._queue:
                    self._leading = False
                    return

    def _take(self) -> list[_Member]:
        """Wait the window (unless a full group is queued), then take the next group."""
        if self.window > 0:
            with self._lock:
                queued = sum(m.size for m in self._queue)
            if queued < self.max_size:
                time.sleep(self.window)
        with self._lock:
            group: list[_Member] = []
            size = 0
            while self._queue and (not group or size + self._queue[0].size <= self.max_size):
                member = self._queue.pop(0)
                group.append(member)
                size += member.size
        return group

    @staticmethod
    def _answer(me: _Member) -> Any:
        if me.error is not None:
            raise me.error
        return me.result

    def _lead(self, me: _Member) -> None:
        """Commit groups until ``me`` is answered, then hand over to the next in the queue."""
        while not me.done:
            group = self._take()
            self._commit(group)
            for member in group:
                if member is me:
                    member.done = True
                else:
                    member.answered()
        with self._lock:
            if not self._queue:
                self._leading = False
                return
            nxt = self._queue[0]
            if nxt.notify is None:  # a waiting thread: it leads from here
                nxt.lead = True
                nxt.wake.set()
                return
        assert self._leader is not None  # a writer on an event loop was queued: lead for it
        self._leader.submit(self._drain)

    def _commit(self, group: list[_Member]) -> None:
        self.stats.groups += 1
        self.stats.units += len(group)
        if len(group) == 1:
            self._alone(group[0])
            return
        session = self.open_session()
        try:
            _prepare(session, group)
            results = [m.work(session) for m in group]  # reads and computations
            results = [_finished(r) for r in results]  # then the writes, together
            if self.flush is not None:
                self.flush(session)
            session.commit()
        except BaseException:
            session.rollback()
            failed = True
        else:
            failed = False
            for member, result in zip(group, results, strict=True):
                self._settle_member(member, result)
        finally:
            session.close()
        if failed:  # each alone: its own outcome, never rows another's failure rolled back
            self.stats.retried += 1
            for member in group:
                self._alone(member)

    def _alone(self, member: _Member) -> None:
        session = self.open_session()
        try:
            result = _finished(member.work(session))
            session.commit()
        except BaseException as exc:
            session.rollback()
            member.result, member.error = None, exc
        else:
            self._settle_member(member, result)
        finally:
            session.close()

    def _settle_member(self, member: _Member, result: Any) -> None:
        """A member's outcome once its group (or its run alone) committed."""
        if isinstance(result, Refused):
            self.stats.refused += 1
            member.result, member.error = None, result.error
        else:
            member.result, member.error = result, None


def _prepare(session: Any, group: list[_Member]) -> None:
    """Call each hint's function once with the data of every member that gave it."""
    data: dict[Callable[[Any, list[Any]], None], list[Any]] = {}
    for member in group:
        if member.hint is not None:
            data.setdefault(member.hint[0], []).append(member.hint[1])
    for prepare, items in data.items():
        prepare(session, items)


def _finished(result: Any) -> Any:
    return result.finish() if isinstance(result, Deferred) else result


def _settle(answered: asyncio.Future[None]) -> None:
    if not answered.done():
        answered.set_result(None)
