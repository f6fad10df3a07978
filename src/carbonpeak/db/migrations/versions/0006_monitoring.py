"""monitoring: enterprises, metering points, processes, readings, rollups, alerts

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 23:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _fk(column: str, table: str, referred: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{referred}.id"],
        name=op.f(f"fk_{table}_{column}_{referred}"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    # Timestamps are carbonpeak.db.types.UTCDateTime in the ORM, DateTime(timezone=True) here.
    op.create_table(
        "mon_enterprises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("industry_code", sa.String(length=10), nullable=False),
        sa.Column("district", sa.String(length=12), nullable=False),
        sa.Column("capacity", sa.String(length=200), nullable=False),
        sa.Column("key_unit", sa.Boolean(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mon_enterprises")),
        sa.UniqueConstraint("code", name=op.f("uq_mon_enterprises_code")),
    )
    op.create_table(
        "mon_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("energy", sa.String(length=40), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("multiplier", sa.Float(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("product", sa.String(length=100), nullable=False),
        sa.Column("rollover", sa.Float(), nullable=True),
        sa.Column("interval_minutes", sa.Integer(), nullable=False),
        _fk("enterprise_id", "mon_points", "mon_enterprises"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mon_points")),
        sa.UniqueConstraint("code", name=op.f("uq_mon_points_code")),
    )
    op.create_index(op.f("ix_mon_points_enterprise_id"), "mon_points", ["enterprise_id"])
    op.create_table(
        "mon_processes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("benchmark", sa.String(length=200), nullable=False),
        sa.Column("output_point_id", sa.Integer(), nullable=False),
        _fk("enterprise_id", "mon_processes", "mon_enterprises"),
        _fk("output_point_id", "mon_processes", "mon_points"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mon_processes")),
        sa.UniqueConstraint("code", name=op.f("uq_mon_processes_code")),
    )
    op.create_index(op.f("ix_mon_processes_enterprise_id"), "mon_processes", ["enterprise_id"])
    op.create_table(
        "mon_process_points",
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        _fk("process_id", "mon_process_points", "mon_processes"),
        _fk("point_id", "mon_process_points", "mon_points"),
        sa.PrimaryKeyConstraint("process_id", "point_id", name=op.f("pk_mon_process_points")),
    )
    op.create_table(
        "mon_readings",
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("ts", TZ, nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        _fk("point_id", "mon_readings", "mon_points"),
        sa.PrimaryKeyConstraint("point_id", "ts", name=op.f("pk_mon_readings")),
    )
    op.create_table(
        "mon_reading_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("ts", TZ, nullable=False),
        sa.Column("old_value", sa.Float(), nullable=False),
        sa.Column("new_value", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_by", sa.String(length=64), nullable=False),
        sa.Column("changed_at", TZ, nullable=False),
        _fk("point_id", "mon_reading_history", "mon_points"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mon_reading_history")),
    )
    op.create_index("ix_mon_reading_history_point_ts", "mon_reading_history", ["point_id", "ts"])
    op.create_table(
        "mon_rollups",
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=5), nullable=False),
        sa.Column("start", TZ, nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        _fk("point_id", "mon_rollups", "mon_points"),
        sa.PrimaryKeyConstraint("point_id", "period", "start", name=op.f("pk_mon_rollups")),
    )
    op.create_table(
        "mon_dead_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mon_dead_letters")),
    )
    op.create_table(
        "mon_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=30), nullable=False),
        sa.Column("subject", sa.String(length=60), nullable=False),
        sa.Column("start", TZ, nullable=False),
        sa.Column("end", TZ, nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("found_at", TZ, nullable=False),
        _fk("enterprise_id", "mon_findings", "mon_enterprises"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mon_findings")),
    )
    op.create_index("ix_mon_findings_enterprise_start", "mon_findings", ["enterprise_id", "start"])
    op.create_table(
        "mon_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("opened_at", TZ, nullable=False),
        sa.Column("acknowledged_at", TZ, nullable=True),
        sa.Column("acknowledged_by", sa.String(length=64), nullable=True),
        sa.Column("closed_at", TZ, nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        _fk("enterprise_id", "mon_alerts", "mon_enterprises"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mon_alerts")),
    )
    op.create_index(op.f("ix_mon_alerts_enterprise_id"), "mon_alerts", ["enterprise_id"])
    op.create_index("ix_mon_alerts_key_state", "mon_alerts", ["key", "state"])


def downgrade() -> None:
    op.drop_index("ix_mon_alerts_key_state", table_name="mon_alerts")
    op.drop_index(op.f("ix_mon_alerts_enterprise_id"), table_name="mon_alerts")
    op.drop_table("mon_alerts")
    op.drop_index("ix_mon_findings_enterprise_start", table_name="mon_findings")
    op.drop_table("mon_findings")
    op.drop_table("mon_dead_letters")
    op.drop_table("mon_rollups")
    op.drop_index("ix_mon_reading_history_point_ts", table_name="mon_reading_history")
    op.drop_table("mon_reading_history")
    op.drop_table("mon_readings")
    op.drop_table("mon_process_points")
    op.drop_index(op.f("ix_mon_processes_enterprise_id"), table_name="mon_processes")
    op.drop_table("mon_processes")
    op.drop_index(op.f("ix_mon_points_enterprise_id"), table_name="mon_points")
    op.drop_table("mon_points")
    op.drop_table("mon_enterprises")
