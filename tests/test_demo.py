"""`carbonpeak init` and `carbonpeak demo --no-serve` on an empty database, and the README's
commands run against that fresh demo (each command is looked up in the README as written)."""

from __future__ import annotations

import re
import shlex
from datetime import UTC, datetime
from pathlib import Path

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
    monkeypatch.setenv("CARBONPEAK_DEMO_MONITORING_DAYS", "62")  # Jan-Feb of last year
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
        _readme_commands(runner, Path(str(tmp_path)))
    finally:
        get_settings.cache_clear()


README = Path(__file__).resolve().parents[1] / "README.md"
#: README commands that must work right after `make demo` (written as in the README; the
#: year of the demo's readings, last year, is 2025 there).
README_COMMANDS = (
    "carbonpeak inventory compare -d chen2020-county -r 520201 --platform-dataset "
    "liupanshui-demo-illustrative",
    "carbonpeak monitor processes 91520200MA6DXY001X --start 2025-01-01 --end 2025-03-01",
    "carbonpeak monitor check 91520200MA6DXY001X --start 2025-02-01 --end 2025-03-01",
    "carbonpeak monitor alerts",
    "carbonpeak monitor rejected 91520200MA6DXY001X --start 2025-02-01 --end 2025-03-01",
    "carbonpeak tracking assess run --year 2025",
    "carbonpeak tracking assess publish --year 2025",
    "carbonpeak review budget --year 2025",
    "carbonpeak review inspect --json",
)


def _readme_commands(runner: CliRunner, tmp: Path) -> None:
    text = re.sub(r"\s+", " ", README.read_text(encoding="utf-8"))
    year = str(datetime.now(UTC).year - 1)
    for command in README_COMMANDS:
        assert command in text, f"not in the README: {command}"
        args = shlex.split(command.replace("2025", year))[1:]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (command, result.output, result.exception)
    processes = runner.invoke(
        app,
        [
            "monitor",
            "processes",
            "91520200MA6DXY001X",
            "--start",
            f"{year}-01-01",
            "--end",
            f"{year}-03-01",
        ],
    )
    assert "烧结" in processes.output  # the demo's data are inside the README's dates
    out = tmp / "registry.xlsx"
    assert "monitor registry-export -o registry.xlsx" in text
    done = runner.invoke(app, ["monitor", "registry-export", "-o", str(out)])
    assert done.exit_code == 0 and out.stat().st_size > 0, done.output
