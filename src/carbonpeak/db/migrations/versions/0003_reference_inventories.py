"""reference inventories: CEADs provincial/city and Chen et al. 2020 county CO2

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 11:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Timestamps are carbonpeak.db.types.UTCDateTime in the ORM, DateTime(timezone=True) here.
    op.create_table(
        "ref_datasets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("citation", sa.Text(), nullable=False),
        sa.Column("licence", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("scope", sa.String(length=60), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("year_min", sa.Integer(), nullable=True),
        sa.Column("year_max", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ref_datasets")),
        sa.UniqueConstraint("key", name=op.f("uq_ref_datasets_key")),
    )
    op.create_table(
        "ref_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("region_code", sa.String(length=20), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sector", sa.String(length=120), nullable=True),
        sa.Column("fuel", sa.String(length=60), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["ref_datasets.id"],
            name=op.f("fk_ref_values_dataset_id_ref_datasets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ref_values")),
    )
    op.create_index(
        "ix_ref_values_dataset_region_year",
        "ref_values",
        ["dataset_id", "region", "year"],
        unique=False,
    )
    op.create_index(
        "ix_ref_values_dataset_code_year",
        "ref_values",
        ["dataset_id", "region_code", "year"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_ref_values_dataset_code_year", table_name="ref_values")
    op.drop_index("ix_ref_values_dataset_region_year", table_name="ref_values")
    op.drop_table("ref_values")
    op.drop_table("ref_datasets")
