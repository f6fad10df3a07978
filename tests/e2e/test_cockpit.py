"""The leaders' cockpit (领导驾驶舱) in Chromium over the demo data, at a wall screen's
1920×1080 and a laptop's 1366×768: the essentials (traffic lights, emissions chart, district
map and ranking, the top warnings) are on screen without scrolling; screenshots of exactly
what fits are saved under test-artifacts/screenshots/; the map opens a district; kiosk mode
has no navigation or controls and reloads itself."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser import UiSession

ESSENTIALS = (
    "[data-testid=lights]",
    ".cockpit__chart svg",
    "[data-testid=district-map] svg",
    "[data-testid=district-ranking]",
    ".cockpit__warnings",
)
CJK_ONLY = re.compile(r"[A-Za-z]{4,}")


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_cockpit_fits_the_screen(
    browser: Any, server: str, screenshot_dir: Path, size: tuple[int, int]
) -> None:
    ui = UiSession(browser, server, screenshot_dir, viewport=size)
    try:
        ui.login("admin")
        ui.goto("/cockpit")
        ui.page.screenshot(path=str(screenshot_dir / f"cockpit-{size[0]}x{size[1]}.png"))
        for selector in ESSENTIALS:
            box = ui.page.locator(selector).first.bounding_box()
            assert box is not None, selector
            assert box["y"] + box["height"] <= size[1], f"{selector} below the fold at {size}"
        # Four districts on the map and in the ranking; five warnings at most, in Chinese.
        assert ui.page.locator("[data-testid=district-map] a[data-district]").count() == 4
        assert ui.page.locator("[data-testid=district-ranking] tbody tr").count() == 4
        top = ui.page.locator(".warnings-top li").all_inner_texts()
        assert 0 < len(top) <= 5
        for text in top:
            assert not CJK_ONLY.search(text.replace("CO2", "")), text  # no English half
        assert ui.page.locator("[data-testid=lights] li[data-status]").count() > 0
    finally:
        ui.close()


def test_map_opens_a_district_and_kiosk_mode(ui: UiSession) -> None:
    ui.login("admin")
    ui.goto("/cockpit")
    with ui.page.expect_navigation():
        ui.page.locator("[data-testid=district-map] a[data-district='520281']").click()
    ui.settle()
    assert "region=520281" in ui.page.url
    assert "盘州市" in ui.page.locator("h1").inner_text()
    ui.goto("/cockpit?kiosk=1", shot="cockpit-kiosk")
    assert ui.page.locator("nav.sidenav, header.topbar, form").count() == 0
    refresh = ui.page.locator("meta[http-equiv=refresh]").get_attribute("content")
    assert refresh == "300"
    ui.goto("/cockpit/warnings", shot="cockpit-warnings")
    assert ui.number("[data-metric=warnings-open]") >= 5
