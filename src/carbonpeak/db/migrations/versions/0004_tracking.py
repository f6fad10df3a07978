"""tracking: indicators, values, statuses, tasks, progress reports, assessments, outbox

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 12:00:00.000000

Indicator values and published assessment snapshots are append-only: triggers refuse an UPDATE
of a value and an UPDATE or DELETE of a snapshot, on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# (trigger name, table, operation): each refuses the operation on its table.
APPEND_ONLY = (
    ("tracking_values_no_update", "tracking_indicator_values", "UPDATE"),
    ("tracking_snapshots_no_update", "tracking_assessment_snapshots", "UPDATE"),
    ("tracking_snapshots_no_delete", "tracking_assessment_snapshots", "DELETE"),
)
REFUSE_MESSAGE = "append-only table: add a new version instead of changing this row"


def _create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION tracking_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '%: {REFUSE_MESSAGE} (%)', TG_TABLE_NAME, TG_OP "
            "USING ERRCODE = 'integrity_constraint_violation'; END; $$"
        )
        for name, table, operation in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {operation} ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION tracking_refuse_change()"
            )
        return
    for name, table, operation in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {operation} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table}: {REFUSE_MESSAGE}'); END"
        )


def _drop_triggers() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, table, _operation in APPEND_ONLY:
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgres else ""))
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS tracking_refuse_change()")


def upgrade() -> None:
    # Timestamps are carbonpeak.db.types.UTCDateTime in the ORM, DateTime(timezone=True) here.
    op.create_table(
        "tracking_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_contacts")),
        sa.UniqueConstraint("unit_name", name=op.f("uq_tracking_contacts_unit_name")),
    )
    op.create_table(
        "tracking_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status in ('pending', 'sent', 'failed')", name=op.f("ck_tracking_outbox_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_outbox")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_tracking_outbox_dedupe_key")),
    )
    op.create_index("ix_tracking_outbox_status", "tracking_outbox", ["status"], unique=False)
    op.create_table(
        "tracking_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("scheme_name", sa.String(length=120), nullable=False),
        sa.Column("scheme_sha256", sa.String(length=64), nullable=False),
        sa.Column("draft", sa.Text(), nullable=False),
        sa.Column("computed_by", sa.String(length=64), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(length=64), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state in ('draft', 'published')", name=op.f("ck_tracking_assessments_state")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan_plans.id"], name=op.f("fk_tracking_assessments_plan_id_plan_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_assessments")),
        sa.UniqueConstraint("plan_id", "year", name=op.f("uq_tracking_assessments_plan_id")),
    )
    op.create_table(
        "tracking_indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("category", sa.String(length=12), nullable=False),
        sa.Column("computed_kind", sa.String(length=30), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("frequency", sa.String(length=10), nullable=False),
        sa.Column("lag_days", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "category in ('intensity', 'total', 'other')",
            name=op.f("ck_tracking_indicators_category"),
        ),
        sa.CheckConstraint(
            "computed_kind IS NULL OR computed_kind IN "
            "('energy_intensity', 'co2_intensity', 'non_fossil_share')",
            name=op.f("ck_tracking_indicators_computed_kind"),
        ),
        sa.CheckConstraint(
            "frequency in ('annual', 'quarterly', 'monthly')",
            name=op.f("ck_tracking_indicators_frequency"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan_plans.id"],
            name=op.f("fk_tracking_indicators_plan_id_plan_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_indicators")),
        sa.UniqueConstraint("plan_id", "name", name=op.f("uq_tracking_indicators_plan_id")),
    )
    op.create_table(
        "tracking_milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("task_key", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan_plans.id"],
            name=op.f("fk_tracking_milestones_plan_id_plan_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_milestones")),
    )
    op.create_index(
        "ix_tracking_milestones_task", "tracking_milestones", ["plan_id", "task_key"], unique=False
    )
    op.create_table(
        "tracking_reporting_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "kind in ('quarterly', 'annual')", name=op.f("ck_tracking_reporting_periods_kind")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan_plans.id"],
            name=op.f("fk_tracking_reporting_periods_plan_id_plan_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_reporting_periods")),
        sa.UniqueConstraint("plan_id", "key", name=op.f("uq_tracking_reporting_periods_plan_id")),
    )
    op.create_table(
        "tracking_task_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("task_key", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("responsible_person", sa.String(length=120), nullable=True),
        sa.Column("measures", sa.Text(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state <> 'completed' OR completed_on IS NOT NULL",
            name=op.f("ck_tracking_task_progress_completed_needs_date"),
        ),
        sa.CheckConstraint(
            "state in ('not_started', 'in_progress', 'completed', 'delayed', 'cancelled')",
            name=op.f("ck_tracking_task_progress_state"),
        ),
        sa.CheckConstraint(
            "percent >= 0 AND percent <= 100", name=op.f("ck_tracking_task_progress_percent")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan_plans.id"],
            name=op.f("fk_tracking_task_progress_plan_id_plan_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_task_progress")),
        sa.UniqueConstraint("plan_id", "task_key", name=op.f("uq_tracking_task_progress_plan_id")),
    )
    op.create_table(
        "tracking_warnings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("units", sa.Text(), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan_plans.id"],
            name=op.f("fk_tracking_warnings_plan_id_plan_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_warnings")),
        sa.UniqueConstraint("plan_id", "key", name=op.f("uq_tracking_warnings_plan_id")),
    )
    op.create_table(
        "tracking_assessment_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["tracking_assessments.id"],
            name=op.f("fk_tracking_assessment_snapshots_assessment_id_tracking_assessments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_assessment_snapshots")),
        sa.UniqueConstraint(
            "assessment_id", name=op.f("uq_tracking_assessment_snapshots_assessment_id")
        ),
    )
    op.create_table(
        "tracking_indicator_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("target_key", sa.String(length=60), nullable=False),
        sa.Column("trajectory", sa.String(length=12), nullable=False),
        sa.Column("base_year", sa.Integer(), nullable=True),
        sa.Column("base_value", sa.Float(), nullable=True),
        sa.Column("tolerance", sa.Float(), nullable=True),
        sa.CheckConstraint(
            "trajectory in ('linear', 'step', 'exponential')",
            name=op.f("ck_tracking_indicator_targets_trajectory"),
        ),
        sa.CheckConstraint(
            "tolerance IS NULL OR tolerance >= 0",
            name=op.f("ck_tracking_indicator_targets_tolerance"),
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["tracking_indicators.id"],
            name=op.f("fk_tracking_indicator_targets_indicator_id_tracking_indicators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan_plans.id"],
            name=op.f("fk_tracking_indicator_targets_plan_id_plan_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_indicator_targets")),
        sa.UniqueConstraint(
            "plan_id", "target_key", name=op.f("uq_tracking_indicator_targets_plan_id")
        ),
    )
    op.create_index(
        op.f("ix_tracking_indicator_targets_indicator_id"),
        "tracking_indicator_targets",
        ["indicator_id"],
        unique=False,
    )
    op.create_table(
        "tracking_indicator_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("entered", sa.String(length=80), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "origin in ('manual', 'computed', 'monitoring', 'import', 'demo')",
            name=op.f("ck_tracking_indicator_values_origin"),
        ),
        sa.CheckConstraint(
            "length(trim(source)) > 0", name=op.f("ck_tracking_indicator_values_source")
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["tracking_indicators.id"],
            name=op.f("fk_tracking_indicator_values_indicator_id_tracking_indicators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["tracking_indicator_values.id"],
            name=op.f("fk_tracking_indicator_values_supersedes_id_tracking_indicator_values"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_indicator_values")),
        sa.UniqueConstraint(
            "supersedes_id", name=op.f("uq_tracking_indicator_values_supersedes_id")
        ),
    )
    op.create_index(
        "ix_tracking_indicator_values_series",
        "tracking_indicator_values",
        ["indicator_id", "observed_on"],
        unique=False,
    )
    op.create_table(
        "tracking_progress_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("task_key", sa.String(length=40), nullable=False),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=True),
        sa.Column("numbers", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.String(length=64), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by", sa.String(length=64), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_comment", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "state <> 'returned' OR (review_comment IS NOT NULL "
            "AND length(trim(review_comment)) > 0)",
            name=op.f("ck_tracking_progress_reports_returned_comment"),
        ),
        sa.CheckConstraint(
            "state in ('draft', 'submitted', 'approved', 'returned')",
            name=op.f("ck_tracking_progress_reports_state"),
        ),
        sa.CheckConstraint(
            "percent IS NULL OR (percent >= 0 AND percent <= 100)",
            name=op.f("ck_tracking_progress_reports_percent"),
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["tracking_reporting_periods.id"],
            name=op.f("fk_tracking_progress_reports_period_id_tracking_reporting_periods"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan_plans.id"],
            name=op.f("fk_tracking_progress_reports_plan_id_plan_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_progress_reports")),
        sa.UniqueConstraint(
            "period_id", "task_key", name=op.f("uq_tracking_progress_reports_period_id")
        ),
    )
    op.create_table(
        "tracking_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=120), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_path", sa.String(length=300), nullable=False),
        sa.Column("uploaded_by", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("size_bytes >= 0", name=op.f("ck_tracking_attachments_size")),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["tracking_progress_reports.id"],
            name=op.f("fk_tracking_attachments_report_id_tracking_progress_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_attachments")),
    )
    op.create_index(
        op.f("ix_tracking_attachments_report_id"),
        "tracking_attachments",
        ["report_id"],
        unique=False,
    )
    op.create_table(
        "tracking_report_contributions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("numbers", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["tracking_progress_reports.id"],
            name=op.f("fk_tracking_report_contributions_report_id_tracking_progress_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_report_contributions")),
        sa.UniqueConstraint(
            "report_id", "unit_name", name=op.f("uq_tracking_report_contributions_report_id")
        ),
    )
    op.create_table(
        "tracking_status_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status in ('achieved', 'on_track', 'at_risk', 'off_track', 'no_data')",
            name=op.f("ck_tracking_status_log_status"),
        ),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["tracking_indicator_targets.id"],
            name=op.f("fk_tracking_status_log_link_id_tracking_indicator_targets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_status_log")),
    )
    op.create_index(
        op.f("ix_tracking_status_log_link_id"), "tracking_status_log", ["link_id"], unique=False
    )
    op.create_table(
        "tracking_status_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cleared_by", sa.String(length=64), nullable=True),
        sa.Column("cleared_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status in ('achieved', 'on_track', 'at_risk', 'off_track', 'no_data')",
            name=op.f("ck_tracking_status_overrides_status"),
        ),
        sa.CheckConstraint(
            "length(trim(reason)) > 0", name=op.f("ck_tracking_status_overrides_reason")
        ),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["tracking_indicator_targets.id"],
            name=op.f("fk_tracking_status_overrides_link_id_tracking_indicator_targets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_status_overrides")),
    )
    op.create_index(
        op.f("ix_tracking_status_overrides_link_id"),
        "tracking_status_overrides",
        ["link_id"],
        unique=False,
    )

    _create_triggers()


def downgrade() -> None:
    _drop_triggers()
    op.drop_index(
        op.f("ix_tracking_status_overrides_link_id"), table_name="tracking_status_overrides"
    )
    op.drop_table("tracking_status_overrides")
    op.drop_index(op.f("ix_tracking_status_log_link_id"), table_name="tracking_status_log")
    op.drop_table("tracking_status_log")
    op.drop_table("tracking_report_contributions")
    op.drop_index(op.f("ix_tracking_attachments_report_id"), table_name="tracking_attachments")
    op.drop_table("tracking_attachments")
    op.drop_table("tracking_progress_reports")
    op.drop_index("ix_tracking_indicator_values_series", table_name="tracking_indicator_values")
    op.drop_table("tracking_indicator_values")
    op.drop_index(
        op.f("ix_tracking_indicator_targets_indicator_id"), table_name="tracking_indicator_targets"
    )
    op.drop_table("tracking_indicator_targets")
    op.drop_table("tracking_assessment_snapshots")
    op.drop_table("tracking_warnings")
    op.drop_table("tracking_task_progress")
    op.drop_table("tracking_reporting_periods")
    op.drop_index("ix_tracking_milestones_task", table_name="tracking_milestones")
    op.drop_table("tracking_milestones")
    op.drop_table("tracking_indicators")
    op.drop_table("tracking_assessments")
    op.drop_index("ix_tracking_outbox_status", table_name="tracking_outbox")
    op.drop_table("tracking_outbox")
    op.drop_table("tracking_contacts")
