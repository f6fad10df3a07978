"""Language switch, keyboard use, and the page sizes of a laptop and a wall display."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.browser import UiSession


def test_switch_to_english_and_back(ui: UiSession) -> None:
    ui.login("admin")
    assert ui.page.locator("nav.sidenav a[href='/']").inner_text().strip() == "总览"
    with ui.page.expect_navigation():
        ui.page.click("[data-testid=lang-en]")
    ui.settle("overview-en")
    assert ui.page.locator("html").get_attribute("lang") == "en"
    assert ui.page.locator("nav.sidenav a[href='/']").inner_text().strip() == "Overview"
    ui.goto("/plans/1", shot="plan-en")
    assert ui.page.locator("h2#h-tasks").inner_text().strip() == "Tasks"
    with ui.page.expect_navigation():
        ui.page.click("[data-testid=lang-zh]")
    ui.settle()
    assert ui.page.url.endswith("/plans/1")
    assert ui.page.locator("html").get_attribute("lang") == "zh-CN"


def test_keyboard_only(ui: UiSession) -> None:
    """Log in with the keyboard alone; then Tab reaches the skip link first."""
    ui.goto("/login")
    assert ui.page.evaluate("document.activeElement.id") == "username"  # autofocus
    ui.page.keyboard.type("admin")
    ui.page.keyboard.press("Tab")
    ui.page.keyboard.type("carbonpeak-demo")
    with ui.page.expect_navigation():
        ui.page.keyboard.press("Enter")
    ui.settle()
    assert ui.page.locator("nav.sidenav").is_visible()
    ui.goto("/plans")
    ui.page.keyboard.press("Tab")
    assert "skip-link" in ui.page.evaluate("document.activeElement.className")
    assert ui.page.locator(".skip-link").is_visible()
    ui.screenshot("skip-link-focused")
    ui.page.keyboard.press("Enter")
    assert ui.page.evaluate("document.activeElement.id") == "main"
    # Focus is visible: the focused link gets an outline.
    ui.page.keyboard.press("Tab")
    outline = ui.page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def _no_horizontal_scroll(ui: UiSession) -> None:
    width = ui.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    # the widest elements name the culprit when a page overflows
    wide = ui.page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > window.innerWidth + 1).slice(0, 4).map(e => e.tagName + '.' + e.className + ' '"
        " + Math.round(e.getBoundingClientRect().right))"
    )
    assert width[0] <= width[1], (
        f"{ui.page.url}: page is {width[0]} px wide in a {width[1]} px window; {wide}"
    )


def test_laptop_and_wall_display(browser: Any, server: str, screenshot_dir: Path) -> None:
    for name, size in (("laptop", (1366, 768)), ("wall", (3840, 2160)), ("narrow", (800, 900))):
        ui = UiSession(browser, server, screenshot_dir, viewport=size)
        try:
            ui.login("admin")
            for path in (
                "/",
                "/plans/1",
                "/plans/1/targets",
                "/indicators",
                "/inventory",
                "/monitoring",
                "/scenarios",
                "/assessment",
                "/workspace?unit=%E5%B8%82%E8%83%BD%E6%BA%90%E5%B1%80",
            ):
                ui.goto(path)
                _no_horizontal_scroll(ui)
            ui.goto("/", shot=f"overview-{name}")
        finally:
            ui.close()
