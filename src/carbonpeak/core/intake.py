"""Limits on what enters the platform (上传与导入的限额): every uploaded or imported file is
checked here before it is parsed, so no single file can take the server's memory or time.

- ``check_workbook``: an .xlsx is a zip archive; the sizes its directory declares for the
  workbook's parts are summed *before* openpyxl opens it (a 3 MB file can unzip to 1 GB of
  sheet XML). Python's zipfile never inflates a member past its declared size, so the check
  holds even against an archive that lies.
- ``check_upload``: an uploaded file larger than its limit, or empty, is refused (the
  routes read at most the limit + 1 bytes: ``carbonpeak.core.api.read_upload``).
- ``capped_rows``: at most ``max_rows`` rows are read from any file.
- ``capped``: an error lists its first ``max_problems`` problems and how many there were.
- ``parse_off_loop``: parsing runs in a worker thread (the event loop keeps serving other
  requests), at most ``parallel_parses`` at once, and the caller stops waiting after
  ``parse_seconds``.

Settings (prefix ``CARBONPEAK_``): ``MAX_ROWS``, ``MAX_UNZIPPED_BYTES``, ``MAX_PROBLEMS``,
``PARSE_SECONDS``, ``PARALLEL_PARSES``.
"""

from __future__ import annotations

import asyncio
import contextvars
import io
import threading
import weakref
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic_settings import BaseSettings, SettingsConfigDict

from carbonpeak.core.errors import CarbonpeakError, InputError, Problem

T = TypeVar("T")


class IntakeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CARBONPEAK_", env_file=".env", extra="ignore")

    #: Rows read from one file at most.
    max_rows: int = 200_000
    #: Declared uncompressed size of an .xlsx workbook's parts, in bytes, at most.
    max_unzipped_bytes: int = 100_000_000
    #: Problems listed in one error at most (the count of all of them is given too).
    max_problems: int = 50
    #: A request stops waiting for a file to be parsed after this many seconds.
    parse_seconds: float = 60.0
    #: Files parsed at the same time per server process, at most.
    parallel_parses: int = 2


@lru_cache(maxsize=1)
def get_intake_settings() -> IntakeSettings:
    return IntakeSettings()


class TooLarge(InputError):
    """A file beyond a size or row limit."""

    http_status = 413


class TooSlow(CarbonpeakError):
    """Parsing took longer than ``parse_seconds``."""

    http_status = 503


def check_upload(data: bytes, *, label: str, limit: int) -> bytes:
    """``data``, an uploaded file read up to ``limit`` + 1 bytes: refused when it is larger
    than ``limit`` bytes (413, as every other size limit) or empty (422); the one message of
    every upload route."""
    if len(data) > limit:
        raise TooLarge(
            f"{label}: 文件过大，上限 {limit} 字节 / file too large (limit {limit} bytes)"
        )
    if not data:
        raise InputError(f"{label}: 文件为空 / the file is empty")
    return data


def check_workbook(
    data: bytes | Path, *, label: str, limit: int | None = None, kind: str = ".xlsx"
) -> None:
    """Refuse what is not an .xlsx (or .docx: ``kind``) archive, or unzips to more than
    ``limit`` bytes."""
    limit = limit if limit is not None else get_intake_settings().max_unzipped_bytes
    source = data if isinstance(data, Path) else io.BytesIO(data)
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(
            f"{label}: 不是有效的{kind}文件 / not a valid {kind} file (not a zip archive)"
        ) from None
    total = sum(m.file_size for m in members)
    if total > limit:
        raise TooLarge(
            f"{label}: 解压后 {total} 字节，超过上限 {limit} / unzips to {total} bytes, "
            f"more than the limit of {limit}"
        )


def capped_rows(rows: Iterable[T], *, label: str, limit: int | None = None) -> Iterator[T]:
    """``rows``, refused with ``TooLarge`` as soon as there are more than ``limit``."""
    limit = limit if limit is not None else get_intake_settings().max_rows
    for n, row in enumerate(rows, start=1):
        if n > limit:
            raise TooLarge(f"{label}: 超过 {limit} 行 / more than {limit} rows: split the file")
        yield row


def capped(problems: Sequence[Problem], limit: int | None = None) -> tuple[list[Problem], int]:
    """The first ``limit`` problems, and how many there were in all."""
    limit = limit if limit is not None else get_intake_settings().max_problems
    return list(problems[:limit]), len(problems)


def summary(problems: Sequence[Problem], limit: int | None = None) -> str:
    """``"row 2, x: …; row 3, y: … (and 120 more)"``: a message that stays short."""
    shown, total = capped(problems, limit)
    text = "; ".join(str(p) for p in shown)
    if total > len(shown):
        text += f" (另有 {total - len(shown)} 处 / and {total - len(shown)} more)"
    return text


#: One limiter per event loop (a limiter belongs to the loop it was first used on).
_parse_slots: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


class Abandoned(CarbonpeakError):
    """The request that started an import is gone (time-out, client disconnected): the
    worker's work is rolled back instead of committed."""

    http_status = 503


class _Guard:
    """Decides, under one lock, whether an import in a worker thread commits or is abandoned,
    so a request that timed out or whose client went away never commits afterwards."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.abandoned = False
        self.committed = False


_guard: contextvars.ContextVar[_Guard | None] = contextvars.ContextVar("intake_guard", default=None)


class _Committable(Protocol):
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


def commit_unless_abandoned(db: _Committable) -> None:
    """``db.commit()``, unless the request of this worker was abandoned: then ``db.rollback()``
    and :class:`Abandoned`. Called by import handlers in :func:`parse_off_loop`'s worker (outside
    one, it just commits)."""
    guard = _guard.get()
    if guard is None:
        db.commit()
        return
    with guard.lock:
        if guard.abandoned:
            db.rollback()
            raise Abandoned(
                "请求已放弃，导入已回滚 / the request was abandoned: import rolled back"
            )
        db.commit()
        guard.committed = True


async def parse_off_loop(fn: Callable[..., T], /, *args: object, **kwargs: object) -> T:
    """``fn(*args, **kwargs)`` in a worker thread, at most ``parallel_parses`` at once;
    ``TooSlow`` after ``parse_seconds`` (the thread finishes its bounded work on its own).

    An import is **all or nothing, also against abandonment**: when the wait ends early (the
    time-out, or the client disconnected and the request was cancelled), the worker is marked
    abandoned, and its :func:`commit_unless_abandoned` rolls back instead of committing. If the
    commit had already happened, the time-out message says the import was stored."""
    # anyio is imported here: the command line, which parses files too, never needs it
    import anyio
    import anyio.to_thread

    settings = get_intake_settings()
    loop = asyncio.get_running_loop()
    limiter = _parse_slots.get(loop)
    if limiter is None:
        limiter = _parse_slots[loop] = anyio.CapacityLimiter(settings.parallel_parses)
    guard = _Guard()

    def call() -> T:
        _guard.set(guard)  # the worker thread's own context
        return fn(*args, **kwargs)

    def abandon() -> bool:
        """Mark the worker abandoned; whether it had committed already."""
        with guard.lock:
            guard.abandoned = True
            return guard.committed

    seconds = settings.parse_seconds
    try:
        with anyio.fail_after(seconds):
            return await anyio.to_thread.run_sync(
                contextvars.copy_context().run, call, limiter=limiter, abandon_on_cancel=True
            )
    except TimeoutError:
        stored = abandon()
        done = " (已在超时前保存 / it was stored before the time-out)" if stored else ""
        raise TooSlow(
            f"文件处理超过 {seconds:g} 秒 / the file took more than {seconds:g} s to read{done}"
        ) from None
    except BaseException:  # cancelled: the client went away
        abandon()
        raise
