"""An enterprise energy manager's day (重点用能单位能源管理员) in Chromium over the demo data:
log in as gangtie, open 我的工作台 (its own enterprise, not "not bound to a unit"), read the
month's processes against the limits (values never rounded onto a limit), the alerts and the
refused readings in Chinese with names for codes, and find another enterprise closed to it."""

from __future__ import annotations

import re

from tests.e2e.browser import UiSession

STEEL = "91520200MA6DXY001X"


def test_energy_manager_day(ui: UiSession) -> None:
    ui.login("gangtie")
    ui.goto("/workspace", shot="manager-workspace")
    assert ui.page.url.endswith(f"/monitoring/{STEEL}")
    head = ui.page.locator("h1").inner_text()
    assert "钟山区" in head and "3110 炼铁" in head and "illustrative" not in head
    body = ui.page.locator("main").inner_text()
    assert "未绑定" not in body
    # Processes against the limits: every shown value differs from a limit it fails.
    rows = ui.page.locator("[data-testid=processes] tbody tr")
    assert rows.count() > 0
    for i in range(min(rows.count(), 12)):
        row = rows.nth(i)
        value = row.locator("td span[data-value]")
        if value.count() == 0:
            continue
        shown = value.inner_text().replace(",", "")
        for failed in row.locator("span[data-met=false]").all_inner_texts():
            limit = re.search(r"[≤≥<>]\s*([\d.]+)", failed)
            assert limit is None or shown != limit.group(1), (shown, failed)
        assert "<=" not in row.inner_text() and ">=" not in row.inner_text()
    # Alerts and refused readings in Chinese.
    assert ui.page.locator("#h-refused").count() == 1
    for kind in ui.page.locator("[data-testid=alerts] tbody tr td:nth-child(2)").all_inner_texts():
        assert kind in ("超过限额", "数据质量", "无数据"), kind
    # Energies of the metering points by name, not by fuel id.
    energies = ui.page.locator("[data-testid=points] td[data-energy]").all_inner_texts()
    assert energies and not any(re.search(r"[a-z]_[a-z]|^coke$|^electricity$", e) for e in energies)
    # Another enterprise's page is closed to it.
    ui.goto("/monitoring/91520200MA6DXY002X", status=403)
