"""End-to-end fixtures: a real uvicorn server on a free 127.0.0.1 port over a temporary SQLite
database with the demo data (``carbonpeak.bootstrap.load_demo``), and headless Debian
Chromium (/usr/bin/chromium) driven by Playwright — never ``playwright install``.

``scripts/ensure-chromium`` installs the browser and CJK fonts when missing; the tests skip
with a clear message only when no browser can be had. Every page visited is checked for
console errors, page errors and requests to other hosts, and saved as a screenshot under
``test-artifacts/screenshots/`` (kept by CI as an artifact).
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser import UiSession

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "carbonpeak-demo"
DAYS_ENV = "CARBONPEAK_DEMO_MONITORING_DAYS"
MONITORING_DAYS = 62


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


#: how long the server may take to answer its first page: generous, as a loaded machine (the
#: suite beside other jobs) can take minutes to import the app and render the login page
SERVER_START_LIMIT = 180.0


def _wait_until_up(
    base_url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = SERVER_START_LIMIT
) -> None:
    """Poll ``/login`` until it answers 200. If the server exits or does not answer within
    ``timeout`` seconds, fail with what it wrote (``log``: its stderr and stdout)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"the server exited with code {proc.returncode} before answering at {base_url}"
                + _server_output(log)
            )
        try:
            with urllib.request.urlopen(base_url + "/login", timeout=10) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(
        f"the server did not answer at {base_url} within {timeout:g} s" + _server_output(log)
    )


def _server_output(log: Path, limit: int = 4000) -> str:
    """The end of what the server wrote, for a failure message."""
    try:
        text = log.read_bytes().decode("utf-8", "replace").strip()
    except OSError as exc:
        return f"; its output could not be read ({exc})"
    if not text:
        return f"; it wrote nothing ({log})"
    return f"; its output ({log}, last {limit} characters):\n{text[-limit:]}"


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="session")
def demo_url(demo_dir: Path) -> str:
    """The demo database: ``carbonpeak demo``'s data (plan, logins, the illustrative inventory
    and the bundled reference inventories, tracking and monitoring data; monitoring readings
    for MONITORING_DAYS only, to stay quick). Tests read it through the services to check the
    numbers the pages show where the API needs a token."""
    from carbonpeak.bootstrap import load_demo

    url = f"sqlite:///{demo_dir / 'carbonpeak.sqlite3'}"
    saved = {k: os.environ.get(k) for k in (DAYS_ENV, "CARBONPEAK_DATA_DIR")}
    os.environ[DAYS_ENV] = str(MONITORING_DAYS)
    os.environ["CARBONPEAK_DATA_DIR"] = str(demo_dir)
    try:
        load_demo(url=url)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return url


@pytest.fixture(scope="session")
def server(demo_dir: Path, demo_url: str) -> Iterator[str]:
    """Base URL of a running server on the demo database."""
    data_dir = demo_dir
    url = demo_url
    port = _free_port()
    code = (
        "import uvicorn\n"
        "from carbonpeak.web.app import create_app\n"
        f"uvicorn.run(create_app(database_url={url!r}), host='127.0.0.1', port={port},"
        " log_level='warning')\n"
    )
    env = {
        **os.environ,
        "CARBONPEAK_DATA_DIR": str(data_dir),
        "CARBONPEAK_SECRET_KEY": secrets.token_urlsafe(48),
    }
    log_path = data_dir / "server.log"
    log = log_path.open("wb")
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=log, stderr=log)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, proc, log_path)
        yield base_url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _ensure_chromium() -> None:
    if CHROMIUM.exists():
        return
    script = ROOT / "scripts" / "ensure-chromium"
    if script.exists() and shutil.which("bash"):
        subprocess.run(["bash", str(script)], check=False, timeout=900)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium, or a skip that says why there is none."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("end-to-end tests need the playwright package: pip install -e '.[dev]'")
    _ensure_chromium()
    if not CHROMIUM.exists():
        pytest.skip(
            f"end-to-end tests need Debian's chromium at {CHROMIUM}; it could not be installed "
            "here (run scripts/ensure-chromium as root: apt-get install chromium fonts-noto-cjk)"
        )
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def ui(browser: Any, server: str, screenshot_dir: Path) -> Iterator[UiSession]:
    """A fresh browser context (no cookies) at laptop size, watched for errors."""
    session = UiSession(browser, server, screenshot_dir, viewport=(1440, 900))
    try:
        yield session
    finally:
        session.close()
