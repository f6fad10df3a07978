"""Every domain's ORM module, imported so that the metadata is complete (Alembic, tests)."""

from __future__ import annotations

from carbonpeak.audit import orm as _audit_orm  # noqa: F401
from carbonpeak.auth import orm as _auth_orm  # noqa: F401
from carbonpeak.db.base import Base
from carbonpeak.inventory import orm as _inventory_orm  # noqa: F401
from carbonpeak.monitoring import orm as _monitoring_orm  # noqa: F401
from carbonpeak.plan import orm as _plan_orm  # noqa: F401
from carbonpeak.review import orm as _review_orm  # noqa: F401
from carbonpeak.scenarios import orm as _scenarios_orm  # noqa: F401
from carbonpeak.statistics import orm as _statistics_orm  # noqa: F401
from carbonpeak.tracking import orm as _tracking_orm  # noqa: F401

metadata = Base.metadata
