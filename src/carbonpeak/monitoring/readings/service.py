"""Readings in the database (the registry is :mod:`carbonpeak.monitoring.registry`).
Keyword-only functions, session first; they do not commit: the caller (API, CLI) commits, then
replies. Three own their transactions: :func:`ingest_committed` (one payload, run through the
process's group commit and committed before it returns: HTTP and MQTT), :func:`handle_message`
(one MQTT message, committed before it is acknowledged) and :func:`ingest_stream` (committed
batches of rows).

Every path that stores readings (HTTP, MQTT, files, simulator) calls :func:`ingest` (a payload
with an enterprise) or :func:`ingest_rows` (an operator's rows of any enterprise): both check
with :mod:`.validate` and store with :func:`carbonpeak.monitoring.store.service.store`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import repeat
from typing import Any, cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session, joinedload

from carbonpeak.core.errors import CarbonpeakError, InputError, NotFound, PermissionDenied
from carbonpeak.db.session import get_engine, session_scope, sqlite_driver, transaction_key
from carbonpeak.monitoring.model import Batch, Point
from carbonpeak.monitoring.orm import (
    DeadLetterRow,
    EnterpriseRow,
    PointRow,
    ReadingHistoryRow,
    ReadingRow,
)
from carbonpeak.monitoring.readings.mqtt import (
    DEFAULT_CLIENT_ID,
    DEFAULT_TOPIC,
    Outcome,
    Subscriber,
    Unreadable,
    read_message,
)
from carbonpeak.monitoring.readings.validate import check_payload, check_rows, parse_ts
from carbonpeak.monitoring.registry.service import point_of
from carbonpeak.monitoring.storage import service as storage
from carbonpeak.monitoring.store.group import Deferred, Refused
from carbonpeak.monitoring.store.service import IngestResult, group_commit, store
from carbonpeak.monitoring.store.service import prefetch as store_prefetch

__all__ = ["IngestResult", "ingest", "ingest_rows"]

CHUNK = 500
#: Rows per committed batch of :func:`ingest_stream` (and of a file import).
BATCH = 20_000


def _points_by_code(db_session: Session, codes: Iterable[str]) -> dict[str, PointRow]:
    wanted = sorted({c.strip() for c in codes if isinstance(c, str)})
    found: dict[str, PointRow] = {}
    for i in range(0, len(wanted), CHUNK):
        rows = db_session.scalars(_POINTS_BY_CODE, {"codes": wanted[i : i + CHUNK]})
        found.update({p.code: p for p in rows})
    return found


#: Points with their enterprise, by code (built once: one per request)
_POINTS_BY_CODE = (
    select(PointRow)
    .options(joinedload(PointRow.enterprise))
    .where(PointRow.code.in_(bindparam("codes", expanding=True)))
)


@dataclass(frozen=True, slots=True)
class IngestPoint:
    """What ingestion needs of a point (the checks' :class:`Point` and what the store and the
    rollups read), selected as plain columns: far cheaper per batch than loading rows."""

    id: int
    code: str
    kind: str
    multiplier: float
    rollover: float | None
    interval_minutes: int
    point: Point


_PT = cast(Table, PointRow.__table__)
_EN = cast(Table, EnterpriseRow.__table__)
#: The points of some codes, with their enterprise's code, as columns (built once)
_INGEST_POINTS = (
    select(
        _PT.c.id,
        _PT.c.code,
        _EN.c.code,
        _PT.c.energy,
        _PT.c.purpose,
        _PT.c.unit,
        _PT.c.multiplier,
        _PT.c.kind,
        _PT.c.product,
        _PT.c.rollover,
        _PT.c.interval_minutes,
        _PT.c.name,
        _PT.c.commissioned,
    )
    .join_from(_PT, _EN, _PT.c.enterprise_id == _EN.c.id)
    .where(_PT.c.code.in_(bindparam("codes", expanding=True)))
)


def _ingest_points(
    db_session: Session, codes: Iterable[str]
) -> tuple[dict[str, IngestPoint], dict[int, int] | None]:
    """The points of ``codes`` that exist, by code (read in the caller's transaction: never
    stale), and on SQLite their change counters (point id -> ``readings_version``, read in the
    same statement: :func:`~carbonpeak.monitoring.store.service.store` needs them next, and a
    gateway's package is then one statement fewer); None on other databases."""
    wanted = sorted({c.strip() for c in codes if isinstance(c, str)})
    fetched = db_session.info.get(_POINTS_KEY)
    if fetched is not None and fetched[0].issuperset(wanted):  # read for the group (prefetch)
        return {c: fetched[1][c] for c in wanted if c in fetched[1]}, None
    found: dict[str, IngestPoint] = {}
    dialect = db_session.get_bind().dialect.name
    versions: dict[int, int] | None = {} if dialect == "sqlite" else None
    for i in range(0, len(wanted), CHUNK):
        part = wanted[i : i + CHUNK]
        if versions is not None:
            rows = sqlite_driver(db_session).execute(_sqlite_points(len(part)), tuple(part))
            for pid, version, *columns, commissioned in rows:
                when = _date(commissioned) if commissioned is not None else None
                found[columns[0]] = _ingest_point(pid, *columns, when)
                versions[pid] = version
        elif dialect == "postgresql":  # one SQL text for any number of codes, nothing rendered
            conn = db_session.connection()
            for pid, *columns in conn.exec_driver_sql(_PG_POINTS, {"codes": part}):
                found[columns[0]] = _ingest_point(pid, *columns)
        else:
            for pid, *columns in db_session.execute(_INGEST_POINTS, {"codes": part}):
                found[columns[0]] = _ingest_point(pid, *columns)
    return found, versions


#: ``Session.info`` key (PostgreSQL group commit, :func:`prefetch`): (the codes looked up, code
#: -> the point of those that exist)
_POINTS_KEY = transaction_key("carbonpeak.ingest_points")


def prefetch(db_session: Session, payloads: list[Any]) -> None:
    """A PostgreSQL group commit's reads for all its payloads (the members' hint, see
    :mod:`carbonpeak.monitoring.store.group`): the points of every code they name in one
    statement, then the points' row locks, last readings and stored rollups
    (:func:`carbonpeak.monitoring.store.service.prefetch`). Each member still checks its own
    payload and reads what this did not (malformed payloads are left to their checks)."""
    if db_session.get_bind().dialect.name != "postgresql":
        return
    codes: set[str] = set()
    stamps: set[str] = set()
    for payload in payloads:
        items = payload.get("readings") if isinstance(payload, Mapping) else None
        if isinstance(items, list):
            codes.update(c.strip() for c in _codes_of(items))
            stamps.update(s for s in _stamps(payload) if isinstance(s, str))
    found, _ = _ingest_points(db_session, codes)
    db_session.info[_POINTS_KEY] = (frozenset(codes), found)
    instants = []
    for text in stamps:
        try:
            instants.append(parse_ts(text))
        except ValueError:
            continue  # refused by the member's own check
    if found and instants:
        widest = timedelta(minutes=max(p.interval_minutes for p in found.values()))
        ids = [p.id for p in found.values()]
        store_prefetch(db_session, ids, min(instants) - widest, max(instants) + widest)


def _sqlite_points(count: int) -> str:
    """:data:`_INGEST_POINTS` for ``count`` codes in SQLite's SQL, run through the driver: for
    a gateway's package SQLAlchemy's work per execution (rendering the expanding IN, building
    the result) costs more than SQLite's. Its one column needing a type, ``commissioned`` (a
    ``Date``, stored as ISO text), is read with :func:`_date`."""
    return _SQLITE_POINTS.format(", ".join("?" * count))


_SQLITE_POINTS = (
    "SELECT p.id, p.readings_version, p.code, e.code, p.energy, p.purpose, p.unit, "
    "p.multiplier, p.kind, p.product, p.rollover, p.interval_minutes, p.name, p.commissioned "
    "FROM mon_points AS p JOIN mon_enterprises AS e ON p.enterprise_id = e.id "
    "WHERE p.code IN ({})"
)
#: The same on PostgreSQL through the driver, the codes as one array parameter (psycopg), without
#: the change counter (PostgreSQL's are counted under the points' row locks, see ``store``).
_PG_POINTS = _SQLITE_POINTS.replace("p.readings_version, ", "").replace(
    "IN ({})", "= ANY(%(codes)s)"
)


@lru_cache(maxsize=4096)
def _date(text: str) -> date:
    return date.fromisoformat(text)


@lru_cache(maxsize=100_000)
def _ingest_point(pid: int, *columns: Any) -> IngestPoint:
    point = point_of(*columns)
    return IngestPoint(
        pid, point.code, columns[6], point.multiplier, point.rollover, point.interval_minutes, point
    )


def _codes_of(items: Sequence[Any]) -> list[str]:
    try:  # JSON objects: the fast path (one C loop)
        codes = set(map(dict.get, items, repeat("point")))
    except TypeError:  # some item is not an object, or some point not a string (an array)
        found = (i.get("point") for i in items if isinstance(i, Mapping))
        codes = {c for c in found if isinstance(c, str)}
    return [c for c in codes if isinstance(c, str)]


def ingest(
    *,
    db_session: Session,
    payload: Any,
    actor: str,
    source: str,
    enterprise_scope: str | None,
    may_correct: bool = True,
    now: datetime | None = None,
) -> IngestResult:
    """Check and store a payload ``{"enterprise", "readings"}``.

    ``enterprise_scope`` is the enterprise the caller may write for (an enterprise token), or
    None for an operator who may write for any. Writing for another enterprise, or sending its
    points, raises :class:`PermissionDenied` (nothing is stored).
    """
    batch, rows, versions = _checked(db_session, payload, enterprise_scope, now)
    result = store(
        db_session,
        batch,
        rows,
        actor=actor,
        source=source,
        may_correct=may_correct,
        deferred=False,
        versions=versions,
    )
    return cast(IngestResult, result)


def _checked(
    db_session: Session, payload: Any, enterprise_scope: str | None, now: datetime | None
) -> tuple[Batch, dict[str, IngestPoint], dict[int, int] | None]:
    """The payload's points (read, nothing written) and its checked batch; raises
    :class:`~carbonpeak.core.errors.InputError` for a malformed payload and
    :class:`PermissionDenied` for another enterprise's package or points."""
    items = payload.get("readings") if isinstance(payload, Mapping) else None
    rows, versions = _ingest_points(db_session, _codes_of(items) if isinstance(items, list) else [])
    batch = check_payload(payload, points={c: r.point for c, r in rows.items()}, now=now)
    if enterprise_scope is not None and batch.enterprise != enterprise_scope:
        raise PermissionDenied(
            f"令牌只能报送本企业 {enterprise_scope} 的数据 / this token may only write for "
            f"enterprise {enterprise_scope}, not {batch.enterprise}"
        )
    if batch.foreign_points:
        listed = ", ".join(batch.foreign_points[:10])
        raise PermissionDenied(
            f"计量点不属于企业 {batch.enterprise}: {listed} / points not of enterprise "
            f"{batch.enterprise}: {listed}"
        )
    return batch, rows, versions


def size_of(payload: Any) -> int:
    """The number of readings a payload carries (what it weighs in a group commit)."""
    items = payload.get("readings") if isinstance(payload, Mapping) else None
    return len(items) if isinstance(items, list) else 1


def ingest_committed(
    *,
    url: str | None,
    payload: Any,
    actor: str,
    source: str,
    enterprise_scope: str | None,
    may_correct: bool = True,
    on_stored: Callable[[Session, IngestResult], None] | None = None,
) -> IngestResult:
    """:func:`ingest` through the group commit of the database at ``url``: returns only after
    the commit that holds the rows (other concurrent payloads may share it). ``on_stored`` runs
    in the same transaction after the rows are stored (the MQTT dead letters)."""
    work = _committed_work(payload, actor, source, enterprise_scope, may_correct, on_stored)
    _prepare_partitions(url, payload)
    return group_commit(url).run(work, size_of(payload), (prefetch, payload))


async def ingest_committed_async(
    *,
    url: str | None,
    payload: Any,
    actor: str,
    source: str,
    enterprise_scope: str | None,
    may_correct: bool = True,
) -> IngestResult:
    """:func:`ingest_committed` for a caller on an event loop (the HTTP intake): it awaits the
    commit without holding a thread (the group commit's leader thread does the work)."""
    work = _committed_work(payload, actor, source, enterprise_scope, may_correct, None)
    if storage.unseen_months(engine=get_engine(url), stamps=_stamps(payload)):
        # PostgreSQL, a month not seen yet: may create a partition, not on the loop
        await asyncio.to_thread(_prepare_partitions, url, payload)
    return await group_commit(url).run_async(work, size_of(payload), (prefetch, payload))


def _prepare_partitions(url: str | None, payload: Any) -> None:
    """PostgreSQL: a new month's partition made before the payload's group (nothing on
    SQLite)."""
    storage.prepare_partitions(engine=get_engine(url), stamps=_stamps(payload))


def _stamps(payload: Any) -> list[Any]:
    """The time labels of a payload's readings as sent (rows that are not objects skipped)."""
    items = payload.get("readings") if isinstance(payload, Mapping) else None
    if not isinstance(items, list):
        return []
    try:  # JSON objects: the fast path (one C loop, as in _codes_of)
        return list(map(dict.get, items, repeat("ts")))
    except TypeError:  # some item is not an object
        return [i.get("ts") for i in items if type(i) is dict]


def _committed_work(
    payload: Any,
    actor: str,
    source: str,
    enterprise_scope: str | None,
    may_correct: bool,
    on_stored: Callable[[Session, IngestResult], None] | None,
) -> Callable[[Session], Deferred | Refused]:
    """The unit of a payload in a group commit: checks, reads and computations first; its
    writes (and ``on_stored``) when the group writes."""

    def work(db: Session) -> Deferred | Refused:
        try:
            batch, rows, versions = _checked(db, payload, enterprise_scope, None)
        except (InputError, PermissionDenied) as exc:
            return Refused(exc)  # nothing written: the group commits the others without it
        pending = store(
            db,
            batch,
            rows,
            actor=actor,
            source=source,
            may_correct=may_correct,
            deferred=True,
            versions=versions,
        )

        def finish() -> IngestResult:
            result = pending.finish() if isinstance(pending, Deferred) else pending
            if on_stored is not None:
                on_stored(db, result)
            return result

        return Deferred(finish)

    return work


def ingest_rows(
    *,
    db_session: Session,
    items: Sequence[Any],
    actor: str,
    source: str,
    may_correct: bool = True,
    now: datetime | None = None,
) -> IngestResult:
    """Check and store an operator's rows (points of any enterprise): files, the simulator."""
    rows, versions = _ingest_points(db_session, _codes_of(items))
    batch = check_rows(
        items, points={c: r.point for c, r in rows.items()}, enterprise=None, now=now
    )
    stored = store(
        db_session,
        batch,
        rows,
        actor=actor,
        source=source,
        may_correct=may_correct,
        versions=versions,
    )
    return cast(IngestResult, stored)


def history(*, db_session: Session, point_code: str) -> list[ReadingHistoryRow]:
    point = _points_by_code(db_session, [point_code]).get(point_code)
    if point is None:
        raise NotFound(f"未知计量点 {point_code} / unknown point {point_code}")
    query = select(ReadingHistoryRow).where(ReadingHistoryRow.point_id == point.id)
    return list(db_session.scalars(query.order_by(ReadingHistoryRow.changed_at)))


def point_owner(*, db_session: Session, point_code: str) -> str:
    """The credit code of the enterprise a point belongs to (NotFound for an unknown point)."""
    point = _points_by_code(db_session, [point_code]).get(point_code)
    if point is None:
        raise NotFound(f"未知计量点 {point_code} / unknown point {point_code}")
    return point.enterprise.code


def readings(
    *, db_session: Session, point_code: str, start: datetime, end: datetime
) -> list[ReadingRow]:
    point = _points_by_code(db_session, [point_code]).get(point_code)
    if point is None:
        raise NotFound(f"未知计量点 {point_code} / unknown point {point_code}")
    query = select(ReadingRow).where(
        ReadingRow.point_id == point.id, ReadingRow.ts >= start, ReadingRow.ts < end
    )
    return list(db_session.scalars(query.order_by(ReadingRow.ts)))


def dead_letter(
    *, db_session: Session, source: str, payload: bytes | str, error: str, topic: str = ""
) -> DeadLetterRow:
    """Keep a message that could not be read at all, with the reason."""
    text = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else payload
    row = DeadLetterRow(source=source, topic=topic, payload=text, error=error)
    db_session.add(row)
    return row


def dead_letters(*, db_session: Session, limit: int = 100) -> list[DeadLetterRow]:
    query = select(DeadLetterRow).order_by(DeadLetterRow.id.desc()).limit(limit)
    return list(db_session.scalars(query))


def ingest_stream(
    *,
    session_factory: Callable[[], Any],
    rows: Iterable[tuple[str, datetime, float]],
    actor: str,
    source: str,
    progress: Callable[[int], None] | None = None,
) -> IngestResult:
    """Store (point, ts, value) rows in committed batches of ``BATCH``."""
    total = IngestResult()
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        with session_factory() as db:
            result = ingest_rows(db_session=db, items=batch, actor=actor, source=source)
        total.accepted += result.accepted
        total.duplicates += result.duplicates
        total.rejected += result.rejected
        if progress:
            progress(len(batch))
        batch.clear()

    for code, ts, value in rows:
        batch.append({"point": code, "ts": ts.isoformat(), "value": value})
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return total


def handle_message(
    url: str | None, payload: bytes, topic: str, *, prefix: str = DEFAULT_TOPIC
) -> Outcome:
    """Store one MQTT message (commits before returning, through the group commit: messages
    handled at the same time by other threads share the transaction); raises only on a
    database failure, in which case the message must not be acknowledged."""
    try:
        scope, data = read_message(payload, topic, prefix=prefix)
    except Unreadable as exc:
        return _dead(url, payload, topic, str(exc))

    def dead_letters(db: Session, result: IngestResult) -> None:
        if result.rejected:
            dead_letter(
                db_session=db,
                source="mqtt",
                topic=topic,
                payload=payload,
                error=json.dumps(result.reply()["rejected"], ensure_ascii=False),
            )

    try:
        result = ingest_committed(
            url=url,
            payload=data,
            actor=f"mqtt:{scope or 'any'}",
            source="mqtt",
            enterprise_scope=scope,
            may_correct=False,
            on_stored=dead_letters,
        )
    except CarbonpeakError as exc:
        return _dead(url, payload, topic, str(exc))
    return Outcome(result.accepted, result.duplicates, len(result.rejected))


def _dead(url: str | None, payload: bytes, topic: str, error: str) -> Outcome:
    with session_scope(url) as db:
        dead_letter(db_session=db, source="mqtt", topic=topic, payload=payload, error=error)
    return Outcome(dead_letter=error)


def subscriber(
    *,
    url: str | None = None,
    host: str = "127.0.0.1",
    port: int = 1883,
    topic: str = DEFAULT_TOPIC,
    client_id: str = DEFAULT_CLIENT_ID,
    on_outcome: Callable[[str, Outcome], None] | None = None,
) -> Subscriber:
    """The MQTT subscriber (``carbonpeak monitor mqtt``) storing each message in the database
    at ``url`` with :func:`handle_message`."""
    return Subscriber(
        handle=lambda payload, msg_topic: handle_message(url, payload, msg_topic, prefix=topic),
        host=host,
        port=port,
        topic=topic,
        client_id=client_id,
        on_outcome=on_outcome,
    )
