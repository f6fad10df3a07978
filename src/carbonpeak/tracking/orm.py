"""Database tables of the tracking domain (migration ``0004_tracking``).

Plan targets and tasks are referred to by ``plan_id`` + their key (``1.3:t1``, ``2.1.1-6``):
keys survive a re-import of the plan, row ids need not. Indicator values and published
assessment snapshots are append-only: the migration adds triggers that refuse an UPDATE
(and, for snapshots, a DELETE), so nothing is lost even by a mistaken script.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carbonpeak.db.base import Base, utcnow
from carbonpeak.db.types import UTCDateTime

STATUS_SQL = "('achieved', 'on_track', 'at_risk', 'off_track', 'no_data')"


class IndicatorRow(Base):
    """An indicator (指标) of a plan: one per distinct indicator text of its targets."""

    __tablename__ = "tracking_indicators"
    __table_args__ = (
        UniqueConstraint("plan_id", "name"),
        CheckConstraint("category in ('intensity', 'total', 'other')", name="category"),
        CheckConstraint("frequency in ('annual', 'quarterly', 'monthly')", name="frequency"),
        CheckConstraint(
            "computed_kind IS NULL OR computed_kind IN "
            "('energy_intensity', 'co2_intensity', 'non_fossil_share')",
            name="computed_kind",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    #: Unit of the values (as the plan writes it: %, 万千瓦, 个); NULL: set by the first value.
    unit: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(12), default="other")
    #: Set for indicators the accounting engine computes; people do not type their values.
    computed_kind: Mapped[str | None] = mapped_column(String(30))
    region: Mapped[str | None] = mapped_column(String(100))
    frequency: Mapped[str] = mapped_column(String(10), default="annual")
    #: Days after a period ends by which its value is expected (统计数据发布滞后).
    lag_days: Mapped[int] = mapped_column(Integer, default=120)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    targets: Mapped[list[IndicatorTargetRow]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan", order_by="IndicatorTargetRow.id"
    )


class IndicatorTargetRow(Base):
    """A plan target attached to an indicator, with how its progress is judged."""

    __tablename__ = "tracking_indicator_targets"
    __table_args__ = (
        UniqueConstraint("plan_id", "target_key"),
        CheckConstraint("trajectory in ('linear', 'step', 'exponential')", name="trajectory"),
        CheckConstraint("tolerance IS NULL OR tolerance >= 0", name="tolerance"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("tracking_indicators.id", ondelete="CASCADE"), index=True
    )
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id", ondelete="CASCADE"))
    target_key: Mapped[str] = mapped_column(String(60))
    trajectory: Mapped[str] = mapped_column(String(12), default="linear")
    #: Base year and value; NULL: the rules' default base year, value from the series.
    base_year: Mapped[int | None] = mapped_column(Integer)
    base_value: Mapped[float | None] = mapped_column(Float)
    #: Absolute tolerance of a ``~`` target in the indicator's unit; NULL: the rules' default.
    tolerance: Mapped[float | None] = mapped_column(Float)

    indicator: Mapped[IndicatorRow] = relationship(back_populates="targets")


class IndicatorValueRow(Base):
    """One version of one value. A correction is a new row that ``supersedes`` the old one;
    rows are never updated (a trigger refuses it). Current values: rows nobody supersedes."""

    __tablename__ = "tracking_indicator_values"
    __table_args__ = (
        Index("ix_tracking_indicator_values_series", "indicator_id", "observed_on"),
        CheckConstraint(
            "origin in ('manual', 'computed', 'monitoring', 'import', 'demo')", name="origin"
        ),
        CheckConstraint("length(trim(source)) > 0", name="source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("tracking_indicators.id", ondelete="CASCADE")
    )
    observed_on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(40))
    #: The value as entered, when it was given in another unit (300 万千瓦 → 3 GW).
    entered: Mapped[str | None] = mapped_column(String(80))
    source: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(12), default="manual")
    comment: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(64))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("tracking_indicator_values.id"), unique=True
    )


class StatusOverrideRow(Base):
    """A manual status (人工认定). The reason is required, by the database too."""

    __tablename__ = "tracking_status_overrides"
    __table_args__ = (
        CheckConstraint(f"status in {STATUS_SQL}", name="status"),
        CheckConstraint("length(trim(reason)) > 0", name="reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(
        ForeignKey("tracking_indicator_targets.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(Text)
    set_by: Mapped[str] = mapped_column(String(64))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cleared_by: Mapped[str | None] = mapped_column(String(64))
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StatusLogRow(Base):
    """Each status a target was found in, when it changed: what warnings compare against."""

    __tablename__ = "tracking_status_log"
    __table_args__ = (CheckConstraint(f"status in {STATUS_SQL}", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(
        ForeignKey("tracking_indicator_targets.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(12))
    as_of: Mapped[date] = mapped_column(Date)
    explanation: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EarlyWarningRow(Base):
    """An early warning (预警), raised once per ``key``; resolved when it no longer holds."""

    __tablename__ = "tracking_warnings"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(30))
    message: Mapped[str] = mapped_column(Text)
    units: Mapped[str] = mapped_column(Text, default="")  # "、"-joined unit names
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MilestoneRow(Base):
    """A dated step of a task (任务时间表)."""

    __tablename__ = "tracking_milestones"
    __table_args__ = (Index("ix_tracking_milestones_task", "plan_id", "task_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id", ondelete="CASCADE"))
    task_key: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TaskProgressRow(Base):
    """A task's state and 任务清单 fields (负责人, 具体措施, 完成期限). The database refuses a
    completed task without a completion date."""

    __tablename__ = "tracking_task_progress"
    __table_args__ = (
        UniqueConstraint("plan_id", "task_key"),
        CheckConstraint(
            "state in ('not_started', 'in_progress', 'completed', 'delayed', 'cancelled')",
            name="state",
        ),
        CheckConstraint(
            "state <> 'completed' OR completed_on IS NOT NULL", name="completed_needs_date"
        ),
        CheckConstraint("percent >= 0 AND percent <= 100", name="percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id", ondelete="CASCADE"))
    task_key: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(12), default="not_started")
    percent: Mapped[int] = mapped_column(Integer, default=0)
    completed_on: Mapped[date | None] = mapped_column(Date)
    responsible_person: Mapped[str | None] = mapped_column(String(120))
    measures: Mapped[str | None] = mapped_column(Text)
    deadline: Mapped[date | None] = mapped_column(Date)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReportingPeriodRow(Base):
    __tablename__ = "tracking_reporting_periods"
    __table_args__ = (
        UniqueConstraint("plan_id", "key"),
        CheckConstraint("kind in ('quarterly', 'annual')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int | None] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)


class ProgressReportRow(Base):
    """A lead unit's progress report on one task for one period, and its review."""

    __tablename__ = "tracking_progress_reports"
    __table_args__ = (
        UniqueConstraint("period_id", "task_key"),
        CheckConstraint("state in ('draft', 'submitted', 'approved', 'returned')", name="state"),
        CheckConstraint(
            "state <> 'returned' OR (review_comment IS NOT NULL "
            "AND length(trim(review_comment)) > 0)",
            name="returned_comment",
        ),
        CheckConstraint("percent IS NULL OR (percent >= 0 AND percent <= 100)", name="percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id", ondelete="CASCADE"))
    period_id: Mapped[int] = mapped_column(
        ForeignKey("tracking_reporting_periods.id", ondelete="CASCADE")
    )
    task_key: Mapped[str] = mapped_column(String(40))
    unit_name: Mapped[str] = mapped_column(String(200))
    narrative: Mapped[str] = mapped_column(Text, default="")
    percent: Mapped[int | None] = mapped_column(Integer)
    #: JSON list of {"label", "value", "unit"}: the numbers the report gives.
    numbers: Mapped[str] = mapped_column(Text, default="[]")
    state: Mapped[str] = mapped_column(String(10), default="draft")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str | None] = mapped_column(Text)

    period: Mapped[ReportingPeriodRow] = relationship()
    contributions: Mapped[list[ContributionRow]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ContributionRow.id"
    )
    attachments: Mapped[list[AttachmentRow]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="AttachmentRow.id"
    )


class ContributionRow(Base):
    """A co-operating unit's part (配合单位) of a progress report."""

    __tablename__ = "tracking_report_contributions"
    __table_args__ = (UniqueConstraint("report_id", "unit_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("tracking_progress_reports.id", ondelete="CASCADE")
    )
    unit_name: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    numbers: Mapped[str] = mapped_column(Text, default="[]")
    author: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    report: Mapped[ProgressReportRow] = relationship(back_populates="contributions")


class AttachmentRow(Base):
    """Evidence (佐证材料): the file is stored under the data dir by its SHA-256."""

    __tablename__ = "tracking_attachments"
    __table_args__ = (CheckConstraint("size_bytes >= 0", name="size"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("tracking_progress_reports.id", ondelete="CASCADE"), index=True
    )
    unit_name: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_path: Mapped[str] = mapped_column(String(300))
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    report: Mapped[ProgressReportRow] = relationship(back_populates="attachments")


class AssessmentRow(Base):
    """The annual assessment of a plan for a year: a draft until published (then frozen)."""

    __tablename__ = "tracking_assessments"
    __table_args__ = (
        UniqueConstraint("plan_id", "year"),
        CheckConstraint("state in ('draft', 'published')", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id"))
    year: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10), default="draft")
    scheme_name: Mapped[str] = mapped_column(String(120))
    scheme_sha256: Mapped[str] = mapped_column(String(64))
    #: JSON of the latest draft computation (the published one is the snapshot).
    draft: Mapped[str] = mapped_column(Text)
    computed_by: Mapped[str] = mapped_column(String(64))
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by: Mapped[str | None] = mapped_column(String(64))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AssessmentSnapshotRow(Base):
    """The frozen, published assessment. Insert-only: triggers refuse UPDATE and DELETE."""

    __tablename__ = "tracking_assessment_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("tracking_assessments.id"), unique=True)
    payload: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ContactRow(Base):
    """Where a unit's notifications go (one address per unit)."""

    __tablename__ = "tracking_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_name: Mapped[str] = mapped_column(String(200), unique=True)
    email: Mapped[str] = mapped_column(String(254))


class OutboxRow(Base):
    """A notification waiting to be sent (or sent): reminders and warning alerts."""

    __tablename__ = "tracking_outbox"
    __table_args__ = (
        CheckConstraint("status in ('pending', 'sent', 'failed')", name="status"),
        Index("ix_tracking_outbox_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    unit_name: Mapped[str] = mapped_column(String(200))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
