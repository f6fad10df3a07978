"""Bounded schemathesis runs over the whole API: no 5xx, and every response conforms to the
OpenAPI document (its status code is documented, its body matches the schema).

- reads (GET) as an anonymous caller and as an administrator;
- writes (POST/PUT/PATCH/DELETE) as an administrator, a unit editor (单位填报人) and an
  enterprise user (企业): the refusals of the two narrower roles (403, 404) must conform too.

Few examples per operation (derandomized), so the runs stay short; the numerical results of
the heavy operations (Monte Carlo runs, imports) have their own tests."""

from __future__ import annotations

import time
from collections.abc import Iterable

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from sqlalchemy import select

from carbonpeak.auth.orm import OrgUnitRow
from carbonpeak.bootstrap import init_database
from carbonpeak.db.migrate import upgrade
from carbonpeak.db.session import session_scope
from carbonpeak.web.app import create_app
from tests.conftest import add_user_with_token

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture(scope="module")
def api_and_callers(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[schemathesis.schemas.BaseSchema, dict[str, dict[str, str]]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('st') / 'db.sqlite3'}"
    upgrade(url)
    init_database(url=url)
    with session_scope(url) as db:
        unit = db.scalars(select(OrgUnitRow.name).order_by(OrgUnitRow.id)).first()
    assert unit, "the bundled plan names its units"

    def bearer(role: str, unit_name: str | None = None) -> dict[str, str]:
        token = add_user_with_token(url, role, unit_name, username=f"st-{role}")
        return {"Authorization": f"Bearer {token}"}

    callers = {
        "anonymous": {},
        "admin": bearer("admin"),
        "unit_editor": bearer("unit_editor", unit),
        "enterprise": bearer("enterprise"),
    }
    app = create_app(url, secret_key="s" * 40)
    return schemathesis.openapi.from_asgi("/openapi.json", app), callers


def conformance(
    api: schemathesis.schemas.BaseSchema,
    methods: set[str],
    callers: Iterable[dict[str, str]],
    examples: int,
) -> tuple[list[str], list[str]]:
    """Call every operation of ``methods`` as each caller; the failures, and the calls."""
    failures: list[str] = []
    calls: list[str] = []
    for result in api.get_all_operations():
        operation = result.ok()
        if operation.method.upper() not in methods:
            continue

        @settings(
            max_examples=examples,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        @given(operation.as_strategy())
        def check(case: schemathesis.Case) -> None:
            calls.append(f"{case.method} {case.operation.path}")
            for headers in callers:
                try:
                    response = case.call(headers=headers)
                except Exception as exc:  # an exception escaping the app: a 500 in production
                    failures.append(f"{case.method} {case.formatted_path}: {exc!r}"[:300])
                    continue
                where = f"{case.method} {case.formatted_path} {response.status_code}"
                if response.status_code >= 500:
                    failures.append(where + ": server error")
                    continue
                try:
                    case.operation.validate_response(response, case=case)
                except Exception as exc:  # a check failure: listed, not stopping the run
                    failures.append(f"{where}: {str(exc)[:300]}")

        check()
    return failures, calls


Setup = tuple[schemathesis.schemas.BaseSchema, dict[str, dict[str, str]]]


def test_reads_keep_the_contract(api_and_callers: Setup) -> None:
    api, who = api_and_callers
    failures, calls = conformance(api, {"GET"}, [who["anonymous"], who["admin"]], 3)
    assert len(set(calls)) > 40, "too few operations reached"
    assert failures == []


def test_writes_keep_the_contract(api_and_callers: Setup) -> None:
    api, who = api_and_callers
    started = time.perf_counter()
    failures, calls = conformance(
        api, WRITES, [who["admin"], who["unit_editor"], who["enterprise"]], 2
    )
    assert {c.split()[0] for c in calls} >= {"POST", "PUT", "PATCH", "DELETE"}
    assert len(set(calls)) > 40, "too few write operations reached"
    assert failures == [], "\n".join(failures)
    assert time.perf_counter() - started < 600


def test_narrow_roles_read_within_the_contract(api_and_callers: Setup) -> None:
    api, who = api_and_callers
    failures, _ = conformance(api, {"GET"}, [who["unit_editor"], who["enterprise"]], 1)
    assert failures == [], "\n".join(failures)
