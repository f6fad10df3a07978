"""Group commit (monitoring/store/group.py): concurrent writers share one commit, each is
answered after it, and a failing writer never makes another acknowledge rolled-back rows."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import func, select

from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.orm import ReadingRow
from carbonpeak.monitoring.readings import service
from carbonpeak.monitoring.store.group import GroupCommit, Refused
from tests.monitoring.conftest import CODE, OTHER, seed


class FakeSession:
    """Writes are staged and become visible in ``log`` only when committed."""

    def __init__(self, log: list[str], commits: list[int]) -> None:
        self.log, self.commits, self.staged = log, commits, []  # type: list[str]

    def commit(self) -> None:
        self.log.extend(self.staged)
        self.commits.append(len(self.staged))

    def rollback(self) -> None:
        self.staged.clear()

    def close(self) -> None:
        pass


def writes_row(n: int) -> Any:
    """A unit that stages ``row<n>`` and answers ``ok<n>``."""

    def write(session: FakeSession) -> str:
        session.staged.append(f"row{n}")
        return f"ok{n}"

    return write


def run_together(group: GroupCommit[Any], works: list[Any]) -> list[Any]:
    """Start one thread per work at once; each result or raised error, in order."""
    out: list[Any] = [None] * len(works)
    start = threading.Barrier(len(works))

    def go(i: int) -> None:
        start.wait()
        try:
            out[i] = group.run(works[i])
        except Exception as exc:
            out[i] = exc

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(works))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    return out


def test_sixteen_writers_share_a_few_commits() -> None:
    log: list[str] = []
    commits: list[int] = []
    group: GroupCommit[Any] = GroupCommit(lambda: FakeSession(log, commits), window=0.05)

    results = run_together(group, [writes_row(n) for n in range(16)])
    assert results == [f"ok{n}" for n in range(16)]
    assert sorted(log) == sorted(f"row{n}" for n in range(16))
    # 16 writers arriving together within a 50 ms window: far fewer commits than writers
    assert sum(commits) == 16
    assert len(commits) < 16
    assert group.stats.units == 16


def test_a_failing_writer_does_not_take_the_others_down() -> None:
    log: list[str] = []
    commits: list[int] = []
    group: GroupCommit[Any] = GroupCommit(lambda: FakeSession(log, commits), window=0.05)

    def bad(session: FakeSession) -> str:
        session.staged.append("half-written")
        raise ValueError("bad batch")

    works = [writes_row(0), writes_row(1), bad, writes_row(3)]
    results = run_together(group, works)
    assert [r for i, r in enumerate(results) if i != 2] == ["ok0", "ok1", "ok3"]
    assert isinstance(results[2], ValueError)
    # the failed member's rows never reach the log; every good one does, exactly once
    assert sorted(log) == ["row0", "row1", "row3"]
    assert group.stats.retried >= 1 or group.stats.groups == 4


def test_a_refusing_writer_leaves_its_group_committed_once() -> None:
    """A unit that refuses before writing (returns Refused) gets its error; the others are
    committed in their group, not run again one by one. Alone, a refusal commits nothing."""
    log: list[str] = []
    commits: list[int] = []
    group: GroupCommit[Any] = GroupCommit(lambda: FakeSession(log, commits), window=0.2)

    def refusing(session: FakeSession) -> Refused:
        return Refused(ValueError("malformed package"))

    results = run_together(group, [writes_row(0), writes_row(1), refusing, writes_row(3)])
    assert [r for i, r in enumerate(results) if i != 2] == ["ok0", "ok1", "ok3"]
    assert isinstance(results[2], ValueError) and str(results[2]) == "malformed package"
    assert sorted(log) == ["row0", "row1", "row3"]
    # all four arrived within the window: one group, one commit, nothing run again
    assert (group.stats.groups, group.stats.retried, group.stats.refused) == (1, 0, 1)
    assert commits == [3]
    with pytest.raises(ValueError, match="malformed"):
        group.run(refusing)
    assert group.stats.refused == 2


def test_a_big_unit_is_a_group_of_its_own() -> None:
    log: list[str] = []
    commits: list[int] = []
    group: GroupCommit[Any] = GroupCommit(lambda: FakeSession(log, commits), max_size=100)

    def write(session: FakeSession) -> int:
        session.staged.append("x")
        return 1

    assert group.run(write, 500) == 1
    assert group.run(write, 500) == 1
    assert commits == [1, 1]


def payload(n: int, value: float) -> dict[str, Any]:
    ts = f"2026-01-02T{n:02d}:00:00+08:00"
    return {"enterprise": CODE, "readings": [{"point": "C1", "ts": ts, "value": value}]}


def test_concurrent_payloads_through_the_database(db_url: str) -> None:
    """Eight payloads at once, one of them refused (sent with another enterprise's token): the
    seven are stored and acknowledged, the refused one stores nothing."""
    with session_scope(db_url) as db:
        seed(db)
    payloads = [payload(n, 1.5) for n in range(8)]

    def work(p: dict[str, Any]) -> Any:
        scope = OTHER if p is payloads[7] else CODE
        return lambda: service.ingest_committed(
            url=db_url, payload=p, actor="t", source="test", enterprise_scope=scope
        )

    out: list[Any] = [None] * len(payloads)
    start = threading.Barrier(len(payloads))

    def go(i: int) -> None:
        start.wait()
        try:
            out[i] = work(payloads[i])()
        except Exception as exc:
            out[i] = exc

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(payloads))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert [r.accepted for r in out[:7]] == [1] * 7
    assert type(out[7]).__name__ == "PermissionDenied"
    with session_scope(db_url) as db:
        assert db.scalar(select(func.count()).select_from(ReadingRow)) == 7


def test_hints_are_prepared_once_per_group_and_the_flush_runs_before_the_commit() -> None:
    """Before a group of several units runs, each hint's function is called once with the
    data of every member that gave it (in the order they run); after the units, the flush
    runs, before the commit. A unit alone (a group of one, or a failed group's members run
    again one by one) is neither prepared nor flushed: it reads and writes for itself."""
    log: list[str] = []
    commits: list[int] = []

    def flush(session: FakeSession) -> None:
        session.staged.append("flush")

    group: GroupCommit[Any] = GroupCommit(
        lambda: FakeSession(log, commits), window=0.3, flush=flush
    )

    def prepare(session: FakeSession, data: list[Any]) -> None:
        session.staged.append("prepare " + ",".join(sorted(data)))

    def other(session: FakeSession, data: list[Any]) -> None:
        session.staged.append("other " + ",".join(data))

    def unit(name: str) -> Any:
        def write(session: FakeSession) -> str:
            session.staged.append(name)
            return name

        return write

    hints: list[Any] = [(prepare, "a"), (prepare, "b"), (other, "c"), None]
    out: list[Any] = [None] * 4
    start = threading.Barrier(4)

    def go(i: int) -> None:
        start.wait()
        out[i] = group.run(unit("u" + str(i)), 1, hints[i])

    threads = [threading.Thread(target=go, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert out == ["u0", "u1", "u2", "u3"]
    assert commits == [7]  # one group: two preparations, four units, the flush
    assert sorted(log[:2]) == ["other c", "prepare a,b"]  # (in the order the members came)
    assert sorted(log[2:6]) == ["u0", "u1", "u2", "u3"]
    assert log[6] == "flush"
    log.clear()
    commits.clear()
    assert group.run(unit("alone"), 1, (prepare, "z")) == "alone"
    assert log == ["alone"]
