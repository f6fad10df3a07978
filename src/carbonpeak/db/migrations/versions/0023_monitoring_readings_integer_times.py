"""monitoring: on SQLite, ``mon_readings.ts`` and ``received_at`` stored as INTEGER microseconds
since 1970-01-01 UTC (``carbonpeak.db.types.EpochMicros``) instead of the 26-character text
SQLAlchemy's SQLite ``DateTime`` writes: a bulk insert compares and writes 8-byte integers
under SQLite's one write lock (issue 17), and the file is about half the size.

SQLite: the table is rebuilt (as 0018 left it: primary key (point_id, ts), WITHOUT ROWID, the
foreign key to ``mon_points``; no other index), the stored text converted exactly in SQL, in
the migration's one transaction: 'YYYY-MM-DD HH:MM:SS[.ffffff]' (UTC) -> whole seconds from
``strftime('%s')`` times 10^6 plus the fraction's digits (none: 0). Downgrade writes the same
text back (always with six fraction digits, as SQLAlchemy writes it).

PostgreSQL (and any other database): a no-op; the columns stay ``timestamptz`` in the monthly
partitions of 0018.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 03:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def _micros(column: str) -> str:
    """SQL: the UTC text in ``column`` as microseconds since the epoch (exact integers)."""
    return (
        f"CAST(strftime('%s', substr({column}, 1, 19)) AS INTEGER) * 1000000"
        f" + CAST(substr(substr({column}, 21) || '000000', 1, 6) AS INTEGER)"
    )


def _text(column: str) -> str:
    """SQL: microseconds since the epoch in ``column`` as the text SQLAlchemy's SQLite
    ``DateTime`` writes (seconds floored, so instants before 1970 come out right too)."""
    fraction = f"(({column} % 1000000) + 1000000) % 1000000"
    seconds = f"({column} - {fraction}) / 1000000"
    return (
        f"strftime('%Y-%m-%d %H:%M:%S', {seconds}, 'unixepoch')"
        f" || '.' || printf('%06d', {fraction})"
    )


def _rebuild(time_type: str, ts: str, received_at: str) -> None:
    op.execute(
        "CREATE TABLE mon_readings_new ("
        " point_id INTEGER NOT NULL,"
        f" ts {time_type} NOT NULL,"
        " value FLOAT NOT NULL,"
        f" received_at {time_type} NOT NULL,"
        " source VARCHAR(10) NOT NULL,"
        " CONSTRAINT pk_mon_readings PRIMARY KEY (point_id, ts),"
        " CONSTRAINT fk_mon_readings_point_id_mon_points FOREIGN KEY(point_id)"
        " REFERENCES mon_points (id) ON DELETE CASCADE"
        ") WITHOUT ROWID"
    )
    op.execute(
        "INSERT INTO mon_readings_new (point_id, ts, value, received_at, source) "
        f"SELECT point_id, {ts}, value, {received_at}, source FROM mon_readings"
    )
    op.execute("DROP TABLE mon_readings")
    op.execute("ALTER TABLE mon_readings_new RENAME TO mon_readings")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild("INTEGER", _micros("ts"), _micros("received_at"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild("DATETIME", _text("ts"), _text("received_at"))
