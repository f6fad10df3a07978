"""The figure cache shared by server processes (carbonpeak.core.shared): computed once across
"processes" (two cache objects on one Redis prefix), dropped everywhere by a write's
invalidation, in the process without Redis, and still working while Redis does not answer."""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Iterator

import pytest

from carbonpeak.core.shared import FigureCache, redis_client

REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture
def prefix() -> Iterator[str]:
    if not _redis_up():
        pytest.skip("no Redis at 127.0.0.1:6379")
    name = f"cp-test-{uuid.uuid4().hex[:10]}"
    yield name
    r = redis_client(REDIS_URL)
    for key in r.scan_iter(f"{name}:*"):
        r.delete(key)


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict[str, int]:
        self.calls += 1
        return {"value": 42, "call": self.calls}


def test_in_process_without_redis() -> None:
    cache, compute = FigureCache(None), Counter()
    assert cache.get_or_compute("k", ("a", 1), compute) == {"value": 42, "call": 1}
    assert cache.get_or_compute("k", ("a", 1), compute)["call"] == 1
    cache.invalidate()
    assert cache.get_or_compute("k", ("a", 1), compute)["call"] == 2


def test_two_processes_share_and_invalidate(prefix: str) -> None:
    a, b = FigureCache(REDIS_URL, prefix), FigureCache(REDIS_URL, prefix)
    compute = Counter()
    assert a.get_or_compute("k", ("x",), compute)["call"] == 1
    assert b.get_or_compute("k", ("x",), compute)["call"] == 1  # read from Redis
    assert compute.calls == 1 and b.cached_in_redis("k", ("x",))
    b.invalidate()  # a write on b
    assert a.get_or_compute("k", ("x",), compute)["call"] == 2
    assert compute.calls == 2


def test_a_failed_computation_does_not_keep_the_others_waiting(prefix: str) -> None:
    a, b = FigureCache(REDIS_URL, prefix), FigureCache(REDIS_URL, prefix)

    def fail() -> None:
        raise ValueError("cannot start from this inventory")

    with pytest.raises(ValueError):
        a.get_or_compute("k", ("y",), fail)
    start = time.monotonic()
    assert b.get_or_compute("k", ("y",), Counter())["call"] == 1
    assert time.monotonic() - start < 5  # the lock was released, not waited out


def test_redis_down_keeps_pages_working() -> None:
    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cache, compute = FigureCache(f"redis://127.0.0.1:{port}/0"), Counter()
    assert cache.get_or_compute("k", ("z",), compute)["call"] == 1
    assert cache.get_or_compute("k", ("z",), compute)["call"] == 1
