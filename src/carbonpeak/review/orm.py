"""Database tables of the energy review (节能审查).

- ``review_projects``: the register of 固定资产投资项目 (the declared project as JSON, its
  headline assessment numbers, status, owner USCC, who submitted);
- ``review_decisions``: 审查意见, one per decision (approve / approve with conditions / reject,
  reasons, conditions, the approved energy and unit consumption), with who and when; above
  the office's authority, whose opinion it records (the province's document number and date);
- ``review_quota_entries``: the 用能指标来源 ledger by district (credits from closures and
  retrofits, debits by approved projects, audited exceptions); ``origin`` says whether a credit
  was entered by hand or derived from a recorded event;
- ``review_credit_events``: 淘汰落后产能/关停, 节能改造 and 新增可再生能源 events, each with the
  figures the platform derived its credit from (register, monitoring, the coal rate) and the
  evidence;
- ``review_alerts``: exceedances of approved values found in monitored consumption (事中事后);
- ``review_budgets``: annual energy and CO2 budgets (用能预算) of the city, districts, units;
- ``review_inspections``: 节能监察 cases (findings, deadline, penalty, tiered-price surcharge).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carbonpeak.db.base import Base, utcnow
from carbonpeak.db.types import UTCDateTime

#: review.model.Status (migration 0022 added ``exempt``)
STATUSES = "('draft', 'submitted', 'approved', 'conditional', 'rejected', 'commissioned', 'exempt')"


class ProjectRow(Base):
    __tablename__ = "review_projects"
    __table_args__ = (CheckConstraint(f"status in {STATUSES}", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    owner_uscc: Mapped[str] = mapped_column(String(18), index=True)
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    district: Mapped[str] = mapped_column(String(6), index=True)
    industry: Mapped[str] = mapped_column(String(8))
    stage: Mapped[str] = mapped_column(String(8))
    start_year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    #: the declared project (review.model.Project.as_json) as JSON text
    payload: Mapped[str] = mapped_column(Text)
    #: the assessment at submission (Assessment.as_json with trace) as JSON text
    assessment: Mapped[str | None] = mapped_column(Text)
    equivalent_tce: Mapped[float | None] = mapped_column(Float)
    equal_value_tce: Mapped[float | None] = mapped_column(Float)
    dual_control_tce: Mapped[float | None] = mapped_column(Float)
    co2_t: Mapped[float | None] = mapped_column(Float)
    two_high: Mapped[bool] = mapped_column(Boolean, default=False)
    authority: Mapped[str] = mapped_column(String(16), default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    submitted_by: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    commissioned_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decisions: Mapped[list[DecisionRow]] = relationship(
        back_populates="project", order_by="DecisionRow.id"
    )


class DecisionRow(Base):
    __tablename__ = "review_decisions"
    __table_args__ = (
        CheckConstraint("outcome in ('approve', 'conditional', 'reject')", name="outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("review_projects.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(12))
    reasons: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[str] = mapped_column(Text, default="")
    approved_equivalent_tce: Mapped[float | None] = mapped_column(Float)
    approved_equal_value_tce: Mapped[float | None] = mapped_column(Float)
    #: approved unit consumption per product as JSON text ({"coke_top": 132.88})
    approved_unit: Mapped[str] = mapped_column(Text, default="{}")
    exception_reason: Mapped[str] = mapped_column(Text, default="")
    #: a decision on a project above the deciding office's authority records the higher
    #: authority's opinion: its tier (authority.csv level), document number and date
    on_behalf_of: Mapped[str] = mapped_column(String(16), default="", server_default="")
    authority_document: Mapped[str] = mapped_column(String(200), default="", server_default="")
    authority_document_date: Mapped[date | None] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[ProjectRow] = relationship(back_populates="decisions")


class QuotaEntryRow(Base):
    __tablename__ = "review_quota_entries"
    __table_args__ = (CheckConstraint("kind in ('credit', 'debit')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    district: Mapped[str] = mapped_column(String(6), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    #: tce (dual-control count, 等价值); positive for both kinds, the kind gives the sign
    tce: Mapped[float] = mapped_column(Float)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("review_projects.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: manual | closure | retrofit | renewable (a derived credit names its event)
    origin: Mapped[str] = mapped_column(String(12), default="manual", server_default="manual")
    event_id: Mapped[int | None] = mapped_column(ForeignKey("review_credit_events.id"))
    evidence: Mapped[str] = mapped_column(Text, default="", server_default="")


EVENT_KINDS = "('closure', 'retrofit', 'renewable')"


class CreditEventRow(Base):
    """A closure (关停/淘汰落后产能), an energy-saving retrofit (节能改造) or new renewable
    supply (新增可再生能源) and the credit the platform derived from it."""

    __tablename__ = "review_credit_events"
    __table_args__ = (CheckConstraint(f"kind in {EVENT_KINDS}", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    district: Mapped[str] = mapped_column(String(6), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("review_projects.id"))
    enterprise_code: Mapped[str] = mapped_column(String(18), default="")
    occurred_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    #: annual dual-control energy (tce, 等价值) before and after; renewable kWh a year
    before_tce: Mapped[float | None] = mapped_column(Float)
    after_tce: Mapped[float | None] = mapped_column(Float)
    renewable_kwh: Mapped[float | None] = mapped_column(Float)
    credit_tce: Mapped[float] = mapped_column(Float)
    #: how the credit was derived (the figures, their origin) as text
    derivation: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReviewAlertRow(Base):
    __tablename__ = "review_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("review_projects.id"), index=True)
    month: Mapped[str] = mapped_column(String(7))
    measure: Mapped[str] = mapped_column(String(64))
    approved: Mapped[float] = mapped_column(Float)
    monitored: Mapped[float] = mapped_column(Float)
    margin: Mapped[float] = mapped_column(Float)
    state: Mapped[str] = mapped_column(String(12), default="open")
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BudgetRow(Base):
    __tablename__ = "review_budgets"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(String(12))
    code: Mapped[str] = mapped_column(String(18))
    energy_equivalent_tce: Mapped[float] = mapped_column(Float)
    energy_equal_value_tce: Mapped[float] = mapped_column(Float)
    co2_t: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(200), default="")


class InspectionRow(Base):
    __tablename__ = "review_inspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_code: Mapped[str] = mapped_column(String(18), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("review_projects.id"))
    opened_on: Mapped[date] = mapped_column(Date)
    findings: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="open")
    penalty_yuan: Mapped[float] = mapped_column(Float, default=0.0)
    #: None when not computed (the rule's bands or rates are not verified, or no rule)
    surcharge_yuan: Mapped[float | None] = mapped_column(Float, default=None)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
