"""monitoring: readings refused for an impossible value, kept as sent (隔离表 quarantine)

Ingestion refuses negative, non-finite and non-numeric values; for a known point the refused
row is kept here so the data-quality run can report the meter that sends them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 04:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Timestamps are carbonpeak.db.types.UTCDateTime in the ORM, DateTime(timezone=True) here.
    op.create_table(
        "mon_rejected_readings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("ts", TZ, nullable=True),
        sa.Column("ts_text", sa.String(length=100), nullable=False),
        sa.Column("value_text", sa.String(length=200), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.Column("received_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["point_id"],
            ["mon_points.id"],
            name=op.f("fk_mon_rejected_readings_point_id_mon_points"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mon_rejected_readings")),
    )
    op.create_index(
        "ix_mon_rejected_readings_point_ts", "mon_rejected_readings", ["point_id", "ts"]
    )


def downgrade() -> None:
    op.drop_index("ix_mon_rejected_readings_point_ts", table_name="mon_rejected_readings")
    op.drop_table("mon_rejected_readings")
