"""monitoring: raw readings that grow — PostgreSQL ``mon_readings`` partitioned by month (native
declarative partitioning, one partition per CST month, made ahead and on ingest), SQLite
``mon_readings`` WITHOUT ROWID (the rows live in the primary-key tree: one tree per insert, not
two), and ``mon_retention``: each run of ``carbonpeak monitor retention`` (raw readings before a
cutoff deleted, optionally archived first; the rollups are kept).

An existing database keeps its readings: they are copied into the new table (PostgreSQL: into
the monthly partitions made for their span).

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-06 08:00:00.000000
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)

CST = timezone(timedelta(hours=8))
_COLUMNS = "point_id, ts, value, received_at, source"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _pg_partition(bind)
    elif bind.dialect.name == "sqlite":
        _sqlite_rebuild(bind, rowid=False)
    op.create_table(
        "mon_retention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cutoff", TZ, nullable=False),
        sa.Column("run_at", TZ, nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Integer(), nullable=False),
        sa.Column("archive", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mon_retention")),
    )


def downgrade() -> None:
    op.drop_table("mon_retention")
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _pg_plain(bind)
    elif bind.dialect.name == "sqlite":
        _sqlite_rebuild(bind, rowid=True)


def _pg_partition(bind: sa.Connection) -> None:
    op.execute("ALTER TABLE mon_readings RENAME TO mon_readings_unpartitioned")
    op.execute(
        "ALTER TABLE mon_readings_unpartitioned "
        "RENAME CONSTRAINT pk_mon_readings TO pk_mon_readings_unpartitioned"
    )
    op.execute(
        "ALTER TABLE mon_readings_unpartitioned "
        "RENAME CONSTRAINT fk_mon_readings_point_id_mon_points TO fk_mon_readings_unpartitioned"
    )
    op.execute(
        "CREATE TABLE mon_readings ("
        " point_id INTEGER NOT NULL,"
        " ts TIMESTAMP WITH TIME ZONE NOT NULL,"
        " value FLOAT NOT NULL,"
        " received_at TIMESTAMP WITH TIME ZONE NOT NULL,"
        " source VARCHAR(10) NOT NULL,"
        " CONSTRAINT pk_mon_readings PRIMARY KEY (point_id, ts),"
        " CONSTRAINT fk_mon_readings_point_id_mon_points FOREIGN KEY (point_id)"
        " REFERENCES mon_points (id) ON DELETE CASCADE"
        ") PARTITION BY RANGE (ts)"
    )
    lo, hi = bind.execute(sa.text("SELECT min(ts), max(ts) FROM mon_readings_unpartitioned")).one()
    for month in months_between(lo, hi):
        op.execute(create_sql(month))
    op.execute(
        f"INSERT INTO mon_readings ({_COLUMNS}) SELECT {_COLUMNS} FROM mon_readings_unpartitioned"
    )
    op.execute("DROP TABLE mon_readings_unpartitioned")


def _pg_plain(bind: sa.Connection) -> None:
    op.execute("ALTER TABLE mon_readings RENAME TO mon_readings_partitioned")
    op.execute(
        "ALTER TABLE mon_readings_partitioned "
        "RENAME CONSTRAINT pk_mon_readings TO pk_mon_readings_partitioned"
    )
    op.execute(
        "ALTER TABLE mon_readings_partitioned "
        "RENAME CONSTRAINT fk_mon_readings_point_id_mon_points TO fk_mon_readings_partitioned"
    )
    op.execute(
        "CREATE TABLE mon_readings ("
        " point_id INTEGER NOT NULL,"
        " ts TIMESTAMP WITH TIME ZONE NOT NULL,"
        " value FLOAT NOT NULL,"
        " received_at TIMESTAMP WITH TIME ZONE NOT NULL,"
        " source VARCHAR(10) NOT NULL,"
        " CONSTRAINT pk_mon_readings PRIMARY KEY (point_id, ts),"
        " CONSTRAINT fk_mon_readings_point_id_mon_points FOREIGN KEY (point_id)"
        " REFERENCES mon_points (id) ON DELETE CASCADE)"
    )
    op.execute(
        f"INSERT INTO mon_readings ({_COLUMNS}) SELECT {_COLUMNS} FROM mon_readings_partitioned"
    )
    op.execute("DROP TABLE mon_readings_partitioned CASCADE")


def months_between(lo: datetime | None, hi: datetime | None) -> list[tuple[int, int]]:
    """(year, month) of every CST month from ``lo``'s to ``hi``'s (none when no readings).
    A frozen copy of ``monitoring.storage.partitions`` (a migration does not change later)."""
    if lo is None or hi is None:
        return []
    a, b = lo.astimezone(CST), hi.astimezone(CST)
    return [(k // 12, k % 12 + 1) for k in range(a.year * 12 + a.month - 1, b.year * 12 + b.month)]


def create_sql(month: tuple[int, int]) -> str:
    year, mon = month
    nxt = (year + 1, 1) if mon == 12 else (year, mon + 1)
    return (
        f"CREATE TABLE IF NOT EXISTS mon_readings_p{year:04d}{mon:02d} PARTITION OF mon_readings "
        f"FOR VALUES FROM ('{year:04d}-{mon:02d}-01 00:00:00+08') "
        f"TO ('{nxt[0]:04d}-{nxt[1]:02d}-01 00:00:00+08')"
    )


def _sqlite_rebuild(bind: sa.Connection, *, rowid: bool) -> None:
    suffix = "" if rowid else " WITHOUT ROWID"
    op.execute(
        "CREATE TABLE mon_readings_new ("
        " point_id INTEGER NOT NULL,"
        " ts DATETIME NOT NULL,"
        " value FLOAT NOT NULL,"
        " received_at DATETIME NOT NULL,"
        " source VARCHAR(10) NOT NULL,"
        " CONSTRAINT pk_mon_readings PRIMARY KEY (point_id, ts),"
        " CONSTRAINT fk_mon_readings_point_id_mon_points FOREIGN KEY(point_id)"
        " REFERENCES mon_points (id) ON DELETE CASCADE"
        f"){suffix}"
    )
    op.execute(f"INSERT INTO mon_readings_new ({_COLUMNS}) SELECT {_COLUMNS} FROM mon_readings")
    op.execute("DROP TABLE mon_readings")
    op.execute("ALTER TABLE mon_readings_new RENAME TO mon_readings")
