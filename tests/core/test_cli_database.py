"""A database that is empty or unreachable gives one line saying what to do, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CARBONPEAK_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "carbonpeak", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_uninitialised_database_names_the_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    for args in (["stats", "reconcile"], ["inventory", "show"]):
        done = _run(url, *args)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        assert "carbonpeak init" in done.stderr and "no such table" in done.stderr


def test_unreachable_database_is_one_line() -> None:
    done = _run("postgresql+psycopg://postgres@127.0.0.1:9/none", "stats", "list")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "the database cannot be used" in done.stderr
