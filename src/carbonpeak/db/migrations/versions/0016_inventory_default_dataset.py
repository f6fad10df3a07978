"""inventory: the city's default activity dataset (城市默认数据集), set by an administrator

The pages and the command line use it when no dataset is chosen, instead of guessing.

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-06 04:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0014"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "inv_default_dataset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("set_at", TZ, nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_inv_default_dataset_single")),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["inv_datasets.id"],
            name=op.f("fk_inv_default_dataset_dataset_id_inv_datasets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inv_default_dataset")),
    )


def downgrade() -> None:
    op.drop_table("inv_default_dataset")
