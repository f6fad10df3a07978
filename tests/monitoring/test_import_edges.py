"""``carbonpeak monitor import`` on hostile or broken files: one clear line, never a
traceback; an empty file is an error, not "accepted 0"; a GB18030 CSV is read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbonpeak.cli import app
from carbonpeak.core.errors import InputError
from carbonpeak.core.settings import get_settings
from carbonpeak.db.session import session_scope
from tests.monitoring.conftest import seed

runner = CliRunner()


@pytest.fixture
def cli_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("header-only.csv", b"point,ts,value\n", "no readings in the file"),
        ("random.csv", bytes(range(256)) * 40, "neither UTF-8 nor GB18030"),
        ("nul.csv", b"point,ts,value\n\x00\x00\n", "NUL bytes"),
        ("fake.xlsx", b"point,ts,value\nC1,2026-01-02T10:00:00+08:00,1\n", "not a valid .xlsx"),
        ("other.csv", b"a,b\n1,2\n", "missing columns point, ts, value"),
    ],
)
def test_broken_files_are_input_errors(
    cli_db: str, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(app, ["monitor", "import", str(path)])
    assert isinstance(result.exception, InputError), result.output
    assert message in str(result.exception)


def test_a_gb18030_csv_is_read(cli_db: str, tmp_path: Path) -> None:
    with session_scope(cli_db) as db:
        seed(db)
    path = tmp_path / "gb.csv"
    text = "point,ts,value,reason\nC1,2026-01-02T10:00:00+08:00,2.5,抄表\n"
    path.write_bytes(text.encode("gb18030"))
    result = runner.invoke(app, ["monitor", "import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["accepted"] == 1


def test_the_command_prints_one_line_and_no_traceback(cli_db: str, tmp_path: Path) -> None:
    path = tmp_path / "random.xlsx"
    path.write_bytes(os.urandom(4096))
    env = {**os.environ, "CARBONPEAK_DATABASE_URL": cli_db}
    done = subprocess.run(
        [sys.executable, "-m", "carbonpeak", "monitor", "import", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "not a valid .xlsx" in lines[0]
