"""Partitions and retention in the database. Keyword-only functions, session first; none
commits (the caller does).

:func:`ensure_partitions` (PostgreSQL; a no-op elsewhere) makes the monthly partitions a batch
needs, in the batch's own transaction, so that a reading of a new month never fails; the
partitions seen in the catalogue are remembered per engine, so a batch of known months costs
nothing. :func:`make_ahead` makes the coming months' partitions beforehand (``carbonpeak
monitor partitions``, migration 0018 for the data already stored). :func:`retention` deletes the
raw readings of whole CST months before a cutoff, writing them first to a gzip CSV archive if
asked; the rollups (hour, day, month) stay, and the run is kept in ``mon_retention`` and the
audit log. :func:`refuse_before_cutoff` then refuses readings before the cutoff (and in the
first days after it, whose rollups need the readings that are gone).
"""

from __future__ import annotations

import csv
import gzip
import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, event, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from carbonpeak.audit import record
from carbonpeak.db.session import transaction_key
from carbonpeak.monitoring.model import Batch, Rejection, first_stamp
from carbonpeak.monitoring.orm import PointRow, ReadingRow, RetentionRow
from carbonpeak.monitoring.storage.partitions import (
    CST,
    FROZEN_AFTER_CUTOFF,
    MIN_AGE,
    Month,
    create_sql,
    cutoff_for,
    month_of,
    months_of,
    next_month,
    parse_partition,
    partition_name,
)


@event.listens_for(ReadingRow, "before_insert")
def _month_partition(_mapper: Any, connection: Connection, target: ReadingRow) -> None:
    """A reading added one by one through the ORM (tests, hand repairs) gets its month's
    partition on PostgreSQL too (the ingest path makes them per batch,
    :func:`ensure_partitions`)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text(create_sql(month_of(target.ts))))


_seen: dict[Engine, set[Month]] = {}
_seen_lock = threading.Lock()

_PARTITIONS = text(
    "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
    "WHERE i.inhparent = to_regclass('mon_readings')"
)


def partitions(*, db_session: Session) -> set[Month]:
    """The months that have a partition (PostgreSQL; empty elsewhere)."""
    if db_session.get_bind().dialect.name != "postgresql":
        return set()
    names = db_session.execute(_PARTITIONS).scalars()
    return {m for m in (parse_partition(n) for n in names) if m is not None}


def ensure_partitions(*, db_session: Session, months: Iterable[Month]) -> list[Month]:
    """Make the partitions of ``months`` that do not exist yet, in the session's transaction;
    the months made. (Not remembered until seen in the catalogue: a transaction that rolls back
    takes its partition with it.)"""
    bind = db_session.get_bind()
    if bind.dialect.name != "postgresql":
        return []
    engine = bind.engine  # an Engine's .engine is itself; a Connection's, its engine
    wanted = set(months)
    seen = _seen.get(engine)
    if seen is not None and wanted <= seen:
        return []
    found = partitions(db_session=db_session)
    # those this transaction made are not remembered: it may yet roll back (a group commit's
    # transaction does when a member fails, and runs the members again alone)
    uncommitted: set[Month] = db_session.info.setdefault(_MADE_KEY, set())
    with _seen_lock:
        _seen[engine] = found - uncommitted
    made = sorted(wanted - found)
    for month in made:
        db_session.execute(text(create_sql(month)))
    uncommitted.update(made)
    return made


#: ``Session.info`` key: the months whose partitions the session's transaction made
_MADE_KEY = transaction_key("carbonpeak.partitions_made")


def prepare_partitions(*, engine: Engine, stamps: Iterable[Any]) -> None:
    """Before a batch joins a group commit (PostgreSQL): make the partitions of the months of
    its time stamps (``stamps`` as sent: ISO strings; others are skipped) in a transaction of
    their own, committed at once, so that concurrent servers never make one inside their
    ingest transactions (two would wait on each other's locks). A month missed here (a form
    this does not read) is still made in the batch's transaction (:func:`ensure_partitions`).
    The calling thread must hold no transaction on the readings."""
    months = unseen_months(engine=engine, stamps=stamps)
    if not months:
        return
    for attempt in range(3):
        try:
            with engine.begin() as conn:
                names = conn.execute(_PARTITIONS).scalars()
                found = {m for m in (parse_partition(n) for n in names) if m is not None}
                for month in sorted(months - found):
                    conn.execute(text(create_sql(month)))
        except DBAPIError:  # another server made it meanwhile: look again
            if attempt == 2:
                raise
            time.sleep(0.05)
            continue
        with _seen_lock:
            _seen[engine] = found | months
        return


def unseen_months(*, engine: Engine, stamps: Iterable[Any]) -> set[Month]:
    """The months of ``stamps`` (ISO strings as sent; others are skipped) whose partitions
    this process has not seen yet: empty on SQLite, and for nearly every gateway package, so
    that the HTTP intake hands :func:`prepare_partitions` to a thread only when there is a
    partition to look for (a few labels are parsed on the event loop)."""
    if engine.dialect.name != "postgresql":
        return set()
    labels = list(stamps)
    try:  # the distinct labels first, by one C loop (a batch's points share their labels)
        distinct = set(labels)
    except TypeError:  # some label is a JSON array or object
        distinct = {s for s in labels if isinstance(s, str)}
    instants = []
    for stamp in distinct:
        if not isinstance(stamp, str):
            continue
        try:
            ts = datetime.fromisoformat(stamp)
        except ValueError:
            continue
        instants.append(ts if ts.tzinfo else ts.replace(tzinfo=CST))
    months = months_of(instants)
    seen = _seen.get(engine)
    return months - seen if seen is not None else months


def make_ahead(*, db_session: Session, now: datetime | None = None, ahead: int = 3) -> list[Month]:
    """Partitions for this month and the ``ahead`` next ones; the months made."""
    month = month_of(now or datetime.now(UTC))
    wanted = [month]
    for _ in range(ahead):
        month = next_month(month)
        wanted.append(month)
    return ensure_partitions(db_session=db_session, months=wanted)


def latest_cutoff(*, db_session: Session) -> datetime | None:
    return db_session.scalar(select(func.max(RetentionRow.cutoff)))


#: ``Session.info`` key of the cutoff read in the session's transaction (dropped at its end)
_CUTOFF_KEY = transaction_key("carbonpeak.retention_cutoff")


def refuse_before_cutoff(*, db_session: Session, batch: Batch, now: datetime) -> Batch:
    """``batch`` without its rows before the last retention cutoff (+ ``FROZEN_AFTER_CUTOFF``),
    those rejected with the reason. Reads the cutoff only for a batch reaching back further
    than ``MIN_AGE`` (a retention cutoff is never younger): current packages cost nothing."""
    if not batch.rows or first_stamp(batch.rows) >= now - MIN_AGE:
        return batch
    # read once per transaction (a group commit's members share it; retention runs are rare)
    if _CUTOFF_KEY in db_session.info:
        cutoff = db_session.info[_CUTOFF_KEY]
    else:
        cutoff = db_session.info[_CUTOFF_KEY] = latest_cutoff(db_session=db_session)
    if cutoff is None:
        return batch
    limit = cutoff + FROZEN_AFTER_CUTOFF
    kept = tuple(r for r in batch.rows if r.ts >= limit)
    if len(kept) == len(batch.rows):
        return batch
    refused = [
        Rejection(
            r.index,
            f"{r.point} {r.ts.isoformat()}: 早于原始读数保留起点 {limit.isoformat()}（已按保留"
            f"期限删除或归档）/ before {limit.isoformat()}: raw readings before the retention "
            "cutoff were removed; only the rollups are kept",
        )
        for r in batch.rows
        if r.ts < limit
    ]
    return replace(batch, rows=kept, rejected=(*batch.rejected, *refused))


@dataclass
class RetentionResult:
    cutoff: datetime
    deleted: int
    archive: Path | None
    partitions_dropped: list[str]
    dry_run: bool


def retention(
    *,
    db_session: Session,
    older_than: str,
    actor: str,
    archive: Path | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
) -> RetentionResult:
    """Delete the raw readings of whole CST months older than ``older_than`` (see
    :func:`~.partitions.cutoff_for`), after writing them to ``archive`` (gzip CSV: point, ts,
    value, received_at, source; fsynced before anything is deleted) if given. Rollups stay.
    Recorded in ``mon_retention`` and the audit log. ``dry_run``: count only."""
    cutoff = cutoff_for(now or datetime.now(UTC), older_than)
    count = int(
        db_session.scalar(
            select(func.count()).where(ReadingRow.ts < cutoff).select_from(ReadingRow)
        )
        or 0
    )
    if dry_run:
        return RetentionResult(cutoff, count, None, [], True)
    if archive is not None and count:
        _write_archive(db_session, cutoff, archive)
    dropped: list[str] = []
    if db_session.get_bind().dialect.name == "postgresql":
        for month in sorted(partitions(db_session=db_session)):
            if month < month_of(cutoff):  # whole months: the cutoff is a month's start
                dropped.append(partition_name(month))
                db_session.execute(text(f"DROP TABLE {partition_name(month)}"))
        _seen.pop(db_session.get_bind().engine, None)
    db_session.execute(delete(ReadingRow).where(ReadingRow.ts < cutoff))
    db_session.info.pop(_CUTOFF_KEY, None)
    db_session.add(
        RetentionRow(
            cutoff=cutoff,
            actor=actor,
            deleted=count,
            archive=str(archive) if archive is not None else None,
        )
    )
    record(
        db_session=db_session,
        actor=actor,
        action="retention",
        entity="mon_readings",
        entity_id=cutoff.date().isoformat(),
        after={
            "cutoff": cutoff,
            "deleted": count,
            "archive": str(archive) if archive is not None else None,
            "partitions_dropped": dropped,
        },
    )
    return RetentionResult(cutoff, count, archive, dropped, False)


def _write_archive(db_session: Session, cutoff: datetime, path: Path) -> None:
    query = (
        select(PointRow.code, ReadingRow.ts, ReadingRow.value, ReadingRow.received_at)
        .add_columns(ReadingRow.source)
        .join(PointRow, PointRow.id == ReadingRow.point_id)
        .where(ReadingRow.ts < cutoff)
        .order_by(ReadingRow.point_id, ReadingRow.ts)
        .execution_options(yield_per=20_000)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as raw:
        with gzip.open(raw, "wt", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["point", "ts", "value", "received_at", "source"])
            row: Any
            for row in db_session.execute(query):
                writer.writerow(
                    [row[0], row[1].isoformat(), repr(row[2]), row[3].isoformat(), row[4]]
                )
        raw.flush()
        os.fsync(raw.fileno())
    partial.replace(path)
