"""Database tables of the plan registry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carbonpeak.auth import OrgUnitRow
from carbonpeak.db.base import Base, utcnow
from carbonpeak.db.types import UTCDateTime


class PlanRow(Base):
    __tablename__ = "plan_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    nodes: Mapped[list[NodeRow]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="NodeRow.position"
    )
    tasks: Mapped[list[TaskRow]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="TaskRow.position"
    )
    targets: Mapped[list[TargetRow]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="TargetRow.position"
    )
    benchmarks: Mapped[list[BenchmarkRow]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="BenchmarkRow.position"
    )
    warnings: Mapped[list[WarningRow]] = relationship(
        back_populates="plan", cascade="all, delete-orphan"
    )
    sources: Mapped[list[SourceRow]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="SourceRow.version"
    )


class SourceRow(Base):
    """Every document a plan version was made from, kept whole (nothing is lost)."""

    __tablename__ = "plan_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))  # text | docx | yaml
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    imported_by: Mapped[str | None] = mapped_column(String(120))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    plan: Mapped[PlanRow] = relationship(back_populates="sources")


class NodeRow(Base):
    __tablename__ = "plan_nodes"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    parent_key: Mapped[str | None] = mapped_column(String(40))
    level: Mapped[int] = mapped_column(Integer)
    marker: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    is_action: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer)

    plan: Mapped[PlanRow] = relationship(back_populates="nodes")


class TaskRow(Base):
    __tablename__ = "plan_tasks"
    __table_args__ = (
        UniqueConstraint("plan_id", "key"),
        CheckConstraint("kind in ('measure', 'target')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    node_key: Mapped[str] = mapped_column(String(40))
    action_key: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(10), default="measure")
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)

    plan: Mapped[PlanRow] = relationship(back_populates="tasks")
    units: Mapped[list[TaskUnitRow]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="TaskUnitRow.position"
    )


class TaskUnitRow(Base):
    """A unit's part in a task: lead (牵头), responsible (责任/配合), default (standing clause)."""

    __tablename__ = "plan_task_units"
    __table_args__ = (CheckConstraint("role in ('lead', 'responsible', 'default')", name="role"),)

    task_id: Mapped[int] = mapped_column(
        ForeignKey("plan_tasks.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(12), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    task: Mapped[TaskRow] = relationship(back_populates="units")
    unit: Mapped[OrgUnitRow] = relationship()


class TargetRow(Base):
    __tablename__ = "plan_targets"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(60))
    task_key: Mapped[str | None] = mapped_column(String(40))
    node_key: Mapped[str | None] = mapped_column(String(40))
    year: Mapped[int | None] = mapped_column(Integer)
    indicator: Mapped[str] = mapped_column(String(300))
    value: Mapped[float] = mapped_column(Float)
    value_max: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(40))
    quantity_magnitude: Mapped[float | None] = mapped_column(Float)
    quantity_unit: Mapped[str | None] = mapped_column(String(60))
    comparator: Mapped[str] = mapped_column(String(2))
    aspirational: Mapped[bool] = mapped_column(Boolean, default=False)
    base_year: Mapped[int | None] = mapped_column(Integer)
    change: Mapped[str | None] = mapped_column(String(10))
    lead_units: Mapped[str] = mapped_column(Text, default="")  # "、"-joined canonical names
    source_text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)

    plan: Mapped[PlanRow] = relationship(back_populates="targets")


class BenchmarkRow(Base):
    __tablename__ = "plan_benchmarks"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(60))
    task_key: Mapped[str | None] = mapped_column(String(40))
    node_key: Mapped[str | None] = mapped_column(String(40))
    process: Mapped[str] = mapped_column(String(200))
    indicator: Mapped[str] = mapped_column(String(300))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(40))
    quantity_magnitude: Mapped[float | None] = mapped_column(Float)
    quantity_unit: Mapped[str | None] = mapped_column(String(60))
    comparator: Mapped[str] = mapped_column(String(2))
    aspirational: Mapped[bool] = mapped_column(Boolean, default=False)
    source_text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)

    plan: Mapped[PlanRow] = relationship(back_populates="benchmarks")


class WarningRow(Base):
    __tablename__ = "plan_warnings"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(60))

    plan: Mapped[PlanRow] = relationship(back_populates="warnings")
