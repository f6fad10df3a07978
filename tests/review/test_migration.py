"""Migration 0012 goes down and up again cleanly, matches the ORM, and allows the
review_officer role only while it is applied."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from carbonpeak.db.migrate import downgrade, upgrade
from carbonpeak.db.models import metadata
from carbonpeak.db.session import get_engine
from tests.conftest import add_user_with_token

TABLES = {
    "review_projects",
    "review_decisions",
    "review_quota_entries",
    "review_alerts",
    "review_budgets",
    "review_inspections",
}


def test_downgrade_and_upgrade_0012(db_url: str) -> None:
    engine = get_engine(db_url)
    assert set(inspect(engine).get_table_names()) >= TABLES
    downgrade(db_url, "0010")
    assert not TABLES & set(inspect(engine).get_table_names())
    with pytest.raises(IntegrityError):
        add_user_with_token(db_url, "review_officer")
    upgrade(db_url)
    assert set(inspect(engine).get_table_names()) >= TABLES
    assert add_user_with_token(db_url, "review_officer")


def test_schema_matches_metadata(db_url: str) -> None:
    with get_engine(db_url).connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = [d for d in compare_metadata(context, metadata) if "review_" in repr(d)]
    assert diff == []
