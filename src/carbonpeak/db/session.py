"""Engines and sessions. One session per unit of work, committed once by the caller; over HTTP
one session per request (:data:`carbonpeak.db.api.Db`, beside this module)."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from carbonpeak.core.settings import get_settings

#: WAL pages (4 KiB each) before a commit checkpoints them into the database file. SQLite's
#: default (1,000 pages) makes a writer of large batches checkpoint every few commits,
#: re-copying the same hot b-tree pages each time: a quarter of the ingest time measured by
#: ``benchmarks/ingest.py``. With 10,000 the WAL grows to about 40 MiB between checkpoints.
WAL_AUTOCHECKPOINT_PAGES = 10_000


def sqlite_pragmas(dbapi_conn: Any, _record: Any = None) -> None:
    """Set up a new SQLite connection (also used by the benchmarks' raw-driver ceiling)."""
    # Foreign keys are off by default in SQLite; WAL + synchronous=FULL make an
    # acknowledged commit durable.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
    cur.close()


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url``, or for the configured database (resolved at each call)."""
    return _engine(url or get_settings().resolved_database_url())


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        # A writer waits up to a minute for SQLite's one write lock (the driver's default is
        # 5 s): under a burst of ingest groups a small write (a token's last use) must queue,
        # not fail with "database is locked".
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 60})
        event.listen(engine, "connect", sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def session_factory(url: str | None = None) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A transaction: commit on success, roll back on any error (nothing half-written)."""
    session = session_factory(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def sqlite_driver(session: Session) -> Any:
    """The session's own ``sqlite3`` connection, in the session's transaction, for the hot
    statements of meter ingest run straight through the driver: for a gateway's package of ten
    readings SQLAlchemy's set-up of each execution and its result (``exec_driver_sql``) costs
    more than SQLite takes to answer. (Statements run here bypass SQLAlchemy's events.)"""
    return session.connection().connection.dbapi_connection


def sqlite_write_gate(session: Session) -> None:
    """Before a session's first write to an SQLite file, queue for the write on an OS file lock
    (``<database>-gate``), held until the session's transaction ends.

    SQLite lets one writer at a time in; the others wait in its busy handler, which polls with
    sleeps growing to 100 ms, so a waiting writer wakes up to tens of milliseconds after the
    lock is free. A blocked ``flock`` wakes as soon as the holder commits. Nothing else changes:
    SQLite's own lock still decides, the gate only makes the waiting short. Skipped when the
    session already writes (it holds SQLite's lock; waiting for the gate then could deadlock
    with a gate holder waiting for that lock), and for other databases."""
    bind = session.get_bind()
    database = bind.engine.url.database if bind.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    dbapi: Any = session.connection().connection.dbapi_connection
    if dbapi.in_transaction:
        return
    fd = os.open(f"{database}-gate", os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    held = [True]

    def release(_session: Session, transaction: Any) -> None:
        if held[0] and transaction.parent is None:
            held[0] = False
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    event.listen(session, "after_transaction_end", release)


#: ``Session.info`` keys whose values belong to one transaction (registered with
#: :func:`transaction_key`), dropped when it ends
_TRANSACTION_KEYS: set[str] = set()


def transaction_key(key: str) -> str:
    """Register ``key`` as a ``Session.info`` key of what one transaction read, counted or made
    (a group commit's reads, change counters, partitions made): dropped at the end of the
    session's outermost transaction, commit or rollback. Returns ``key``."""
    _TRANSACTION_KEYS.add(key)
    return key


@event.listens_for(Session, "after_transaction_end")
def _forget_transaction_keys(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        for key in _TRANSACTION_KEYS:
            session.info.pop(key, None)
