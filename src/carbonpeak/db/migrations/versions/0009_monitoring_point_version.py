"""monitoring: a change counter per metering point (optimistic concurrency of ingestion)

A batch of readings computes its rollups before it takes SQLite's write lock, from the
readings it saw; under the lock it bumps the counter of each point it writes and checks that
no other writer bumped it meanwhile (else it decides again under the lock).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 02:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mon_points") as batch:
        batch.add_column(
            sa.Column("readings_version", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("mon_points") as batch:
        batch.drop_column("readings_version")
