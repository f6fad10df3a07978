"""Migration 0012 goes down and up again cleanly, matches the ORM, and allows the
review_officer role only while it is applied; 0022 adds the ``exempt`` status."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, Table, insert, inspect, select
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


def _project_row(name: str, status: str, authority: str) -> dict[str, object]:
    now = datetime.now(UTC)
    return {
        "name": name,
        "owner_uscc": "91520200MA6D00001L",
        "owner_name": "",
        "district": "520201",
        "industry": "6450",
        "stage": "拟建",
        "start_year": 2027,
        "status": status,
        "payload": "{}",
        "two_high": False,
        "authority": authority,
        "source": "",
        "submitted_by": "officer",
        "created_at": now,
        "updated_at": now,
    }


def test_0022_exempt_status_and_the_projects_waiting_for_nothing(db_url: str) -> None:
    """Down to 0021 the check refuses ``exempt``; a project stored there as submitted with
    authority none becomes exempt on upgrade (audited, actor system), a local one stays
    submitted; downgrade takes it back, audited too."""
    engine = get_engine(db_url)
    downgrade(db_url, "0021")
    projects = Table("review_projects", MetaData(), autoload_with=engine)
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(projects).values(**_project_row("x", "exempt", "none")))
    with engine.begin() as conn:
        small = conn.execute(
            insert(projects).values(**_project_row("小型机房（示意）", "submitted", "none"))
        ).inserted_primary_key[0]
        local = conn.execute(
            insert(projects).values(**_project_row("数据中心（示意）", "submitted", "local"))
        ).inserted_primary_key[0]
    upgrade(db_url)
    audit_log = Table("audit_log", MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        status = dict(conn.execute(select(projects.c.id, projects.c.status)).all())
        entries = conn.execute(
            select(audit_log.c.actor, audit_log.c.entity_id, audit_log.c.before, audit_log.c.after)
            .where(audit_log.c.action == "review.exempt")
            .order_by(audit_log.c.id)
        ).all()
    assert status == {small: "exempt", local: "submitted"}
    assert [(e.actor, e.entity_id, json.loads(e.before), json.loads(e.after)) for e in entries] == [
        (
            "system",
            str(small),
            {"status": "submitted"},
            {"status": "exempt", "authority": "none", "by": "migration 0022"},
        )
    ]
    downgrade(db_url, "0021")
    with engine.connect() as conn:
        status = dict(conn.execute(select(projects.c.id, projects.c.status)).all())
        back = conn.scalar(
            select(audit_log.c.after)
            .where(audit_log.c.action == "review.exempt")
            .order_by(audit_log.c.id.desc())
        )
    assert status == {small: "submitted", local: "submitted"}
    assert json.loads(back or "{}")["status"] == "submitted"
    upgrade(db_url)
