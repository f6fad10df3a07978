"""monitoring: monthly totals reported per metering point (月数据)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 00:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Timestamps are carbonpeak.db.types.UTCDateTime in the ORM, DateTime(timezone=True) here.
    op.create_table(
        "mon_monthly_totals",
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("month", TZ, nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.Column("received_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["point_id"],
            ["mon_points.id"],
            name=op.f("fk_mon_monthly_totals_point_id_mon_points"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("point_id", "month", name=op.f("pk_mon_monthly_totals")),
    )


def downgrade() -> None:
    op.drop_table("mon_monthly_totals")
