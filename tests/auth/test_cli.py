"""``carbonpeak user …`` on a test database."""

from __future__ import annotations

import functools
import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from carbonpeak.auth import cli as auth_cli
from carbonpeak.auth import service
from carbonpeak.auth.cli import app
from carbonpeak.auth.orm import OrgUnitRow, TokenRow
from carbonpeak.core.errors import InputError
from carbonpeak.db.session import session_scope

runner = CliRunner()


@pytest.fixture
def cli_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    # The commands open ``session_scope()`` on the configured database; point it at the test
    # database directly (``get_engine(None)`` caches the first URL it resolves, so switching the
    # settings between tests would not be seen).
    monkeypatch.setattr(auth_cli, "session_scope", functools.partial(session_scope, db_url))
    return db_url


def test_add_list_token(cli_db: str, db_session: Session) -> None:
    db_session.add(OrgUnitRow(name="市生态环境局"))
    db_session.commit()

    result = runner.invoke(
        app,
        ["add", "sthjj", "--role", "unit_editor", "--unit", "市生态环境局"],
        input="long enough pw\nlong enough pw\n",
    )
    assert result.exit_code == 0, result.output
    assert "sthjj" in result.output
    assert "long enough pw" not in result.output  # hidden input

    result = runner.invoke(
        app, ["add", "office", "--role", "admin", "--password", "lps-admin-pass-2026"]
    )
    assert result.exit_code == 0, result.output

    listed = runner.invoke(app, ["list", "--json"])
    assert listed.exit_code == 0, listed.output
    users = json.loads(listed.stdout)
    assert [(u["username"], u["role"], u["unit_name"]) for u in users] == [
        ("office", "admin", None),
        ("sthjj", "unit_editor", "市生态环境局"),
    ]
    table = runner.invoke(app, ["list"])
    assert "单位编辑" in table.output

    issued = runner.invoke(app, ["token", "sthjj", "--name", "laptop"])
    assert issued.exit_code == 0, issued.output
    clear = issued.stdout.strip()
    assert clear.startswith("cp_")
    assert "will not be shown again" in issued.stderr
    principal = service.principal_for_token(db_session=db_session, token=clear)
    assert principal.unit_name == "市生态环境局"
    db_session.commit()  # last_used_at: release SQLite's write lock before the CLI writes

    token_id = db_session.scalars(select(TokenRow.id)).one()
    assert runner.invoke(app, ["revoke", str(token_id)]).exit_code == 0
    assert runner.invoke(app, ["disable", "sthjj"]).exit_code == 0


def test_errors_are_domain_errors(cli_db: str) -> None:
    result = runner.invoke(
        app, ["add", "ent", "--role", "enterprise", "--password", "lps-admin-pass-2026"]
    )
    # The root command (carbonpeak.cli.main) prints CarbonpeakError as one line.
    assert isinstance(result.exception, InputError)
    assert "enterprise_code" in str(result.exception)
    result = runner.invoke(
        app, ["add", "x1", "--role", "superuser", "--password", "lps-admin-pass-2026"]
    )
    assert result.exit_code == 2  # click rejects the unknown role choice
