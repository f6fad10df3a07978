"""inventory: the accounting method (核算方法) a stored dataset version is computed with

Each version names one method (``provincial-2011`` by default, the documented default), so a
stored inventory is always recomputed under the same consistent set of documents.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 04:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inv_dataset_versions") as batch:
        batch.add_column(
            sa.Column(
                "method",
                sa.String(length=40),
                nullable=False,
                server_default="provincial-2011",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("inv_dataset_versions") as batch:
        batch.drop_column("method")
