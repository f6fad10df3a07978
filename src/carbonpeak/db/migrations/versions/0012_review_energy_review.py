"""review: the energy review of new projects (节能审查) — project register, decisions, quota
ledger, alerts on approved values, energy budgets, inspections; and the review_officer role

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 05:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
ROLES_OLD = "role in ('admin', 'unit_editor', 'enterprise', 'viewer')"
ROLES_NEW = "role in ('admin', 'unit_editor', 'enterprise', 'viewer', 'review_officer')"


def _roles(check: str) -> None:
    with op.batch_alter_table("auth_users") as batch:
        batch.drop_constraint(op.f("ck_auth_users_role"), type_="check")
        batch.create_check_constraint("role", check)


def upgrade() -> None:
    op.create_table(
        "review_budgets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=12), nullable=False),
        sa.Column("code", sa.String(length=18), nullable=False),
        sa.Column("energy_equivalent_tce", sa.Float(), nullable=False),
        sa.Column("energy_equal_value_tce", sa.Float(), nullable=False),
        sa.Column("co2_t", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_budgets")),
    )
    op.create_table(
        "review_projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("owner_uscc", sa.String(length=18), nullable=False),
        sa.Column("owner_name", sa.String(length=200), nullable=False),
        sa.Column("district", sa.String(length=6), nullable=False),
        sa.Column("industry", sa.String(length=8), nullable=False),
        sa.Column("stage", sa.String(length=8), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("assessment", sa.Text(), nullable=True),
        sa.Column("equivalent_tce", sa.Float(), nullable=True),
        sa.Column("equal_value_tce", sa.Float(), nullable=True),
        sa.Column("dual_control_tce", sa.Float(), nullable=True),
        sa.Column("co2_t", sa.Float(), nullable=True),
        sa.Column("two_high", sa.Boolean(), nullable=False),
        sa.Column("authority", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("submitted_by", sa.String(length=64), nullable=False),
        sa.Column("submitted_at", TZ, nullable=True),
        sa.Column("commissioned_on", sa.Date(), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.CheckConstraint(
            "status in ('draft', 'submitted', 'approved', 'conditional', 'rejected', "
            "'commissioned')",
            name=op.f("ck_review_projects_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_projects")),
    )
    with op.batch_alter_table("review_projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_projects_district"), ["district"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_review_projects_owner_uscc"), ["owner_uscc"], unique=False
        )

    op.create_table(
        "review_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("measure", sa.String(length=64), nullable=False),
        sa.Column("approved", sa.Float(), nullable=False),
        sa.Column("monitored", sa.Float(), nullable=False),
        sa.Column("margin", sa.Float(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("opened_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["review_projects.id"],
            name=op.f("fk_review_alerts_project_id_review_projects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_alerts")),
    )
    with op.batch_alter_table("review_alerts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_alerts_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("conditions", sa.Text(), nullable=False),
        sa.Column("approved_equivalent_tce", sa.Float(), nullable=True),
        sa.Column("approved_equal_value_tce", sa.Float(), nullable=True),
        sa.Column("approved_unit", sa.Text(), nullable=False),
        sa.Column("exception_reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("decided_at", TZ, nullable=False),
        sa.CheckConstraint(
            "outcome in ('approve', 'conditional', 'reject')",
            name=op.f("ck_review_decisions_outcome"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["review_projects.id"],
            name=op.f("fk_review_decisions_project_id_review_projects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_decisions")),
    )
    with op.batch_alter_table("review_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_decisions_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "review_inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_code", sa.String(length=18), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("penalty_yuan", sa.Float(), nullable=False),
        sa.Column("surcharge_yuan", sa.Float(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["review_projects.id"],
            name=op.f("fk_review_inspections_project_id_review_projects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_inspections")),
    )
    with op.batch_alter_table("review_inspections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_inspections_enterprise_code"), ["enterprise_code"], unique=False
        )

    op.create_table(
        "review_quota_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district", sa.String(length=6), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("tce", sa.Float(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.CheckConstraint(
            "kind in ('credit', 'debit')", name=op.f("ck_review_quota_entries_kind")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["review_projects.id"],
            name=op.f("fk_review_quota_entries_project_id_review_projects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_quota_entries")),
    )
    with op.batch_alter_table("review_quota_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_quota_entries_district"), ["district"], unique=False
        )
    _roles(ROLES_NEW)


def downgrade() -> None:
    _roles(ROLES_OLD)
    with op.batch_alter_table("review_quota_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_quota_entries_district"))

    op.drop_table("review_quota_entries")
    with op.batch_alter_table("review_inspections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_inspections_enterprise_code"))

    op.drop_table("review_inspections")
    with op.batch_alter_table("review_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_decisions_project_id"))

    op.drop_table("review_decisions")
    with op.batch_alter_table("review_alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_alerts_project_id"))

    op.drop_table("review_alerts")
    with op.batch_alter_table("review_projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_projects_owner_uscc"))
        batch_op.drop_index(batch_op.f("ix_review_projects_district"))

    op.drop_table("review_projects")
    op.drop_table("review_budgets")
