"""Shared fixtures: a migrated, empty database per test (SQLite, and PostgreSQL when
``CARBONPEAK_TEST_POSTGRES_URL`` is set), a session on it, an API client, and users with tokens.

- ``db_url``: URL of a freshly migrated database (Alembic ``upgrade head``), empty or, when the
  test asks for ``plan_db``, with the bundled plan (``db_template`` says which; a directory may
  override it); parametrised over ``sqlite`` (a file in ``tmp_path``) and ``postgres`` (a
  database of its own, dropped after; skipped when the environment variable is not set). Each
  is a copy of a template database built once per session. The engine is disposed after.
- ``plan_db``: ``db_url`` with the bundled default plan (plan id 1).
- ``db_session``: a session on ``db_url``; rolled back and closed after the test.
- ``client``: a ``TestClient`` on ``db_url``: an app built once per environment and lent to
  the test (``_SharedApps``: its database set to ``db_url``, a fresh cookie jar).
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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
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


@pytest.fixture(autouse=True)
def _fresh_token_memory() -> None:
    """A token one test used is not remembered in the next (the principals of recently seen
    tokens are kept process-wide, for ``TOKEN_MEMORY_SECONDS``, whatever the database)."""
    auth_service.forget_tokens()


@pytest.fixture
def db_session(db_url: str) -> Iterator[Session]:
    """A session on the test database; whatever the test leaves uncommitted is rolled back."""
    session = session_factory(db_url)()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


#: Apps kept at once (one per environment, the oldest dropped first).
KEPT_APPS = 4
#: What a lent app points at between two tests: any use fails loudly (no such dialect).
BETWEEN_TESTS = "between-tests://no-database"


def _build_key() -> tuple[tuple[str, str], ...]:
    """What ``create_app`` reads besides its arguments: the ``CARBONPEAK_*`` environment
    (settings, secret key, data dir, page pacing, warming). Apps built under the same
    environment are alike."""
    return tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("CARBONPEAK_")))


@dataclass
class _Lent:
    """An app lent to one test, and what it looked like when lent: a test that changed it
    (a router included, an override, a handler, state) gives back an app no other test gets."""

    app: FastAPI
    routes: list[object]
    middleware: list[object]
    handlers: dict[object, object]
    events: list[object]
    state: dict[str, object]
    route_paths: dict[int, str]
    openapi: dict[str, object] | None

    @classmethod
    def of(cls, app: FastAPI) -> _Lent:
        return cls(
            app=app,
            routes=list(app.router.routes),
            middleware=list(app.user_middleware),
            handlers=dict(app.exception_handlers),
            events=[*app.router.on_startup, *app.router.on_shutdown],
            state=dict(app.state._state),
            route_paths=dict(app.state.route_paths),
            openapi=app.openapi_schema,
        )

    def unchanged(self) -> bool:
        app = self.app
        return (
            _same(self.routes, app.router.routes)
            and _same(self.middleware, app.user_middleware)
            and self.handlers == app.exception_handlers
            and _same(self.events, [*app.router.on_startup, *app.router.on_shutdown])
            and self.state == app.state._state
            and self.route_paths == app.state.route_paths
            and not app.dependency_overrides
            and (self.openapi is None or app.openapi_schema is self.openapi)
        )


def _same(before: Sequence[object], after: Sequence[object]) -> bool:
    return len(before) == len(after) and all(a is b for a, b in zip(before, after, strict=True))


class _SharedApps:
    """One web app per build environment, built once per session and lent to the tests that
    ask for ``client``: building one (FastAPI resolving ~180 routes' dependencies and response
    models) took ~0.5 s of CPU, for every such test.

    An app holds no test's data: the database is ``app.state.database_url``, set to the test's
    own database when lent and to ``BETWEEN_TESTS`` when given back; sessions live in the test
    client's cookies and the ``auth_sessions`` rows of the test's database; the process-wide
    caches and limits (figures keyed by database and data version, the login throttle) are the
    same with a new app. Each test runs the app's start-up and shut-down in its own client. An
    app a test changed is dropped; an app built with the figure warming on (it keeps the URL
    it was built with) is never shared."""

    def __init__(self) -> None:
        self.apps: dict[tuple[tuple[str, str], ...], FastAPI] = {}

    def lend(self, database_url: str) -> _Lent:
        from carbonpeak.web import warm
        from carbonpeak.web.app import create_app  # imported late: it pulls in every domain

        key = _build_key()
        app = None if warm.enabled() else self.apps.pop(key, None)
        if app is None:
            app = create_app(database_url=database_url)
        if not warm.enabled():
            self.apps[key] = app  # the last used last
            if len(self.apps) > KEPT_APPS:  # environments of one test (a tmp_path in it)
                del self.apps[next(iter(self.apps))]
        app.state.database_url = database_url
        return _Lent.of(app)

    def give_back(self, lent: _Lent) -> None:
        unchanged = lent.unchanged()
        lent.app.state.database_url = BETWEEN_TESTS
        if not unchanged:
            self.apps = {k: a for k, a in self.apps.items() if a is not lent.app}


@pytest.fixture(scope="session")
def shared_apps() -> _SharedApps:
    return _SharedApps()


@pytest.fixture
def client(db_url: str, shared_apps: _SharedApps) -> Iterator[TestClient]:
    """An API client on the test database (routes under ``/api/v1``), its own cookies, on an
    app shared with the tests built under the same environment (``_SharedApps``)."""
    lent = shared_apps.lend(db_url)
    try:
        with TestClient(lent.app) as test_client:
            yield test_client
    finally:
        shared_apps.give_back(lent)


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
