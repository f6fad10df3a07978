"""Migration 0012 goes down and up again cleanly, matches the ORM, and allows the
review_officer role only while it is applied."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, Table, insert, inspect
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
    "review_credit_events",
}


def test_downgrade_and_upgrade_0012(db_url: str) -> None:
    engine = get_engine(db_url)
    assert set(inspect(engine).get_table_names()) >= TABLES
    downgrade(db_url, "0010")
    assert not TABLES & set(inspect(engine).get_table_names())
    # the schema of 0010 (read from the database, not today's ORM, which has later columns)
    users = Table("auth_users", MetaData(), autoload_with=engine)
    row = {
        "username": "officer-before-0012",
        "password_hash": "x",
        "role": "review_officer",
        "is_active": True,
        "created_at": datetime.now(UTC),
    }
    with pytest.raises(IntegrityError), engine.begin() as conn:  # the role check refuses it
        conn.execute(insert(users).values(**row))
    upgrade(db_url)
    assert set(inspect(engine).get_table_names()) >= TABLES
    assert add_user_with_token(db_url, "review_officer")


def test_schema_matches_metadata(db_url: str) -> None:
    with get_engine(db_url).connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = [d for d in compare_metadata(context, metadata) if "review_" in repr(d)]
    assert diff == []
