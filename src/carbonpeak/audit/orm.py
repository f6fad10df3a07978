"""The ``audit_log`` table. Rows are only ever added, never updated or deleted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carbonpeak.db.base import Base, utcnow
from carbonpeak.db.types import UTCDateTime


class AuditRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Username of the actor, or "system" / "cli" for work not done through a user account.
    actor: Mapped[str] = mapped_column(String(64))
    #: create, update, delete, import, issue_token, revoke_token, ...
    action: Mapped[str] = mapped_column(String(40))
    #: What kind of thing changed, e.g. "plan_task", "auth_user".
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(120))
    #: JSON text of the value before / after the change (``None`` for create / delete).
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
