"""Fixtures: the bundled plan in the test database with its indicators attached."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from carbonpeak.bootstrap import init_database
from carbonpeak.db.session import session_factory, session_scope
from carbonpeak.plan.orm import PlanRow
from carbonpeak.tracking.indicators import service


@pytest.fixture
def plan_db(db_url: str) -> str:
    """The test database with the default plan (id 1) and its indicators synced."""
    init_database(url=db_url)
    with session_scope(db_url) as db:
        plan = db.get(PlanRow, 1)
        assert plan is not None
        service.sync_indicators(db_session=db, plan=plan, actor="system")
    return db_url


@pytest.fixture
def db(plan_db: str) -> Iterator[Session]:
    session = session_factory(plan_db)()
    try:
        yield session
    finally:
        session.rollback()
        session.close()
