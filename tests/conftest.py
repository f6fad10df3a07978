"""Shared fixtures: a migrated, empty database per test (SQLite, and PostgreSQL when
``CARBONPEAK_TEST_POSTGRES_URL`` is set), a session on it, an API client, and users with tokens.

- ``db_url``: URL of a freshly migrated empty database (Alembic ``upgrade head``); parametrised
  over ``sqlite`` (a file in ``tmp_path``) and ``postgres`` (a unique schema, dropped after;
  skipped when the environment variable is not set). The engine is disposed after the test.
- ``db_session``: a session on ``db_url``; rolled back and closed after the test.
- ``client``: ``TestClient(create_app(database_url=db_url))``.
- ``make_user``: ``make_user(role, unit_name=None, *, username=None, enterprise_code=None)``
  adds a user (creating the org unit if missing) and returns a clear API token for it: send it
  as ``headers={"Authorization": f"Bearer {token}"}``. Outside fixtures, the same is
  ``add_user_with_token(db_url, role, ...)``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, select, text
from sqlalchemy.orm import Session

from carbonpeak.auth import service as auth_service
from carbonpeak.auth.model import Role
from carbonpeak.auth.orm import OrgUnitRow
from carbonpeak.db.migrate import upgrade
from carbonpeak.db.session import get_engine, session_factory, session_scope

POSTGRES_ENV = "CARBONPEAK_TEST_POSTGRES_URL"
#: A valid 统一社会信用代码 made up for tests (check character L, worked out in
#: tests/auth/test_uscc.py); region 520200 is 六盘水市.
TEST_ENTERPRISE_CODE = "91520200MA6D00001L"
TEST_PASSWORD = "correct horse battery"


def _schema_url(base: str, schema: str) -> str:
    """``base`` with every connection's search_path set to ``schema`` (libpq ``options``)."""
    url = make_url(base)
    url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated, empty database; yields its SQLAlchemy URL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'carbonpeak.sqlite3'}"
        try:
            upgrade(url)
            yield url
        finally:
            get_engine(url).dispose()
        return
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"{POSTGRES_ENV} not set")
    schema = f"cp_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = _schema_url(base, schema)
    try:
        upgrade(url)
        yield url
    finally:
        get_engine(url).dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(autouse=True)
def _fresh_login_throttle() -> None:
    """Failed logins of one test do not throttle the next (the counts are process-wide)."""
    from carbonpeak.auth import login_throttle

    login_throttle().reset()


@pytest.fixture
def db_session(db_url: str) -> Iterator[Session]:
    """A session on the test database; whatever the test leaves uncommitted is rolled back."""
    session = session_factory(db_url)()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    """An API client on the test database (routes under ``/api/v1``)."""
    from carbonpeak.web.app import create_app  # imported late: it pulls in every domain

    with TestClient(create_app(database_url=db_url)) as test_client:
        yield test_client


def add_user_with_token(
    db_url: str,
    role: Role | str,
    unit_name: str | None = None,
    *,
    username: str | None = None,
    enterprise_code: str | None = None,
    password: str = TEST_PASSWORD,
) -> str:
    """Commit a user of ``role`` (and its org unit if missing) and return a clear API token.

    ``enterprise`` users get ``TEST_ENTERPRISE_CODE`` unless another code is given.
    """
    role = Role(role)
    username = username or f"{role.value.replace('_', '-')}-{uuid.uuid4().hex[:8]}"
    if role == Role.ENTERPRISE and enterprise_code is None:
        enterprise_code = TEST_ENTERPRISE_CODE
    with session_scope(db_url) as db:
        if unit_name and db.scalar(select(OrgUnitRow).where(OrgUnitRow.name == unit_name)) is None:
            db.add(OrgUnitRow(name=unit_name))
            db.flush()
        auth_service.create_user(
            db_session=db,
            username=username,
            password=password,
            role=role,
            unit_name=unit_name,
            enterprise_code=enterprise_code,
            actor="system",
        )
        return auth_service.issue_token(db_session=db, username=username, name="test")


@pytest.fixture
def make_user(db_url: str) -> Callable[..., str]:
    """``make_user(role, unit_name=None, *, username=None, enterprise_code=None) -> token``."""

    def _make(
        role: Role | str,
        unit_name: str | None = None,
        *,
        username: str | None = None,
        enterprise_code: str | None = None,
    ) -> str:
        return add_user_with_token(
            db_url, role, unit_name, username=username, enterprise_code=enterprise_code
        )

    return _make
