"""State shared by every server process 多服务器共享状态: the Redis connection and the cache of
computed figures (计算结果缓存).

With ``CARBONPEAK_REDIS_URL`` set (``redis://127.0.0.1:6379/0``) the figures a page computes
(the overview figures, the scenario runs) are kept in Redis under their key, so every
``carbonpeak serve`` process on every machine computes each of them once; without it they are
kept in the process (one server, as before).

Keys are what the figures are computed from (the activity dataset version and its sha256, the
factor set, the scenario and its settings), so an import makes new keys. Every key also
carries a *generation*: a counter in Redis (in the process without Redis) that a write through
the web or API raises (:func:`invalidate`, called by the app after each successful write), so
all servers drop every cached figure at once. Values are pickled: Redis is the deployment's own
trusted service, never one shared with others.

Each process keeps the last figures it read in a small front cache (keyed by the generation
as well), so a page costs one ``GET`` of the generation, not one transfer per figure.

A figure whose key is its data's content (a computed inventory: the activity version's sha256
and the factor set's) is stored without a generation (``generational=False``): no write but a
new version changes it, and a new version is a new key. Target statuses are keyed by the day
and what they are computed from (``tracking.status_version``) and by the generation.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

from pydantic_settings import BaseSettings, SettingsConfigDict

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Prefix of every key carbonpeak writes to Redis.
PREFIX = "carbonpeak"
#: Seconds a cached figure lives in Redis (figures of an old data version expire).
TTL_SECONDS = 24 * 3600
_FRONT_SIZE = 64
#: A process computing a figure holds a lock in Redis this long at most; the others wait for
#: its result up to ``LOCK_WAIT_SECONDS`` (an inventory's scenario run with Sobol takes ~1-3 s).
LOCK_SECONDS = 60
LOCK_WAIT_SECONDS = 30.0
#: The generation part of the key of a figure named by its content (no generation).
STABLE = "stable"


def _down_generation(gen: int | str) -> bool:
    """A generation made while Redis did not answer (negative): nothing to share."""
    return isinstance(gen, int) and gen < 0


class SharedSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CARBONPEAK_", env_file=".env", extra="ignore")

    #: ``redis://host:6379/0``: caches, login throttling and the job queue shared by servers.
    redis_url: str | None = None
    #: Prefix of the cache keys (several deployments, or tests, on one Redis).
    cache_prefix: str = PREFIX


def _settings() -> SharedSettings:
    """The settings, read again only when their environment variables change (reading a
    settings object costs ~1-2 ms; a page asks several times)."""
    return _settings_for(
        os.environ.get("CARBONPEAK_REDIS_URL"), os.environ.get("CARBONPEAK_CACHE_PREFIX")
    )


@lru_cache(maxsize=16)
def _settings_for(_url: str | None, _prefix: str | None) -> SharedSettings:
    return SharedSettings()


def redis_url() -> str | None:
    """The configured Redis URL (tests and ``serve`` may set it late)."""
    return _settings().redis_url or None


@lru_cache(maxsize=8)
def redis_client(url: str) -> Any:
    """One connection pool per URL (``redis.Redis`` is thread-safe)."""
    import redis

    return redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)


class FigureCache:
    """Computed figures by key: Redis when configured, else this process."""

    def __init__(self, url: str | None, prefix: str = PREFIX) -> None:
        self.url = url
        self.prefix = prefix
        self._lock = threading.Lock()
        self._front: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._local_generation = 0
        self._computing: dict[tuple[Any, ...], threading.Lock] = {}

    @property
    def shared(self) -> bool:
        return self.url is not None

    def _redis(self) -> Any:
        assert self.url is not None
        return redis_client(self.url)

    def generation(self) -> int:
        """The current generation (raised by every write); this process's own counter while
        Redis does not answer (the figures stay right: their keys are the data version)."""
        if self.url is None:
            return self._local_generation
        try:
            raw = self._redis().get(f"{self.prefix}:gen")
        except Exception as exc:
            self._down(exc)
            return -1 - self._local_generation
        return int(raw) if raw is not None else 0

    def _down(self, exc: Exception) -> None:
        log.warning("Redis at %s does not answer (%s): figures kept in this process", self.url, exc)

    def invalidate(self) -> None:
        """Drop every cached figure, in every process that shares this cache (figures named
        by their content, ``generational=False``, stay: their key changes with their data)."""
        with self._lock:
            self._local_generation += 1
            for name in [k for k in self._front if k[0] != STABLE]:
                del self._front[name]
        if self.url is not None:
            self._redis().incr(f"{self.prefix}:gen")  # raises while Redis is down: the caller logs

    def key(self, kind: str, key: tuple[Any, ...], generation: int | str) -> str:
        digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
        return f"{self.prefix}:fig:{generation}:{kind}:{digest}"

    def get_or_compute(
        self,
        kind: str,
        key: tuple[Any, ...],
        compute: Callable[[], T],
        *,
        generational: bool = True,
    ) -> T:
        """The figure ``kind`` of ``key``: from the front cache, else Redis, else computed
        (once per process at a time) and stored in both.

        ``generational=False``: ``key`` alone names the figure (its data's content hash, as an
        inventory's version sha256 and factor set), so a write elsewhere does not drop it
        (:data:`STABLE` instead of the generation; no ``GET`` of the generation either)."""
        gen: int | str = self.generation() if generational else STABLE
        front_key = (gen, kind, key)
        with self._lock:
            if front_key in self._front:
                self._front.move_to_end(front_key)
                return self._front[front_key]
            busy = self._computing.setdefault(front_key, threading.Lock())
        with busy:  # one computation per key per process; the others wait for it
            try:
                with self._lock:
                    if front_key in self._front:
                        return self._front[front_key]
                value = self._fetch(kind, key, gen)
                if value is None:
                    try:
                        value = compute()
                    except BaseException:
                        self._release(kind, key, gen)  # the others compute (and fail) at once
                        raise
                    self._store(kind, key, gen, value)
                with self._lock:
                    self._front[front_key] = value
                    while len(self._front) > _FRONT_SIZE:
                        self._front.popitem(last=False)
                return value
            finally:
                with self._lock:
                    self._computing.pop(front_key, None)

    def _fetch(self, kind: str, key: tuple[Any, ...], gen: int | str) -> Any:
        """The figure from Redis; while another process computes it (its lock is set), wait
        for it up to ``LOCK_WAIT_SECONDS``, then compute it here too."""
        if self.url is None or _down_generation(gen):
            return None
        name = self.key(kind, key, gen)
        try:
            r = self._redis()
            deadline = time.monotonic() + LOCK_WAIT_SECONDS
            while True:
                raw = r.get(name)
                if raw is not None:
                    return pickle.loads(raw)
                if r.set(f"{name}:lock", b"1", nx=True, ex=LOCK_SECONDS):
                    return None  # ours to compute
                if time.monotonic() > deadline:
                    return None
                time.sleep(0.05)
        except Exception as exc:
            self._down(exc)
            return None

    def _store(self, kind: str, key: tuple[Any, ...], gen: int | str, value: Any) -> None:
        if self.url is None or _down_generation(gen):
            return
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # not picklable: kept in this process only
            log.warning("figure %s not picklable: kept in this process only", kind)
            return
        name = self.key(kind, key, gen)
        try:
            self._redis().set(name, data, ex=TTL_SECONDS)
            self._redis().delete(f"{name}:lock")
        except Exception as exc:
            self._down(exc)

    def _release(self, kind: str, key: tuple[Any, ...], gen: int | str) -> None:
        if self.url is None or _down_generation(gen):
            return
        try:
            self._redis().delete(f"{self.key(kind, key, gen)}:lock")
        except Exception as exc:
            self._down(exc)

    def cached_in_redis(
        self, kind: str, key: tuple[Any, ...], *, generational: bool = True
    ) -> bool:
        """Whether Redis holds the figure now (tests, diagnostics)."""
        if self.url is None:
            return False
        gen = self.generation() if generational else STABLE
        return bool(self._redis().exists(self.key(kind, key, gen)))

    def clear_front(self) -> None:
        """Forget what this process keeps (as a fresh process would)."""
        with self._lock:
            self._front.clear()


_caches: dict[tuple[str | None, str], FigureCache] = {}
_caches_lock = threading.Lock()


def figure_cache() -> FigureCache:
    """The figure cache of the configured Redis (or of this process without one)."""
    settings = _settings()
    ident = (settings.redis_url or None, settings.cache_prefix)
    with _caches_lock:
        cache = _caches.get(ident)
        if cache is None:
            cache = _caches[ident] = FigureCache(ident[0], ident[1])
        return cache


def invalidate() -> None:
    """After a write: every server drops its cached figures."""
    figure_cache().invalidate()
