"""A bounded schemathesis run over the whole API (anonymous and admin): no 5xx, and every
response conforms to the OpenAPI document. Few examples per operation, so it stays short;
operations that compute for long (Monte Carlo runs, imports) get their own tests."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings

from carbonpeak.bootstrap import init_database
from carbonpeak.db.migrate import upgrade
from carbonpeak.web.app import create_app
from tests.conftest import add_user_with_token

GET_ONLY = "writes and runs have their own tests; the run stays short"


def test_api_keeps_its_contract(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    upgrade(url)
    init_database(url=url)
    admin = {"Authorization": f"Bearer {add_user_with_token(url, 'admin', username='st-admin')}"}
    app = create_app(url, secret_key="s" * 40)
    api = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    calls: list[str] = []
    for result in api.get_all_operations():
        operation = result.ok()
        if operation.method.upper() != "GET":
            continue  # GET_ONLY

        @settings(
            max_examples=3,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        @given(operation.as_strategy())
        def check(case: schemathesis.Case) -> None:
            calls.append(case.formatted_path)
            for headers in ({}, admin):
                response = case.call(headers=headers)
                where = f"{case.method} {case.formatted_path} {response.status_code}"
                if response.status_code >= 500:
                    failures.append(where + ": server error")
                    continue
                try:
                    case.operation.validate_response(response, case=case)
                except Exception as exc:  # a check failure: listed, not stopping the run
                    failures.append(f"{where}: {str(exc)[:200]}")

        check()
    assert len(set(calls)) > 40, "too few operations reached"
    assert failures == []
