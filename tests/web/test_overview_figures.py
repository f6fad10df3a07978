"""The overview's emission and energy figures equal the inventory's, for a small dataset
written for the test, and its goals are the plan's own headline targets.

Each district of 六盘水 burns 1 万吨 raw coal in 2005 and 2 万吨 in 2020 (1.A.2.a), with a GDP
of 10 亿元 in 2005 and 40 亿元 in 2020 (constant 2020 prices). Default factor 1.9003 tCO2/t:
  city CO2 2020     = 4 × 20,000 t × 1.9003            = 152,024 t
  CO2 intensity     2005: 4 × 19,003 / 400,000 万元     = 0.19003 t/万元
                    2020: 152,024 / 1,600,000 万元      = 0.095015 t/万元
  change vs 2005    = 0.095015 / 0.19003 − 1           = −50 %
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from carbonpeak.db.session import session_scope
from carbonpeak.inventory.accounting.indicators import indicators
from carbonpeak.inventory.activity import service as inventory_service
from tests.web.conftest import tree

DISTRICTS = ("520201", "520203", "520204", "520281")


def _csv() -> bytes:
    lines = ["region,year,sector,fuel,quantity,unit,source"]
    for code in DISTRICTS:
        for year, coal, gdp in ((2005, 1, 10), (2020, 2, 40)):
            lines.append(f"{code},{year},1.A.2.a,raw_coal,{coal},万吨,test")
            lines.append(f"{code},{year},,gdp@2020,{gdp},亿元,test")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def with_inventory(plan_db: str) -> str:
    with session_scope(plan_db) as db:
        inventory_service.import_activity(
            db_session=db, name="city-stats", data=_csv(), filename="t.csv", actor="test"
        )
    return plan_db


def _figure(doc: object, key: str) -> float:
    (value,) = doc.xpath(f"//*[@data-figure='{key}']//*[@data-value]/@data-value")  # type: ignore[attr-defined]
    return float(value)


def test_overview_figures_equal_the_inventory(
    client: TestClient, login_as: Callable[..., str], with_inventory: str
) -> None:
    login_as("viewer")
    doc = tree(client.get("/").text)
    assert _figure(doc, "regional_energy_co2") == pytest.approx(4 * 20_000 * 1.9003)
    assert _figure(doc, "territorial") == pytest.approx(4 * 20_000 * 1.9003)
    assert _figure(doc, "co2_intensity_change") == pytest.approx(-50.0)
    with session_scope(with_inventory) as db:
        inv = inventory_service.compute(db_session=db, dataset="city-stats").inventory
    table = indicators(inv, "520200", 2020)
    energy = table.get("energy_intensity", "coal_equivalent")
    assert _figure(doc, "energy_intensity") == pytest.approx(energy.value)  # type: ignore[union-attr]
    share = table.get("nonfossil_share", "coal_equivalent")
    assert _figure(doc, "nonfossil_share") == pytest.approx(share.value)  # type: ignore[union-attr]
    assert not doc.xpath("//*[@data-testid='illustrative']")
    # the overview says for how many years the GDP behind its intensity figures is published:
    # both years here (source "test", not marked illustrative)
    (line,) = doc.xpath("//*[@data-testid='gdp-published']")
    assert (line.get("data-published"), line.get("data-years")) == ("2", "2")


def test_goal_lines_are_the_plans_targets(
    client: TestClient, login_as: Callable[..., str], with_inventory: str
) -> None:
    login_as("viewer")
    doc = tree(client.get("/").text)
    spec = json.loads(doc.xpath("//*[@id='chart-co2-intensity']/@data-chart")[0])
    # 单位地区生产总值二氧化碳排放 down 65 % against 2005 by 2030 (target 1.3:t4 of the plan);
    # one sign convention: a decrease is drawn and written as its positive amount (下降 65 %).
    assert [line["y"] for line in spec["lines"]] == [65.0]
    assert spec["series"][0]["x"] == [2005, 2020]
    assert spec["series"][0]["y"] == [0.0, 50.0]
    card = doc.xpath("//*[@data-figure='co2_intensity_change']")[0].text_content()
    assert "下降 65" in card and "−" not in card and "-50" not in card
    share = json.loads(doc.xpath("//*[@id='chart-nonfossil']/@data-chart")[0])
    assert sorted(line["y"] for line in share["lines"]) == [20.0, 21.6, 25.0]
    districts = json.loads(doc.xpath("//*[@id='chart-districts']/@data-chart")[0])
    assert districts["series"][0]["x"] == ["钟山区", "六枝特区", "水城区", "盘州市"]
    assert districts["series"][0]["y"] == [3.8, 3.8, 3.8, 3.8]  # 38,006 t = 3.8006 万吨 → 3.8


def test_overview_without_inventory_says_so(
    client: TestClient, login_as: Callable[..., str]
) -> None:
    login_as("viewer")
    doc = tree(client.get("/").text)
    assert doc.xpath("//*[@data-testid='no-inventory']")
    assert not doc.xpath("//*[@data-figure]")
