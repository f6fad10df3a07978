"""inventory activity: versioned activity datasets and stored user factor sets

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 23:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Timestamps are carbonpeak.db.types.UTCDateTime in the ORM, DateTime(timezone=True) here.
    op.create_table(
        "inv_datasets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inv_datasets")),
        sa.UniqueConstraint("name", name=op.f("uq_inv_datasets_name")),
    )
    op.create_table(
        "inv_dataset_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("factor_set", sa.String(length=100), nullable=True),
        sa.Column("factor_set_version", sa.Integer(), nullable=True),
        sa.Column("gwp_set", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["inv_datasets.id"],
            name=op.f("fk_inv_dataset_versions_dataset_id_inv_datasets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inv_dataset_versions")),
        sa.UniqueConstraint(
            "dataset_id", "version", name=op.f("uq_inv_dataset_versions_dataset_id")
        ),
    )
    op.create_table(
        "inv_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=True),
        sa.Column("region", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sector", sa.String(length=30), nullable=False),
        sa.Column("use", sa.String(length=30), nullable=False),
        sa.Column("fuel", sa.String(length=60), nullable=False),
        sa.Column("qualifier", sa.String(length=60), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=60), nullable=False),
        sa.Column("notation", sa.String(length=4), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("uncertainty_pct", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["inv_dataset_versions.id"],
            name=op.f("fk_inv_activity_version_id_inv_dataset_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inv_activity")),
    )
    op.create_index(
        "ix_inv_activity_version_region_year",
        "inv_activity",
        ["version_id", "region", "year"],
        unique=False,
    )
    op.create_table(
        "inv_factor_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inv_factor_sets")),
        sa.UniqueConstraint("name", "version", name=op.f("uq_inv_factor_sets_name")),
    )


def downgrade() -> None:
    op.drop_table("inv_factor_sets")
    op.drop_index("ix_inv_activity_version_region_year", table_name="inv_activity")
    op.drop_table("inv_activity")
    op.drop_table("inv_dataset_versions")
    op.drop_table("inv_datasets")
