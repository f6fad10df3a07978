"""Writing a checked batch of readings (the write behind
:func:`carbonpeak.monitoring.readings.service.ingest` and ``ingest_rows``).

:func:`store` sorts a batch against the stored readings (new, duplicate, conflict,
correction), inserts the new rows in bulk, applies corrections with their history and audit
record, and brings the rollups up to date, all in the caller's transaction; nothing here
commits. It is optimistic on SQLite (see :func:`store`): the work is done before SQLite's one
write lock is taken, and checked under it with a change counter per point.

:func:`group_commit` is the process's group committer (:mod:`.group`) for a database: the
HTTP and MQTT intake run their batches through it, so concurrent small batches share one
transaction and one fsync. On PostgreSQL a group holds the row locks of all its points to the
commit; two groups waiting on each other's points are a deadlock PostgreSQL breaks by failing
one, whose members are then run again one by one (:mod:`.group`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import chain, repeat
from typing import Any, cast

import numpy as np
import psycopg
from sqlalchemy import Engine, Table, bindparam, insert, select, tuple_, update
from sqlalchemy.orm import Session, sessionmaker

from carbonpeak.audit import record
from carbonpeak.db import pg_binary
from carbonpeak.db.session import get_engine, sqlite_driver, sqlite_write_gate, transaction_key
from carbonpeak.db.types import EpochMicros, epoch_micros
from carbonpeak.monitoring.model import (
    Batch,
    Rejection,
    Row,
    by_point,
    conflict_message,
    points_of,
    stamps_of,
)
from carbonpeak.monitoring.orm import PointRow, ReadingHistoryRow, ReadingRow
from carbonpeak.monitoring.rejected import service as rejections
from carbonpeak.monitoring.rollups import service as aggregates
from carbonpeak.monitoring.storage import service as storage
from carbonpeak.monitoring.storage.partitions import months_of
from carbonpeak.monitoring.store.group import Deferred, GroupCommit


@dataclass
class IngestResult:
    """The reply: accepted (stored, incl. corrections), duplicates, rejected rows."""

    accepted: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    corrected: int = 0

    def reply(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "duplicates": self.duplicates,
            "rejected": [{"index": r.index, "error": r.error} for r in self.rejected],
        }


def _existing(
    db_session: Session, keys: Mapping[int, Collection[datetime]]
) -> dict[tuple[int, datetime], float]:
    """The stored values of ``keys`` (point id -> instants) that are stored: one query for all
    the points (a gateway's package has ten points at the same instants)."""
    found: dict[tuple[int, datetime], float] = {}
    wanted = {pid: stamps for pid, stamps in keys.items() if stamps}
    if not wanted:
        return found
    spans = {pid: (min(stamps), max(stamps)) for pid, stamps in wanted.items()}
    lo = min(a for a, _ in spans.values())
    hi = max(b for _, b in spans.values())
    widest = max(b - a for a, b in spans.values())
    if hi - lo <= 2 * widest + _SHARED_SPAN:  # the points' spans overlap: one query
        queries = [{"pids": sorted(wanted), "lo": lo, "hi": hi}]
    else:  # far apart: one query per point, not the whole stretch between them for each
        queries = [{"pids": [pid], "lo": a, "hi": b} for pid, (a, b) in sorted(spans.items())]
    if db_session.get_bind().dialect.name == "postgresql":
        conn = db_session.connection()
        for params in queries:
            ids = aggregates.pg_array(map(str, cast(list[int], params["pids"])))
            for pid, ts, value in conn.exec_driver_sql(_PG_STORED, {**params, "pids": ids}):
                if ts in wanted[pid]:
                    found[(pid, ts.astimezone(UTC))] = value  # in UTC, as UTCDateTime reads
        return found
    for params in queries:
        for pid, ts, value in db_session.execute(_STORED, params):
            if ts in wanted[pid]:
                found[(pid, ts)] = value
    return found


#: Points whose readings lie within this of each other are looked up in one query.
_SHARED_SPAN = timedelta(days=1)


_READINGS = cast(Table, ReadingRow.__table__)
#: Stored readings of some points in [lo, hi] (built once).
_STORED = select(_READINGS.c.point_id, _READINGS.c.ts, _READINGS.c.value).where(
    _READINGS.c.point_id.in_(bindparam("pids", expanding=True)),
    _READINGS.c.ts >= bindparam("lo", type_=EpochMicros),
    _READINGS.c.ts <= bindparam("hi", type_=EpochMicros),
)

#: :data:`_STORED` on PostgreSQL, through the driver, the ids as an array literal (see _PG_LOCK)
_PG_STORED = (
    "SELECT point_id, ts, value FROM mon_readings WHERE point_id = ANY(CAST(%(pids)s AS "
    "integer[])) AND ts >= %(lo)s AND ts <= %(hi)s"
)


_POINTS = cast(Table, PointRow.__table__)
_VERSIONS = select(_POINTS.c.id, _POINTS.c.readings_version).where(
    _POINTS.c.id.in_(bindparam("ids", expanding=True))
)
_BUMP = (
    update(_POINTS)
    .where(_POINTS.c.id.in_(bindparam("ids", expanding=True)))
    .values(readings_version=_POINTS.c.readings_version + 1)
    .returning(_POINTS.c.id, _POINTS.c.readings_version)
)

#: The same two statements on SQLite, run through the driver (see :func:`_by_ids`)
_SQLITE_VERSIONS = "SELECT id, readings_version FROM mon_points WHERE id IN ({})"
_SQLITE_BUMP = (
    "UPDATE mon_points SET readings_version = readings_version + 1 WHERE id IN ({}) "
    "RETURNING id, readings_version"
)


#: PostgreSQL: the row locks of the points, taken in id order (two groups wanting the same
#: points queue instead of deadlocking) and held to the commit; the ids as one array literal
#: through the driver (one SQL text for any number of points, nothing for SQLAlchemy to render)
_PG_LOCK = (
    "SELECT id FROM mon_points WHERE id = ANY(CAST(%(ids)s AS integer[])) ORDER BY id FOR UPDATE"
)

#: ``Session.info`` key (PostgreSQL): point id -> the batches of the session's transaction that
#: have changed the point so far: the change counters there (see :func:`_versions`)
_CHANGED_KEY = transaction_key("carbonpeak.points_changed")


#: ``Session.info`` keys (PostgreSQL group commit, see :func:`prefetch`): the ids of the points
#: whose row locks the transaction holds; the readings its members left to :func:`flush_joint`
_LOCKED_KEY = transaction_key("carbonpeak.points_locked")
_JOINT_KEY = transaction_key("carbonpeak.readings_joint")


def _lock(db_session: Session, ids: list[int]) -> None:
    """PostgreSQL: take the row locks of points ``ids`` (in id order, held to the commit)."""
    params = {"ids": aggregates.pg_array(map(str, ids))}
    db_session.connection().exec_driver_sql(_PG_LOCK, params).all()
    db_session.info.setdefault(_LOCKED_KEY, set()).update(ids)


@dataclass
class _JointRows:
    """Readings a group's members left to one insert (columns as array literal items)."""

    p: list[str] = field(default_factory=list)
    t: list[str] = field(default_factory=list)
    v: list[str] = field(default_factory=list)
    r: list[str] = field(default_factory=list)
    s: list[str] = field(default_factory=list)


def prefetch(db_session: Session, ids: Collection[int], first: datetime, last: datetime) -> None:
    """PostgreSQL group commit 成组提交: before a group's members run, take the row locks of
    all their points (``ids``, in id order: one statement, and two groups never deadlock on
    them), read the points' last readings and their stored rollups around [first, last] (the
    span of the group's readings) in one statement each
    (:func:`carbonpeak.monitoring.rollups.service.prefetch`), and have the members leave their
    inserts and rollup upserts to one statement each, run by :func:`flush_joint` before the
    commit. A member that finds a point changed by an earlier member of the group (the change
    counters) flushes what is left and writes its own, as before."""
    if db_session.get_bind().dialect.name != "postgresql" or not ids:
        return
    wanted = sorted(ids)
    _lock(db_session, wanted)
    aggregates.prefetch(db_session, wanted, first, last)
    db_session.info[_JOINT_KEY] = _JointRows()


class JointShortfall(Exception):
    """A group's joint insert stored fewer rows than its members counted on (a writer outside
    the group's locks stored some meanwhile): the group is rolled back and each member run
    alone, to get its own count of duplicates and conflicts."""


def flush_joint(db_session: Session) -> None:
    """Run the inserts and rollup upserts a group's members left (see :func:`prefetch`)."""
    joint: _JointRows | None = db_session.info.get(_JOINT_KEY)
    if joint is None:
        return
    if joint.p:
        conn = db_session.connection()
        inserted = 0
        columns = ("p", "t", "v", "r", "s")
        for i in range(0, len(joint.p), 20_000):
            part = slice(i, i + 20_000)
            params = {key: aggregates.pg_array(getattr(joint, key)[part]) for key in columns}
            inserted += conn.exec_driver_sql(_PG_INSERT_JOINT, params).rowcount
        if inserted < len(joint.p):
            missing = len(joint.p) - inserted
            raise JointShortfall(f"{missing} of {len(joint.p)} rows were stored meanwhile")
        db_session.info[_JOINT_KEY] = _JointRows()
    aggregates.flush_upserts(db_session)


def _pg_columns(
    new: Mapping[int, Mapping[datetime, float]],
) -> tuple[list[str], list[str], list[str]]:
    """Point ids, times and values of ``new`` as the items of array literals (each time's text
    made once: a batch's points share their times)."""
    stamps: dict[datetime, str] = {}
    columns: tuple[list[str], list[str], list[str]] = ([], [], [])
    for pid, values in new.items():
        columns[0].extend([str(pid)] * len(values))
        for ts in values:
            stamp = stamps.get(ts)
            if stamp is None:
                stamp = stamps[ts] = ts.isoformat()
            columns[1].append(stamp)
        columns[2].extend(map(repr, map(float, values.values())))
    return columns


def _copy_pg(
    db_session: Session,
    new: Mapping[int, Mapping[datetime, float]],
    received_at: datetime,
    source: str,
) -> int | None:
    """Write ``new`` by binary ``COPY`` in a savepoint and return the rows written; None, with
    nothing written, if one of them was stored meanwhile (a unique violation: the caller then
    inserts skipping the stored ones). The statement check of ``point_id`` (migration 0024)
    fires for a ``COPY`` as for an ``INSERT``."""
    data = copy_stream(new, received_at, source)
    conn = db_session.connection()
    driver: Any = conn.connection.dbapi_connection
    try:
        with conn.begin_nested(), driver.cursor() as cursor:
            with cursor.copy(PG_COPY) as copy:
                copy.write(data)
            return int(cursor.rowcount)
    except psycopg.errors.UniqueViolation:
        return None


def copy_stream(
    new: Mapping[int, Mapping[datetime, float]], received_at: datetime, source: str
) -> bytes:
    """``new`` (point id -> ts -> value) as the binary ``COPY`` stream of :data:`PG_COPY`
    (:mod:`carbonpeak.db.pg_binary`: a column at a time; each time's microseconds computed
    once, a batch's points share their times). The benchmark's raw ceiling writes the same."""
    micros = {ts: pg_binary.pg_micros(ts) for ts in set().union(*new.values())}
    count = sum(map(len, new.values()))
    pids = np.repeat(np.fromiter(new, np.int64, len(new)), list(map(len, new.values())))
    stamps = np.fromiter(
        map(micros.__getitem__, chain.from_iterable(new.values())), np.int64, count
    )
    values = np.fromiter(chain.from_iterable(v.values() for v in new.values()), np.float64, count)
    fields = [
        ("int4", pids),
        ("timestamptz", stamps),
        ("float8", values),
        ("timestamptz", pg_binary.pg_micros(received_at)),
        ("text", source),
    ]
    return pg_binary.copy_data(pg_binary.rows(fields, count))


def _versions(db_session: Session, ids: list[int]) -> dict[int, int]:
    """The change counters of points ``ids`` (point id -> counter), read as :func:`store`
    starts on a batch. On PostgreSQL the points' row locks are taken here (held to the commit):
    then only the batches of this session's transaction (a group commit's members) can change
    the points until the commit, so the counters are counted in the session, not in the
    database (no statement; no row versions of ``mon_points`` per batch)."""
    if db_session.get_bind().dialect.name != "postgresql":
        return dict(_by_ids(db_session, _VERSIONS, _SQLITE_VERSIONS, ids))
    if not db_session.info.get(_LOCKED_KEY, set()).issuperset(ids):
        _lock(db_session, ids)
    changed: dict[int, int] = db_session.info.get(_CHANGED_KEY, {})
    return {pid: changed.get(pid, 0) for pid in ids}


def _bump(db_session: Session, ids: list[int]) -> dict[int, int]:
    """Add one to the change counters of points ``ids``; their new values (see
    :func:`_versions`). On SQLite the first write, which takes the database's write lock."""
    if db_session.get_bind().dialect.name != "postgresql":
        return dict(_by_ids(db_session, _BUMP, _SQLITE_BUMP, ids))
    changed: dict[int, int] = db_session.info.setdefault(_CHANGED_KEY, {})
    for pid in ids:
        changed[pid] = changed.get(pid, 0) + 1
    return {pid: changed[pid] for pid in ids}


def _by_ids(db_session: Session, statement: Any, sqlite_sql: str, ids: list[int]) -> Any:
    """The rows of ``statement`` (an ``ids`` expanding IN) for ``ids``; on SQLite its SQL
    ``sqlite_sql`` straight through the driver: for a gateway's package SQLAlchemy's work per
    execution of an expanding IN (rendering the list, building the result) costs more than
    SQLite's, and these columns need no type processing."""
    if db_session.get_bind().dialect.name == "sqlite":
        sql = sqlite_sql.format(", ".join("?" * len(ids)))
        return sqlite_driver(db_session).execute(sql, tuple(ids)).fetchall()
    return db_session.execute(statement, {"ids": ids}).all()


#: PostgreSQL: one statement per batch, the columns sent as arrays (far fewer round trips and
#: parameters than a multi-row VALUES list), through the driver (nothing to compile or process)
_PG_INSERT = (
    "INSERT INTO mon_readings (point_id, ts, value, received_at, source) "
    "SELECT p, t, v, %(received_at)s, %(source)s "
    "FROM unnest(CAST(%(p)s AS integer[]), CAST(%(t)s AS timestamptz[]), "
    "CAST(%(v)s AS float8[])) AS u(p, t, v) ON CONFLICT DO NOTHING"
)
#: A batch of this many new rows or more is written by binary ``COPY`` (see :func:`_copy_pg`):
#: 20,000 readings took 29 ms by ``COPY`` against 57 ms by :data:`_PG_INSERT` with its
#: ``ON CONFLICT`` (PostgreSQL's speculative insertion: 26 ms of them) and 17 ms more in Python
#: to make its array literals (stop 33). A ``COPY`` needs a savepoint and two more round trips:
#: not worth it for a gateway's few rows.
_COPY_FROM = 1_000
PG_COPY = "COPY mon_readings (point_id, ts, value, received_at, source) FROM STDIN (FORMAT BINARY)"
#: The column types of :data:`PG_COPY`, for psycopg's ``write_row`` (tests)
PG_COPY_TYPES = ["int4", "timestamptz", "float8", "timestamptz", "text"]
#: :data:`_PG_INSERT` of several batches' rows (:func:`flush_joint`): each row's own time of
#: receipt and source
_PG_INSERT_JOINT = (
    "INSERT INTO mon_readings (point_id, ts, value, received_at, source) "
    "SELECT * FROM unnest(CAST(%(p)s AS integer[]), CAST(%(t)s AS timestamptz[]), "
    "CAST(%(v)s AS float8[]), CAST(%(r)s AS timestamptz[]), CAST(%(s)s AS text[])) "
    "ON CONFLICT DO NOTHING"
)


#: SQLite: multi-row inserts through the driver (``rollups.service.sqlite_insert``), the
#: times as :class:`~carbonpeak.db.types.EpochMicros` stores them (integer microseconds).
_SQLITE_INSERT = "INSERT INTO mon_readings (point_id, ts, value, received_at, source)"


def _readings_writer(
    db_session: Session,
    new: Mapping[int, Mapping[datetime, float]],
    *,
    received_at: datetime,
    source: str,
    joint: bool = True,
) -> Callable[[], int]:
    """Prepare the bulk insert of ``new`` (point id -> ts -> value) and return the function that
    runs it, skipping rows a concurrent writer stored meanwhile (``ON CONFLICT DO NOTHING``)
    and returning how many rows were inserted. Prepared apart so that on SQLite building the
    parameters is done before the write lock is taken, not while holding it. On PostgreSQL
    (no such lock) the parameters are made when the function runs: in a group with joint
    statements (and ``joint``) the rows are left to :func:`flush_joint`, which checks that all
    were inserted, and the function returns their number; a batch of ``_COPY_FROM`` rows or
    more goes by :func:`_copy_pg`."""
    dialect = db_session.get_bind().dialect.name
    if dialect == "postgresql":

        def write_pg() -> int:
            rows: _JointRows | None = db_session.info.get(_JOINT_KEY) if joint else None
            if rows is not None:
                columns = _pg_columns(new)
                count = len(columns[0])
                rows.p.extend(columns[0])
                rows.t.extend(columns[1])
                rows.v.extend(columns[2])
                rows.r.extend([received_at.isoformat()] * count)
                rows.s.extend([_array_text(source)] * count)
                return count
            if sum(map(len, new.values())) >= _COPY_FROM:
                copied = _copy_pg(db_session, new, received_at, source)
                if copied is not None:
                    return copied
            columns = _pg_columns(new)
            inserted = 0
            for i in range(0, len(columns[0]), 20_000):
                part = slice(i, i + 20_000)
                params = {
                    "p": aggregates.pg_array(columns[0][part]),
                    "t": aggregates.pg_array(columns[1][part]),
                    "v": aggregates.pg_array(columns[2][part]),
                    "received_at": received_at,
                    "source": source,
                }
                inserted += db_session.connection().exec_driver_sql(_PG_INSERT, params).rowcount
            return inserted

        return write_pg
    if dialect == "sqlite":
        # each time label's integer (EpochMicros) once (a batch's points share their labels)
        micros = {ts: epoch_micros(ts) for ts in set().union(*new.values())}
        shared = (epoch_micros(received_at), source)
        flat: list[Any] = []  # point id, ts, value of each row, one after another
        for pid, values in new.items():
            labels = map(micros.__getitem__, values)
            flat.extend(chain.from_iterable(zip(repeat(pid), labels, values.values())))

        def write_sqlite() -> int:
            if not flat:
                return 0
            # Writers queue for SQLite's one write lock for up to a minute (the engine's
            # ``timeout``, ``db.session``), not the driver's default 5 s: a refusal under load
            # would make the client send the batch again.
            return aggregates.sqlite_insert(
                db_session, _SQLITE_INSERT, flat, 3, shared, "ON CONFLICT DO NOTHING"
            )

        return write_sqlite
    # another database: no conflict clause; the check before the insert is all there is
    table = cast(Table, ReadingRow.__table__)
    plain = [
        {"point_id": p, "ts": t, "value": v, "received_at": received_at, "source": source}
        for p, values in new.items()
        for t, v in values.items()
    ]
    return lambda: int(cast(Any, db_session.execute(insert(table), plain)).rowcount) if plain else 0


@dataclass
class _Decision:
    """What a batch will write, decided from the stored readings (see :func:`_decide`)."""

    result: IngestResult
    #: rows not stored yet: point id -> ts -> value
    new: dict[int, dict[datetime, float]] = field(default_factory=dict)
    corrections: list[tuple[tuple[int, datetime], float, Row]] = field(default_factory=list)
    #: the changed span [first, last] of each point
    touched: dict[int, list[datetime]] = field(default_factory=dict)

    def spans(self) -> dict[int, tuple[datetime, datetime]]:
        """Point id -> the changed span (first, last), as the rollups take it."""
        return {pid: (span[0], span[1]) for pid, span in self.touched.items()}

    def pending(self) -> dict[int, dict[datetime, float]]:
        """Point id -> ts -> the value it will hold once written (new rows and corrections)."""
        if not self.corrections:
            return self.new
        out = {pid: dict(values) for pid, values in self.new.items()}
        for (pid, ts), _, row in self.corrections:
            out.setdefault(pid, {})[ts] = row.value
        return out


def _decide(
    db_session: Session,
    batch: Batch,
    ids: Mapping[str, int],
    *,
    may_correct: bool,
    none_stored: bool = False,
) -> _Decision:
    """Sort the batch's rows against the stored readings (reads only): new rows, duplicates,
    conflicts, corrections, and the changed span of each point. (``check_rows`` has already
    removed repeats within the batch, so each (point, ts) comes once.) ``none_stored``: the
    caller knows that none of the rows is stored (all after their points' last readings), so
    the stored readings are not read."""
    out = _Decision(IngestResult(duplicates=batch.duplicates, rejected=list(batch.rejected)))
    new = out.new
    for code, values in by_point(batch.rows).items():
        new[ids[code]] = values
    existing = {} if none_stored else _existing(db_session, new)
    if existing:
        rows = {(ids[r.point], r.ts): r for r in batch.rows}
        for key, stored in sorted(existing.items()):
            row = rows[key]
            del new[key[0]][key[1]]
            if stored == row.value:
                out.result.duplicates += 1
            elif row.correction is None:
                msg = conflict_message(row.point, key[1], stored, row.value)
                out.result.rejected.append(Rejection(row.index, msg))
            elif not may_correct:
                out.result.rejected.append(
                    Rejection(row.index, "无权更正 / not authorised to send corrections")
                )
            else:
                out.corrections.append((key, stored, row))
                _touch(out.touched, key)
        for pid in [pid for pid, values in new.items() if not values]:
            del new[pid]
    for pid, values in new.items():
        _touch(out.touched, (pid, min(values)))
        _touch(out.touched, (pid, max(values)))
    return out


def store(
    db_session: Session,
    batch: Batch,
    rows: Mapping[str, aggregates.PointSpec],
    *,
    actor: str,
    source: str,
    may_correct: bool,
    deferred: bool = False,
    versions: Mapping[int, int] | None = None,
) -> IngestResult | Deferred:
    """Store a checked batch and bring its points' rollups up to date, in the caller's
    transaction. With ``deferred`` the reads and computations are done and the writes are
    returned as a :class:`~carbonpeak.monitoring.store.group.Deferred` (the group commit
    finishes its units together); else the result.

    Optimistic on SQLite: the rows are sorted against the stored readings, the rollups
    computed and the insert prepared *before* the first write (SQLite's write lock is taken by
    the first write and held to commit, so whatever is done before it runs in parallel with
    other writers). The first write bumps the change counter of each point the batch changes;
    if another writer bumped one since it was read, the batch is decided again under the lock.
    On PostgreSQL, batches for the same points take turns on row locks of the points (in id
    order, held to commit); the counters then only tell the batches of one transaction (a group
    commit's members) apart, and are counted in the session (:func:`_versions`).

    ``versions``: on SQLite the points' change counters as the caller read them with the points,
    in this transaction (point id -> counter); else they are read here."""
    ids = {code: row.id for code, row in rows.items()}
    # impossible values of known points are kept (quarantined) for the quality checks
    rejections.record_rejected(
        db_session=db_session, rejected=batch.rejected, point_ids=ids, source=source, actor=actor
    )
    # readings before a retention cutoff are refused (their raw neighbours are gone)
    batch = storage.refuse_before_cutoff(db_session=db_session, batch=batch, now=datetime.now(UTC))
    wanted = sorted({ids[code] for code in points_of(batch.rows)})
    if not wanted:
        return IngestResult(
            duplicates=batch.duplicates, rejected=sorted(batch.rejected, key=lambda r: r.index)
        )
    by_id = {r.id: r for r in rows.values()}
    if db_session.get_bind().dialect.name == "postgresql":
        # a month's partition is made by the first batch that needs it (in its transaction)
        storage.ensure_partitions(db_session=db_session, months=months_of(stamps_of(batch.rows)))
    sqlite = db_session.get_bind().dialect.name == "sqlite"
    if versions is None or not sqlite or not versions.keys() >= set(wanted):
        versions = _versions(db_session, wanted)  # on PostgreSQL with the points' row locks
    last: dict[int, tuple[datetime, float]] | None = None
    appended = False
    if len(batch.rows) <= APPENDED_UP_TO and all(r.correction is None for r in batch.rows):
        # a gateway's package: its points' last readings, read first; when every row follows
        # them none of the rows can be stored, and the stored readings need not be read
        last = aggregates.last_readings(db_session, wanted)
        appended = all(
            (known := last.get(ids[r.point])) is None or r.ts > known[0] for r in batch.rows
        )
    decision = _decide(db_session, batch, ids, may_correct=may_correct, none_stored=appended)
    changed = sorted(decision.touched)
    if not changed:
        decision.result.rejected.sort(key=lambda r: r.index)
        return decision.result
    plan: aggregates.Plan | None = None
    if not decision.corrections and sum(map(len, decision.new.values())) <= APPENDED_UP_TO:
        # a gateway's package after the stored readings: add its pieces to the stored rows
        plan = aggregates.plan_appended(
            db_session=db_session, new=decision.new, points=by_id, last=last
        )
    if plan is None:
        plan = aggregates.plan(
            db_session=db_session, spans=decision.spans(), points=by_id, pending=decision.pending()
        )
    received_at = datetime.now(UTC)
    write = _readings_writer(db_session, decision.new, received_at=received_at, source=source)

    def finish() -> IngestResult:
        return _write(
            db_session, batch, ids, by_id, versions, decision, plan, write, changed,
            received_at=received_at, actor=actor, source=source, may_correct=may_correct,
        )  # fmt: skip

    return Deferred(finish) if deferred else finish()


def _write(
    db_session: Session,
    batch: Batch,
    ids: Mapping[str, int],
    by_id: Mapping[int, aggregates.PointSpec],
    versions: Mapping[int, int],
    decision: _Decision,
    plan: aggregates.Plan | None,
    write: Callable[[], int],
    changed: list[int],
    *,
    received_at: datetime,
    actor: str,
    source: str,
    may_correct: bool,
) -> IngestResult:
    """The writes of :func:`store`: from the first write (which takes SQLite's write lock) on."""
    sqlite_write_gate(db_session)
    aggregates.forget_fetched(db_session)  # a group's reads are stale from the first write on
    bumped = _bump(db_session, changed)  # SQLite: takes the lock
    if any(bumped[pid] != versions[pid] + 1 for pid in changed):
        # another writer changed these points after they were read: decide again, under the
        # lock now held, and recompute the rollups from what is stored (in a group, once the
        # rows and rollups its earlier members left to joint statements are written)
        flush_joint(db_session)
        decision = _decide(db_session, batch, ids, may_correct=may_correct)
        plan = None
        extra = sorted(set(decision.touched) - set(changed))
        if extra:
            _bump(db_session, extra)
        write = _readings_writer(
            db_session, decision.new, received_at=received_at, source=source, joint=False
        )
    result = decision.result
    for key, stored, row in decision.corrections:
        _correct(db_session, key, stored, row.value, row.correction or "", actor, row.point)
        result.accepted += 1
        result.corrected += 1
    inserted = write()
    result.accepted += inserted
    expected = sum(len(values) for values in decision.new.values())
    if inserted < expected:
        # Some rows were stored meanwhile by a writer that did not bump the counters (not one
        # of ours): a different stored value is a conflict; an equal one is a duplicate.
        plan = None
        again = _existing(db_session, decision.new)
        by_key = {(ids[r.point], r.ts): r for r in batch.rows}
        conflicts = 0
        for pid, values in decision.new.items():
            for ts, value in values.items():
                found = again.get((pid, ts))
                if found == value:
                    continue
                conflicts += 1
                row = by_key[(pid, ts)]
                msg = conflict_message(
                    row.point, ts, float("nan") if found is None else found, value
                )
                result.rejected.append(Rejection(row.index, msg))
        result.duplicates += expected - inserted - conflicts
    result.rejected.sort(key=lambda r: r.index)
    if plan is not None:
        aggregates.write(db_session=db_session, plan=plan)
    else:
        aggregates.refresh_many(db_session=db_session, spans=decision.spans(), points=by_id)
    return result


#: Batches of up to this many new readings (and no corrections) that all follow their points'
#: stored readings update the rollups by adding to the stored rows
#: (:func:`carbonpeak.monitoring.rollups.service.plan_appended`); larger ones recompute days.
APPENDED_UP_TO = 1_000

_GROUPS: dict[Engine, GroupCommit[Any]] = {}
_GROUPS_LOCK = threading.Lock()


def group_commit(url: str | None = None) -> GroupCommit[Any]:
    """This process's group committer for the database at ``url`` (default: the configured
    one), made on first use."""
    engine = get_engine(url)
    with _GROUPS_LOCK:
        group = _GROUPS.get(engine)
        if group is None:
            group = _GROUPS[engine] = GroupCommit(
                sessionmaker(bind=engine, expire_on_commit=False), flush=flush_joint
            )
        return group


def _array_text(item: str) -> str:
    """``item`` as an element of a PostgreSQL array literal (quoted; ``"`` and ``\\`` escaped)."""
    return '"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _touch(touched: dict[int, list[datetime]], key: tuple[int, datetime]) -> None:
    """Widen the changed span [first, last] of point ``key[0]`` to ``key[1]``."""
    span = touched.get(key[0])
    if span is None:
        touched[key[0]] = [key[1], key[1]]
    elif key[1] < span[0]:
        span[0] = key[1]
    elif key[1] > span[1]:
        span[1] = key[1]


def _correct(
    db_session: Session,
    key: tuple[int, datetime],
    old: float,
    new: float,
    reason: str,
    actor: str,
    code: str,
) -> None:
    db_session.execute(
        update(ReadingRow)
        .where(tuple_(ReadingRow.point_id, ReadingRow.ts) == key)
        .values(value=new)
    )
    db_session.add(
        ReadingHistoryRow(
            point_id=key[0],
            ts=key[1],
            old_value=old,
            new_value=new,
            reason=reason,
            changed_by=actor,
        )
    )
    record(
        db_session=db_session,
        actor=actor,
        action="correct",
        entity="mon_reading",
        entity_id=f"{code}@{key[1].isoformat()}",
        before={"value": old},
        after={"value": new, "reason": reason},
    )
