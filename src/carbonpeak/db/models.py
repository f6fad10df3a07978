"""Every domain's ORM module, imported so that the metadata is complete (Alembic, tests)."""

from __future__ import annotations

from carbonpeak.db.base import Base

metadata = Base.metadata
