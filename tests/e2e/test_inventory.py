"""The inventory page and the overview's figures over the illustrative demo dataset, in
Chromium: every number checked here is read from the page and compared with the inventory
API's number (/api/v1/inventory/...); the illustrative label is shown; a number's trace opens
from the page; charts are drawn by the bundled plotly.js."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest

from carbonpeak.inventory.demo.dataset import DEMO_DATASET
from tests.e2e.browser import UiSession

CITY = "520200"
REL = 1e-9


def _inventory(ui: UiSession, region: str, year: int) -> dict[str, Any]:
    query = urlencode({"dataset": DEMO_DATASET, "region": region, "year": year})
    return ui.api(f"/inventory/inventories?{query}")


def _value(ui: UiSession, selector: str) -> float:
    locator = ui.page.locator(selector)
    assert locator.count() == 1, f"{locator.count()} elements at {selector}"
    return float(locator.get_attribute("data-value") or "nan")


def _latest_year(ui: UiSession) -> int:
    return int(ui.page.locator("#f-year option[selected]").get_attribute("value") or 0)


def test_inventory_numbers_equal_the_api(ui: UiSession) -> None:
    ui.login("admin")
    ui.goto("/inventory", shot="inventory")
    assert ui.page.locator("[data-testid=illustrative]").is_visible()
    assert ui.page.locator("#f-region option[selected]").get_attribute("value") == CITY
    year = _latest_year(ui)
    api = _inventory(ui, CITY, year)
    for name in ("territorial", "regional_energy_co2", "co2e_t", "scope2"):
        shown = _value(ui, f"[data-testid=totals] tr[data-total={name}] a")
        assert shown == pytest.approx(api["totals"][name], rel=REL), name
    for sector in api["by_sector"]:
        co2 = sector["gases_t"].get("CO2")
        if co2 is None:
            continue
        cell = f"[data-testid=by-sector] tr[data-category='{sector['category']}'] a[data-gas=CO2]"
        assert _value(ui, cell) == pytest.approx(co2, rel=REL), sector["category"]
    for gas in api["by_gas"]:
        shown = _value(ui, f"[data-testid=by-gas] tr[data-gas={gas['gas']}] td[data-value]")
        assert shown == pytest.approx(gas["value_t"], rel=REL)
    # Districts side by side: the API's district-sum rule.
    check = ui.api(
        "/inventory/district-sum?"
        + urlencode({"dataset": DEMO_DATASET, "year": year, "total": "territorial"})
    )
    for code, value in check["reported"].items():
        cell = f"[data-testid=districts] tr[data-region='{code}'] [data-total=territorial]"
        assert _value(ui, cell) == pytest.approx(value, rel=REL), code
    # plotly.js drew the trend.
    ui.page.wait_for_selector("#chart-inventory-trend .main-svg")
    ui.assert_clean()


def test_trace_of_a_number_opens_from_the_page(ui: UiSession) -> None:
    ui.login("admin")
    ui.goto("/inventory")
    year = _latest_year(ui)
    link = ui.page.locator("[data-testid=by-sector] tr[data-category='1.A.1.a'] a[data-gas=CO2]")
    with ui.page.expect_navigation():
        link.click()
    ui.settle("inventory-trace")
    query = {
        "dataset": DEMO_DATASET,
        "region": CITY,
        "year": year,
        "sector": "1.A.1.a",
        "gas": "CO2",
    }
    api = ui.api("/inventory/explain?" + urlencode(query))
    shown = float(ui.page.locator("[data-testid=trace] [data-value]").get_attribute("data-value"))
    assert shown == pytest.approx(api["value"], rel=REL)
    assert ui.number("[data-metric=terms]") == len(api["terms"])
    assert ui.page.locator("[data-testid=illustrative]").is_visible()
    for factor in api["factors"]:
        assert ui.page.locator(f"tr[data-factor='{factor['id']}']").count() == 1


def test_choose_a_district_in_the_form(ui: UiSession) -> None:
    ui.login("admin")
    ui.goto("/inventory")
    ui.page.select_option("#f-region", "520281")  # 盘州市
    ui.page.select_option("#f-year", "2010")
    with ui.page.expect_navigation():
        ui.page.click("form.filters button[type=submit]")
    ui.settle("inventory-district")
    api = _inventory(ui, "520281", 2010)
    shown = _value(ui, "[data-testid=totals] tr[data-total=territorial] a")
    assert shown == pytest.approx(api["totals"]["territorial"], rel=REL)
    assert ui.page.locator("[data-testid=districts]").count() == 0


def test_overview_figures_equal_the_api(ui: UiSession) -> None:
    ui.login("admin")
    ui.goto("/", shot="overview-figures")
    assert ui.page.locator("[data-testid=illustrative]").is_visible()
    years = ui.api(f"/inventory/totals?dataset={DEMO_DATASET}")["totals"]
    latest = max(t["year"] for t in years if t["region"] == CITY)
    totals = next(t for t in years if t["region"] == CITY and t["year"] == latest)
    for name in ("territorial", "regional_energy_co2"):
        shown = _value(ui, f"[data-figure={name}] [data-value]")
        assert shown == pytest.approx(totals[name], rel=REL), name
    query = urlencode({"dataset": DEMO_DATASET, "region": CITY, "year": latest})
    items = {
        (i["name"], i["method"]): i["value"]
        for i in ui.api(f"/inventory/indicators?{query}")["items"]
    }
    expected = {
        "co2_intensity_change": items[("co2_intensity_change_vs_2005", "regional_energy_co2")],
        "nonfossil_share": items[("nonfossil_share", "coal_equivalent")],
        "energy_intensity": items[("energy_intensity", "coal_equivalent")],
    }
    for key, value in expected.items():
        assert _value(ui, f"[data-figure={key}] [data-value]") == pytest.approx(value, rel=REL)
    for chart in (
        "chart-emissions",
        "chart-co2-intensity",
        "chart-nonfossil",
        "chart-energy-intensity",
        "chart-districts",
    ):
        ui.page.wait_for_selector(f"#{chart} .main-svg")
    # The goal lines of the plan are drawn (plotly draws shapes as paths in .layer-above).
    assert ui.page.locator("#chart-co2-intensity .shapelayer path").count() >= 1
    ui.assert_clean()
