"""Database tables of the auth domain: organisation units (单位), users and their API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carbonpeak.db.base import Base, utcnow
from carbonpeak.db.types import UTCDateTime

ROLE_VALUES = ("admin", "unit_editor", "enterprise", "viewer")


class OrgUnitRow(Base):
    """An organisation (单位): department, government, enterprise. Shared by all plans."""

    __tablename__ = "org_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="other")


class UserRow(Base):
    """A person or system account. A unit_editor is bound to an 单位 (``unit_id``), an
    enterprise user to a 统一社会信用代码 (``enterprise_code``); the database enforces both."""

    __tablename__ = "auth_users"
    __table_args__ = (
        CheckConstraint(
            "role in ('admin', 'unit_editor', 'enterprise', 'viewer', 'review_officer')",
            name="role",
        ),
        CheckConstraint("role <> 'unit_editor' OR unit_id IS NOT NULL", name="unit_editor_unit"),
        CheckConstraint(
            "role <> 'enterprise' OR enterprise_code IS NOT NULL", name="enterprise_code"
        ),
        CheckConstraint(
            "enterprise_code IS NULL OR length(enterprise_code) = 18",
            name="enterprise_code_length",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    enterprise_code: Mapped[str | None] = mapped_column(String(18))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Bumped by logout and a password change: browser sessions of an older version end.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    unit: Mapped[OrgUnitRow | None] = relationship()
    tokens: Mapped[list[TokenRow]] = relationship(
        back_populates="user", order_by="TokenRow.id", cascade="all, delete-orphan"
    )


class TokenRow(Base):
    """An API token. Only its SHA-256 digest is stored; ``prefix`` identifies it in listings."""

    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("auth_users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[UserRow] = relationship(back_populates="tokens")


class SessionRow(Base):
    """One browser session (a login): its random id is in the signed cookie. Logout deletes
    this row only (the user's other browsers stay logged in); "log out everywhere" and a new
    password delete all of the user's rows and bump ``auth_users.session_version``."""

    __tablename__ = "auth_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("auth_users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
