"""scenarios: saved scenario runs

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 23:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # created_at is carbonpeak.db.types.UTCDateTime in the ORM, DateTime(timezone=True) here.
    op.create_table(
        "scn_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario", sa.String(length=100), nullable=False),
        sa.Column("chain", sa.Text(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("peak_year", sa.Integer(), nullable=False),
        sa.Column("peak_value_t", sa.Float(), nullable=False),
        sa.Column("peaked", sa.Boolean(), nullable=False),
        sa.Column("p_peak_by_2030", sa.Float(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scn_runs")),
    )
    op.create_index("ix_scn_runs_scenario", "scn_runs", ["scenario"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_scn_runs_scenario", table_name="scn_runs")
    op.drop_table("scn_runs")
