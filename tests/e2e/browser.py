"""A browser session for the end-to-end tests: a Playwright context on the test server that
records console errors, page errors and any request to another host (blocked: the platform
is offline), with helpers to log in, open a page, read a number and save a screenshot."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

DEMO_PASSWORD = "carbonpeak-demo"


class UiSession:
    def __init__(
        self, browser: Any, base_url: str, screenshots: Path, viewport: tuple[int, int]
    ) -> None:
        self.base_url = base_url
        self.screenshots = screenshots
        self.context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}, locale="zh-CN"
        )
        self.errors: list[str] = []
        self.external: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))

    def _route(self, route: Any) -> None:
        url: str = route.request.url
        if url.startswith(self.base_url + "/"):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console error on {self.page.url}: {message.text}")

    def close(self) -> None:
        self.context.close()

    def assert_clean(self) -> None:
        """No JavaScript errors and nothing fetched from elsewhere, so far."""
        assert self.errors == [], "\n".join(self.errors)
        assert self.external == [], f"requests to other hosts: {self.external}"

    def goto(self, path: str, shot: str | None = None, status: int = 200) -> Any:
        """Open ``path``, check its status and the console, save a screenshot ``shot``."""
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response is not None and response.status == status, (
            f"{path}: HTTP {response.status if response else None}, expected {status}"
        )
        self.settle(shot)
        return response

    def settle(self, shot: str | None = None) -> None:
        self.page.wait_for_load_state("networkidle")
        self.assert_clean()
        if shot:
            self.screenshot(shot)

    def screenshot(self, name: str) -> Path:
        path = self.screenshots / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def login(self, username: str, password: str = DEMO_PASSWORD) -> None:
        self.goto("/login")
        self.page.fill("#username", username)
        self.page.fill("#password", password)
        with self.page.expect_navigation():
            self.page.click("form[action='/login'] button[type=submit]")
        self.settle()

    def api(self, path: str) -> Any:
        response = self.context.request.get(self.base_url + "/api/v1" + path)
        assert response.ok, f"{path}: HTTP {response.status}"
        return response.json()

    def number(self, selector: str) -> int:
        """The integer shown by the (single) element at ``selector``."""
        text = self.page.locator(selector).inner_text()
        digits = re.sub(r"[,\s]", "", text)
        assert digits.isdigit(), f"{selector}: {text!r} is not a number"
        return int(digits)
