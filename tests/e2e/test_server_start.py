"""The end-to-end server's start-up wait: it polls with a generous limit, and when the server
exits or never answers, the failure carries what the server wrote (not a bare timeout)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import SERVER_START_LIMIT, _free_port, _wait_until_up


def _start(code: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-c", code], stdout=out, stderr=out)


def test_limit_allows_a_slow_start() -> None:
    assert SERVER_START_LIMIT >= 180


def test_a_server_that_exits_fails_with_its_stderr(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    proc = _start(
        "import sys; sys.stderr.write('ImportError: no module named x\\n'); sys.exit(3)", log
    )
    proc.wait(timeout=30)
    with pytest.raises(
        RuntimeError, match=r"(?s)exited with code 3.*ImportError: no module named x"
    ):
        _wait_until_up(f"http://127.0.0.1:{_free_port()}", proc, log, timeout=30)


def test_a_server_that_never_answers_fails_with_its_stderr(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    proc = _start(
        "import sys, time; sys.stderr.write('waiting for the database lock\\n');"
        " sys.stderr.flush(); time.sleep(60)",
        log,
    )
    try:
        for _ in range(600):  # the child has written its line (a loaded machine starts it late)
            if log.read_bytes():
                break
            time.sleep(0.1)
        with pytest.raises(
            RuntimeError, match=r"(?s)did not answer .* within 2 s.*waiting for the database lock"
        ):
            _wait_until_up(f"http://127.0.0.1:{_free_port()}", proc, log, timeout=2)
    finally:
        proc.kill()
        proc.wait()
