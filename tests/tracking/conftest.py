"""Fixtures: the bundled plan in the test database with its indicators attached."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from carbonpeak.bootstrap import init_database
from carbonpeak.db.session import session_factory, session_scope
from carbonpeak.plan.orm import PlanRow
from carbonpeak.tracking.indicators import service
from tests.conftest import EMPTY, DbTemplate


def _plan_with_indicators(url: str) -> None:
    init_database(url=url)
    with session_scope(url) as db:
        plan = db.get(PlanRow, 1)
        assert plan is not None
        service.sync_indicators(db_session=db, plan=plan, actor="system")


#: The default plan (id 1) with its indicators synced: built once per session, copied per test.
PLAN_WITH_INDICATORS = DbTemplate("plan_indicators", _plan_with_indicators)


@pytest.fixture
def db_template(request: pytest.FixtureRequest) -> DbTemplate:
    return PLAN_WITH_INDICATORS if "plan_db" in request.fixturenames else EMPTY


@pytest.fixture
def plan_db(db_url: str) -> str:
    """The test database with the default plan (id 1) and its indicators synced."""
    return db_url


@pytest.fixture
def db(plan_db: str) -> Iterator[Session]:
    session = session_factory(plan_db)()
    try:
        yield session
    finally:
        session.rollback()
        session.close()
