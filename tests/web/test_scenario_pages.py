"""The scenario pages and the overview's projection show the scenario API's numbers for the
same base year (``POST /api/v1/scenarios/{name}/run`` with the stored demo dataset, 500
draws, seed 0), and label the scenarios illustrative."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from carbonpeak.db.session import session_scope
from carbonpeak.inventory.demo.service import DATASET, load_demo_activity
from carbonpeak.web import scenario_view
from carbonpeak.web.dataset_choice import choose
from tests.web.conftest import tree


@pytest.fixture
def demo_inventory(plan_db: str) -> str:
    with session_scope(plan_db) as db:
        load_demo_activity(db_session=db)
    return plan_db


def _api_run(client: TestClient, name: str, metric: str = "territorial") -> dict[str, Any]:
    body = {"draws": scenario_view.DRAWS, "seed": scenario_view.SEED, "metric": metric}
    response = client.post(f"/api/v1/scenarios/{name}/run", json={**body, "dataset": DATASET})
    assert response.status_code == 200, response.text
    return response.json()


def test_scenarios_side_by_side_equal_the_api(
    client: TestClient, login_as: Callable[..., str], demo_inventory: str
) -> None:
    login_as("viewer")
    page = client.get("/scenarios")
    assert page.status_code == 200, page.text
    doc = tree(page.text)
    assert doc.xpath("//*[@data-testid='illustrative']")
    names = client.get("/api/v1/scenarios").json()
    rows = doc.xpath("//table[@data-testid='scenarios']//tr[@data-scenario]/@data-scenario")
    assert rows == [s["name"] for s in names]
    for name in rows:
        api = _api_run(client, name)
        row = f"//tr[@data-scenario='{name}']"
        assert doc.xpath(f"{row}//*[@data-metric='peak-year']")[0].text_content().split()[0] == (
            str(api["peak"]["year"])
        )
        value = float(doc.xpath(f"{row}//*[@data-value]/@data-value")[0])
        assert value == pytest.approx(api["peak"]["value_t"])
        p = float(doc.xpath(f"{row}//*[@data-p]/@data-p")[0])
        assert p == pytest.approx(api["montecarlo"]["p_peak_by_2030"])


def test_scenario_page_equals_the_api(
    client: TestClient, login_as: Callable[..., str], demo_inventory: str
) -> None:
    login_as("viewer")
    page = client.get("/scenarios/plan?metric=regional_energy_co2")
    assert page.status_code == 200, page.text
    doc = tree(page.text)
    api = _api_run(client, "plan", "regional_energy_co2")

    def figure(key: str) -> float:
        return float(doc.xpath(f"//*[@data-figure='{key}']//*[@data-value]/@data-value")[0])

    assert figure("peak-year") == api["peak"]["year"]
    assert figure("peak-value") == pytest.approx(api["peak"]["value_t"])
    assert figure("p-peak-2030") == pytest.approx(api["montecarlo"]["p_peak_by_2030"])
    assert len(doc.xpath("//table[@data-testid='scenario-targets']/tbody/tr")) == len(
        api["targets"]
    )
    assert client.get("/scenarios/no-such-scenario").status_code == 404
    assert client.get("/scenarios?metric=bogus").status_code == 422


def test_overview_projection_equals_the_api(
    client: TestClient, login_as: Callable[..., str], demo_inventory: str
) -> None:
    login_as("viewer")
    doc = tree(client.get("/").text)
    api = _api_run(client, scenario_view.OVERVIEW_SCENARIO)
    shown = doc.xpath("//*[@data-figure='projected-peak']//*[@data-value]/@data-value")
    assert shown == [str(api["peaks"]["territorial"]["year"])]
    p = float(doc.xpath("//*[@data-figure='projected-peak']//*[@data-p]/@data-p")[0])
    assert p == pytest.approx(api["montecarlo"]["p_peak_by_2030"])


def test_scenario_page_says_what_it_means(
    client: TestClient, login_as: Callable[..., str], demo_inventory: str
) -> None:
    login_as("viewer")
    page = client.get("/scenarios/plan")
    assert page.status_code == 200, page.text
    doc = tree(page.text)
    summary = doc.xpath("//*[@data-testid='scenario-summary']")[0].text_content()
    assert "2030" in summary and "%" in summary
    totals = doc.xpath("//table[@data-testid='peak-probabilities']//tbody/tr")
    assert len(totals) == 2  # territorial and regional energy CO2
    assert len(doc.xpath("//table[@data-testid='sobol']//tbody/tr")) == 5
    # issue 11.7: which fuel's CO2 factor is drawn from its IPCC 2006 Table 1.4 range, which
    # from the co2_factor fallback
    rows = {
        r.xpath("th")[0].text_content(): [td.text_content() for td in r.xpath("td")]
        for r in doc.xpath("//table[@data-testid='factor-draws']//tbody/tr")
    }
    assert rows["diesel"][0] == "co2_factor_diesel" and "Table 1.4" in rows["diesel"][2]
    assert rows["raw_coal"][0] == "co2_factor" and "Liu et al. 2015" in rows["raw_coal"][2]


def test_cockpit_and_overview_say_what_the_plan_scenario_means(
    client: TestClient, login_as: Callable[..., str], demo_inventory: str
) -> None:
    """The leaders see the same sentence as the scenario page: the probability of peaking by
    2030 for both totals, and (with Sobol indices) the main uncertainty drivers."""
    login_as("viewer")
    run = scenario_view.run(
        scenario_view.base(_picked(demo_inventory)),
        scenario_view.OVERVIEW_SCENARIO,
        metric="territorial",
        sobol_n=scenario_view.SOBOL_N,
    )
    p_terr = run.montecarlo.p_peak_by["territorial"]["2030"]
    p_energy = run.montecarlo.p_peak_by["regional_energy_co2"]["2030"]
    for url in ("/cockpit", "/"):
        page = client.get(url)
        assert page.status_code == 200, page.text
        found = tree(page.text).xpath("//*[@data-testid='scenario-summary']")
        assert found, url
        text = found[0].text_content()
        assert f"{p_terr * 100:.0f}%（辖区排放）" in text
        assert f"{p_energy * 100:.0f}%（能源活动排放）" in text
        assert "主要不确定因素" in text  # the drivers (Sobol) are named


def _picked(url: str) -> Any:
    with session_scope(url) as db:
        return choose(db, None, None)
