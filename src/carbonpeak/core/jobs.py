"""Long jobs through a queue 后台任务队列: Monte Carlo runs and annual reports are put on an RQ
queue in Redis (``CARBONPEAK_REDIS_URL``) and run by ``carbonpeak worker`` processes, on this
machine or others; the web answers at once (202, with the job's URL) and never holds a server
process for seconds.

Without Redis nothing is queued: :func:`enqueue` returns None and the caller runs the job as
before (the reply carries the result); :func:`submit` runs it in this process and keeps the
result here under a job id, so a job URL works the same way on a single server.

A job is a module-level function named by its dotted path, called with keyword arguments that
pickle (no database session: the function opens its own; no password: a worker reads its own
``CARBONPEAK_DATABASE_URL`` unless the server was built for another database, as in tests).
Its meta holds the kind and the owner (the user who asked, or None for a public run); the
jobs API shows a job only to its owner and administrators.

Settings (prefix ``CARBONPEAK_``): ``REDIS_URL``, ``JOB_QUEUE`` (default ``carbonpeak``),
``JOB_TIMEOUT_SECONDS`` (default 1800), ``JOB_RESULT_SECONDS`` (results kept, default 86400).
"""

from __future__ import annotations

import importlib
import threading
import traceback
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from pydantic_settings import BaseSettings, SettingsConfigDict

from carbonpeak.core.shared import redis_client, redis_url

_LOCAL_SIZE = 64


class JobSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CARBONPEAK_", env_file=".env", extra="ignore")

    job_queue: str = "carbonpeak"
    job_timeout_seconds: int = 1800
    job_result_seconds: int = 86400
    #: An import over the API of a file larger than this (bytes) goes to the queue (202 and
    #: the job's URL) when Redis is configured; smaller files are imported in the request.
    job_import_bytes: int = 2_000_000


@dataclass(frozen=True)
class JobView:
    """What the jobs API shows of a job."""

    id: str
    kind: str
    owner: str | None
    #: queued, started, finished, failed (RQ's names; deferred/scheduled show as queued).
    status: str
    result: Any = None
    error: str | None = None
    #: A failed import's error body (what the API would have answered: ``detail``,
    #: ``problems``, ``problems_total``) and its HTTP status.
    body: dict[str, Any] | None = None
    http_status: int | None = None


def queue_configured() -> bool:
    return redis_url() is not None


def _queue() -> Any:
    from rq import Queue

    url = redis_url()
    assert url is not None
    settings = JobSettings()
    return Queue(settings.job_queue, connection=redis_client(url))


def _resolve(func: str) -> Any:
    module, _, name = func.rpartition(".")
    return getattr(importlib.import_module(module), name)


def enqueue(func: str, *, kind: str, owner: str | None, **kwargs: Any) -> str | None:
    """Put ``func(**kwargs)`` on the queue and return the job id; None without Redis."""
    if not queue_configured():
        return None
    settings = JobSettings()
    job = _queue().enqueue_call(
        func,
        kwargs=kwargs,
        timeout=settings.job_timeout_seconds,
        result_ttl=settings.job_result_seconds,
        failure_ttl=settings.job_result_seconds,
        meta={"kind": kind, "owner": owner},
        description=kind,
    )
    return str(job.id)


_local: OrderedDict[str, JobView] = OrderedDict()
_local_lock = threading.Lock()


def submit(func: str, *, kind: str, owner: str | None, **kwargs: Any) -> str:
    """Queue the job (Redis), else run it now in this process; its id either way."""
    job_id = enqueue(func, kind=kind, owner=owner, **kwargs)
    if job_id is not None:
        return job_id
    job_id = f"local-{uuid.uuid4().hex}"
    try:
        view = JobView(job_id, kind, owner, "finished", result=_resolve(func)(**kwargs))
    except Exception as exc:
        view = JobView(job_id, kind, owner, "failed", error=_error(exc))
    with _local_lock:
        _local[job_id] = view
        while len(_local) > _LOCAL_SIZE:
            _local.popitem(last=False)
    return job_id


def _error(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


def status(job_id: str) -> JobView | None:
    """The job's state and, once finished, its result; None for an unknown id."""
    with _local_lock:
        if job_id in _local:
            return _local[job_id]
    if not queue_configured():
        return None
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    url = redis_url()
    assert url is not None
    try:
        job = Job.fetch(job_id, connection=redis_client(url))
    except (NoSuchJobError, ValueError):
        return None
    state = str(job.get_status(refresh=True).value)
    state = {"deferred": "queued", "scheduled": "queued"}.get(state, state)
    result = job.return_value() if state == "finished" else None
    error = None
    meta = job.get_meta(refresh=False)
    if isinstance(result, dict) and FAILED in result:  # refused by the domain: its body
        failed = result[FAILED]
        return JobView(
            job_id,
            meta.get("kind", ""),
            meta.get("owner"),
            "failed",
            error=failed["body"]["detail"],
            body=failed["body"],
            http_status=failed["status"],
        )
    if state == "failed":
        latest = job.latest_result()
        text = (latest.exc_string if latest is not None else None) or "failed"
        error = text.strip().splitlines()[-1]  # the exception line, not the traceback
    return JobView(job_id, meta.get("kind", ""), meta.get("owner"), state, result, error)


def work(*, burst: bool = False, simple: bool = False, queue: str | None = None) -> bool:
    """Run a worker on the queue (``burst``: until it is empty); ``simple``: jobs in this
    process, without forking (tests, Windows)."""
    from rq import SimpleWorker, Worker

    url = redis_url()
    if url is None:
        raise RuntimeError("CARBONPEAK_REDIS_URL is not set: there is no queue to work on")
    cls = SimpleWorker if simple else Worker
    name = queue or JobSettings().job_queue
    worker = cls([name], connection=redis_client(url))
    return bool(worker.work(burst=burst))


# ---------------------------------------------------------------- big imports

#: Key of a job result that is a refusal (a bad file): the error body and status.
FAILED = "__failed__"


def import_queued(size: int) -> bool:
    """Whether an import of ``size`` bytes goes to the queue: Redis configured and the file
    above ``CARBONPEAK_JOB_IMPORT_BYTES``; else it is imported in the request, as before."""
    return queue_configured() and size > JobSettings().job_import_bytes


def run_import(func: Any, /, **kwargs: Any) -> Any:
    """Run an import job's body ``func(**kwargs)`` (it opens and commits its own transaction:
    all rows or none). A domain error (a bad row, an unknown dataset) is the job's result as
    the error body the API would have answered and its status, not a traceback; after a
    stored import the shared figures are dropped (as after a write through the web)."""
    from carbonpeak.core.errors import CarbonpeakError, InputError
    from carbonpeak.core.responses import error_body
    from carbonpeak.core.shared import invalidate

    try:
        result = func(**kwargs)
    except CarbonpeakError as exc:
        problems = exc.problems if isinstance(exc, InputError) else ()
        return {FAILED: {"status": exc.http_status, "body": error_body(str(exc), problems)}}
    try:
        invalidate()
    except Exception:  # Redis went away: figures keyed by data version stay right
        traceback.print_exc()
    return result
