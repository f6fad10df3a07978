"""`carbonpeak init` and `carbonpeak demo --no-serve` on an empty database."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from carbonpeak.cli import app
from carbonpeak.core.settings import get_settings
from carbonpeak.web.app import create_app


def test_demo_loads_plan_and_logins(
    tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path}/demo.sqlite3"  # type: ignore[operator]
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        result = runner.invoke(app, ["demo", "--no-serve"])
        assert result.exit_code == 0, result.output
        assert "109" in result.output and "86" in result.output
        assert "admin/carbonpeak-demo" in result.output
        again = runner.invoke(app, ["demo", "--no-serve"])  # idempotent
        assert again.exit_code == 0, again.output
        with TestClient(create_app(database_url=url)) as client:
            plans = client.get("/api/v1/plans").json()
            assert len(plans) == 1 and plans[0]["counts"]["tasks"] == 109
            me = client.get("/api/v1/auth/me", auth=("admin", "carbonpeak-demo"))
            assert me.status_code == 200 and me.json()["role"] == "admin"
            assert client.get("/docs").status_code == 200
    finally:
        get_settings.cache_clear()
