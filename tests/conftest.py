"""Shared fixtures: a migrated, empty database per test (SQLite, and PostgreSQL when
``CARBONPEAK_TEST_POSTGRES_URL`` is set), a session on it, an API client, and users with tokens.

- ``db_url``: URL of a freshly migrated database (Alembic ``upgrade head``), empty or, when the
  test asks for ``plan_db``, with the bundled plan (``db_template`` says which; a directory may
  override it); parametrised over ``sqlite`` (a file in ``tmp_path``) and ``postgres`` (a
  database of its own, dropped after; skipped when the environment variable is not set). Each
  is a copy of a template database built once per session. The engine is disposed after.
- ``plan_db``: ``db_url`` with the bundled default plan (plan id 1).
- ``db_session``: a session on ``db_url``; rolled back and closed after the test.
- ``client``: ``TestClient(create_app(database_url=db_url))``.
- ``make_user``: ``make_user(role, unit_name=None, *, username=None, enterprise_code=None)``
  adds a user (creating the org unit if missing) and returns a clear API token for it: send it
  as ``headers={"Authorization": f"Bearer {token}"}``. Outside fixtures, the same is
  ``add_user_with_token(db_url, role, ...)``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, select, text
from sqlalchemy.orm import Session

from carbonpeak.auth import passwords
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


@dataclass(frozen=True)
class DbTemplate:
    """What a test database holds before the test: ``build(url)`` runs once per session on a
    migrated database named ``name``, which every test asking for it then gets a copy of (a
    file copy on SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL): migrating and loading
    the bundled plan took seconds per test, a copy takes milliseconds."""

    name: str
    build: Callable[[str], object] | None = None


EMPTY = DbTemplate("empty")
#: The bundled default plan (plan id 1), as ``carbonpeak.bootstrap.init_database`` loads it.
PLAN = DbTemplate("plan", lambda url: _init_database(url))


def _init_database(url: str) -> None:
    from carbonpeak.bootstrap import init_database

    init_database(url=url)


class _Templates:
    """The session's template databases, built on first use."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.sqlite: dict[str, Path] = {}
        self.postgres: dict[str, str] = {}  # template name -> database name
        self.token = uuid.uuid4().hex[:8]

    def sqlite_copy(self, template: DbTemplate, target: Path) -> str:
        source = self.sqlite.get(template.name)
        if source is None:
            source = self.directory / f"{template.name}.sqlite3"
            url = f"sqlite:///{source}"
            upgrade(url)
            if template.build is not None:
                template.build(url)
            get_engine(url).dispose()
            with sqlite3.connect(source) as conn:  # everything in the one file
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()
            self.sqlite[template.name] = source
        shutil.copyfile(source, target)
        return f"sqlite:///{target}"

    def postgres_copy(self, base: str, template: DbTemplate) -> str:
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        try:
            source = self.postgres.get(template.name)
            if source is None:
                source = f"cp_tmpl_{self.token}_{template.name.replace('+', '_')}"
                with admin.connect() as conn:
                    conn.execute(text(f'CREATE DATABASE "{source}"'))
                self.postgres[template.name] = source
                url = _database_url(base, source)
                upgrade(url)
                if template.build is not None:
                    template.build(url)
                get_engine(url).dispose()
                with admin.connect() as conn:  # a template must have no one connected
                    conn.execute(
                        text(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            " WHERE datname = :name AND pid <> pg_backend_pid()"
                        ),
                        {"name": source},
                    )
            name = f"cp_test_{uuid.uuid4().hex[:12]}"
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{source}"'))
            return _database_url(base, name)
        finally:
            admin.dispose()

    def drop_postgres(self, base: str, url: str | None = None) -> None:
        """Drop the test database of ``url``, or (no url) the session's templates."""
        names = [make_url(url).database] if url else list(self.postgres.values())
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                for name in names:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()


def _database_url(base: str, database: str) -> str:
    return make_url(base).set(database=database).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def db_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Templates]:
    templates = _Templates(tmp_path_factory.mktemp("db-templates"))
    yield templates
    base = os.environ.get(POSTGRES_ENV)
    if base and templates.postgres:
        templates.drop_postgres(base)


@pytest.fixture
def db_template(request: pytest.FixtureRequest) -> DbTemplate:
    """What ``db_url`` starts with: the bundled plan when the test asks for ``plan_db``, else
    an empty migrated database. A directory or module overrides it for its own start."""
    return PLAN if "plan_db" in request.fixturenames else EMPTY


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    db_templates: _Templates,
    db_template: DbTemplate,
) -> Iterator[str]:
    """A migrated database (a copy of ``db_template``'s); yields its SQLAlchemy URL."""
    if request.param == "sqlite":
        target = tmp_path_factory.mktemp("db") / "carbonpeak.sqlite3"
        url = db_templates.sqlite_copy(db_template, target)
        try:
            yield url
        finally:
            get_engine(url).dispose()
        return
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"{POSTGRES_ENV} not set")
    url = db_templates.postgres_copy(base, db_template)
    try:
        yield url
    finally:
        get_engine(url).dispose()
        db_templates.drop_postgres(base, url)


@pytest.fixture
def plan_db(db_url: str) -> str:
    """The test database with the bundled default plan loaded (plan id 1): ``db_url`` starts
    from the ``PLAN`` template when a test asks for this fixture."""
    return db_url


#: argon2id at its cheapest (one pass over 1 MiB) for tests outside tests/auth: the production
#: profile (argon2-cffi's defaults: 3 passes over 64 MiB, 4 lanes) took ~1 s a hash on the
#: loaded 2-core CI machine, and a web test hashes and verifies several passwords. Hashes stay
#: argon2id with their parameters encoded, so a login verifies (and rehashes) as in production;
#: tests/auth keep the production parameters, which they check.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def _cheap_password_hash(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if "auth" not in request.path.relative_to(Path(__file__).parent).parts[:1]:
        monkeypatch.setattr(passwords, "_hasher", CHEAP_HASHER)


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
