"""The scenario pages and the overview's projection in Chromium: peak years and values, the
probability of peaking by 2030, equal to the scenario API's run on the same base year (the
stored demo dataset; 500 draws, seed 0); charts drawn by the bundled plotly.js."""

from __future__ import annotations

from typing import Any

import pytest

from carbonpeak.inventory.demo.dataset import DEMO_DATASET
from carbonpeak.web import scenario_view
from tests.e2e.browser import UiSession


def _run(ui: UiSession, name: str, metric: str = "territorial") -> dict[str, Any]:
    body = {
        "draws": scenario_view.DRAWS,
        "seed": scenario_view.SEED,
        "metric": metric,
        "dataset": DEMO_DATASET,
    }
    response = ui.context.request.post(f"{ui.base_url}/api/v1/scenarios/{name}/run", data=body)
    assert response.ok, response.text()
    return response.json()


def test_scenarios_equal_the_api(ui: UiSession) -> None:
    ui.login("admin")
    ui.goto("/scenarios", shot="scenarios")
    ui.page.wait_for_selector("#chart-scenarios .main-svg")
    assert ui.page.locator("[data-testid=illustrative]").is_visible()
    rows = ui.page.locator("[data-testid=scenarios] tr[data-scenario]")
    names = [rows.nth(i).get_attribute("data-scenario") for i in range(rows.count())]
    assert names == [s["name"] for s in ui.api("/scenarios")]
    for name in names:
        assert name is not None
        api = _run(ui, name)
        row = f"[data-testid=scenarios] tr[data-scenario='{name}']"
        year = ui.page.locator(f"{row} [data-metric=peak-year]").inner_text().split()[0]
        assert int(year) == api["peak"]["year"]
        value = ui.page.locator(f"{row} [data-value]").get_attribute("data-value")
        assert float(value or "nan") == pytest.approx(api["peak"]["value_t"])
        p = ui.page.locator(f"{row} [data-p]").get_attribute("data-p")
        assert float(p or "nan") == pytest.approx(api["montecarlo"]["p_peak_by_2030"])


def test_scenario_detail_and_overview_projection(ui: UiSession) -> None:
    ui.login("admin")
    ui.goto("/scenarios")
    with ui.page.expect_navigation():
        ui.page.click("[data-testid=scenarios] tr[data-scenario=plan] a")
    ui.settle("scenario-plan")
    api = _run(ui, "plan")
    year = ui.page.locator("[data-figure=peak-year] [data-value]").get_attribute("data-value")
    assert int(year or 0) == api["peak"]["year"]
    p = ui.page.locator("[data-figure=p-peak-2030] [data-value]").get_attribute("data-value")
    assert float(p or "nan") == pytest.approx(api["montecarlo"]["p_peak_by_2030"])
    # the plain-language sentence carries P(peak ≤ 2030) of both totals
    summary = ui.page.locator("[data-testid=scenario-summary]").inner_text()
    for total in ("territorial", "regional_energy_co2"):
        assert f"{api['montecarlo']['p_peak_by'][total]['2030'] * 100:.0f}%" in summary
    assert ui.page.locator("[data-testid=sobol] tbody tr").count() == 5
    for chart in ("chart-fan", "chart-sectors", "chart-scenario-nonfossil"):
        ui.page.wait_for_selector(f"#{chart} .main-svg")
    ui.goto("/")
    shown = ui.page.locator("[data-figure=projected-peak] [data-value]").get_attribute("data-value")
    assert int(shown or 0) == api["peaks"]["territorial"]["year"]
    ui.assert_clean()
