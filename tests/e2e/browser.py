"""A browser session for the end-to-end tests: a Playwright context on the test server that
records console errors, page errors and any request to another host (blocked: the platform
is offline), with helpers to log in, open a page, read a number and save a screenshot."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

DEMO_PASSWORD = "carbonpeak-demo"
#: Controls, buttons, links and charts without an accessible name (label, text, aria-label,
#: aria-labelledby, title), and a page without exactly one h1 or without lang.
UNLABELLED_JS = """
() => {
  const out = [];
  const named = (el) => {
    if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) return true;
    if (el.getAttribute('title')) return true;
    if (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) return true;
    if (el.closest('label')) return true;
    return false;
  };
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden') continue;
    if (!named(el)) out.push(`${el.tagName.toLowerCase()}#${el.id || el.name}`);
  }
  for (const el of document.querySelectorAll('button, a[href]')) {
    if (el.closest('.modebar')) continue;  // plotly's toolbar (icons with data-title)
    if (!el.textContent.trim() && !named(el)) out.push(el.outerHTML.slice(0, 80));
  }
  for (const el of document.querySelectorAll('[data-chart]')) {
    if (el.getAttribute('role') !== 'img' || !named(el)) out.push(`chart#${el.id}`);
  }
  if (document.querySelectorAll('h1').length !== 1) out.push('h1 count');
  if (!document.documentElement.lang) out.push('html lang');
  return out;
}
"""
#: Text (outside charts) whose contrast with its background is below WCAG AA: 4.5:1, or 3:1
#: for large text (24 px, or 18.66 px bold). The background is the first opaque one up the tree.
LOW_CONTRAST_JS = """
() => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) return c;
    }
    return [255, 255, 255];
  };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || seen.has(el) || !walker.currentNode.textContent.trim()) continue;
    seen.add(el);
    if (el.closest('svg, .js-plotly-plot, .skip-link, option')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || !el.offsetParent) continue;
    const fg = rgb(style.color), bg = background(el);
    const [a, b] = [lum(fg) + 0.05, lum(bg) + 0.05];
    const ratio = Math.max(a, b) / Math.min(a, b);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) {
      out.push(`${el.tagName.toLowerCase()}.${el.className} ${ratio.toFixed(2)}: ` +
               walker.currentNode.textContent.trim().slice(0, 30));
    }
  }
  return out;
}
"""


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
        if status >= 400:  # Chromium logs the expected error status of the page itself
            expected = f"the server responded with a status of {status}"
            self.errors = [e for e in self.errors if expected not in e]
        self.settle(shot)
        return response

    def settle(self, shot: str | None = None) -> None:
        self.page.wait_for_load_state("networkidle")
        self.assert_clean()
        self.assert_labelled()
        if shot:
            self.screenshot(shot)

    def assert_labelled(self) -> None:
        """Every form control has a label, every button and link a name, every chart a text
        alternative (an accessible name), and the page one h1 and a lang attribute."""
        missing = self.page.evaluate(UNLABELLED_JS)
        assert missing == [], f"{self.page.url}: without an accessible name: {missing}"
        low = self.page.evaluate(LOW_CONTRAST_JS)
        assert low == [], f"{self.page.url}: text below the WCAG AA contrast: {low[:10]}"

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
