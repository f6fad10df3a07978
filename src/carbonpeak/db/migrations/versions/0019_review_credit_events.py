"""review: derived quota credits — closure, retrofit and renewable events
(review_credit_events) and the origin, event and evidence of each ledger entry

Revision ID: 0019
Revises: 0016
Create Date: 2026-12-06 07:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0016"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "review_credit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("district", sa.String(length=6), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("enterprise_code", sa.String(length=18), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("before_tce", sa.Float(), nullable=True),
        sa.Column("after_tce", sa.Float(), nullable=True),
        sa.Column("renewable_kwh", sa.Float(), nullable=True),
        sa.Column("credit_tce", sa.Float(), nullable=False),
        sa.Column("derivation", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.CheckConstraint(
            "kind in ('closure', 'retrofit', 'renewable')",
            name=op.f("ck_review_credit_events_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["review_projects.id"],
            name=op.f("fk_review_credit_events_project_id_review_projects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_credit_events")),
    )
    with op.batch_alter_table("review_credit_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_credit_events_district"), ["district"], unique=False
        )
    with op.batch_alter_table("review_quota_entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("origin", sa.String(length=12), nullable=False, server_default="manual")
        )
        batch_op.add_column(sa.Column("event_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("evidence", sa.Text(), nullable=False, server_default=""))
        batch_op.create_foreign_key(
            batch_op.f("fk_review_quota_entries_event_id_review_credit_events"),
            "review_credit_events",
            ["event_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("review_quota_entries", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_review_quota_entries_event_id_review_credit_events"), type_="foreignkey"
        )
        batch_op.drop_column("evidence")
        batch_op.drop_column("event_id")
        batch_op.drop_column("origin")
    with op.batch_alter_table("review_credit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_credit_events_district"))
    op.drop_table("review_credit_events")
