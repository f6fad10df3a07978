"""The inventory page and the trace of a number: what they show equals the inventory service's
numbers, computed here by hand for a small dataset written for the test.

Dataset (tidy CSV): each of the four districts of 六盘水 burns 1 万吨 raw coal in 1.A.2.a in
2005 and 2 万吨 in 2020. With the default raw-coal factor 1.9003 tCO2/t (the provincial
guideline's), a district emits 10,000 × 1.9003 = 19,003 t CO2 in 2005 and 38,006 t in 2020;
the city (no figures of its own) is the sum: 4 × 38,006 = 152,024 t in 2020.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from carbonpeak.db.session import session_scope
from carbonpeak.inventory.activity import service as inventory_service
from carbonpeak.inventory.reference import service as reference_service
from tests.web.conftest import tree

DISTRICTS = ("520201", "520203", "520204", "520281")
COMPARED = ("ceads-city", "chen2020-county")
HEADER = "region,year,sector,fuel,quantity,unit,source\n"


def _csv() -> bytes:
    lines = [
        f"{code},{year},1.A.2.a,raw_coal,{amount},万吨,written for the test\n"
        for code in DISTRICTS
        for year, amount in ((2005, 1), (2020, 2))
    ]
    return (HEADER + "".join(lines)).encode()


@pytest.fixture
def inventory_db(plan_db: str) -> Callable[[str], str]:
    """``load(name)``: the test dataset stored under ``name``; references imported."""

    def load(name: str) -> str:
        with session_scope(plan_db) as db:
            inventory_service.import_activity(
                db_session=db, name=name, data=_csv(), filename="test.csv", actor="test"
            )
            if not reference_service.list_datasets(db_session=db):
                reference_service.import_reference(db_session=db, actor="test")
        return name

    return load


def _value(doc: object, xpath: str) -> float:
    found = doc.xpath(xpath)  # type: ignore[attr-defined]
    assert len(found) == 1, f"{len(found)} elements at {xpath}"
    return float(found[0].get("data-value"))


def test_no_dataset_says_how_to_import(client: TestClient, login_as: Callable[..., str]) -> None:
    login_as("viewer")
    page = client.get("/inventory")
    assert page.status_code == 200
    doc = tree(page.text)
    assert doc.xpath("//*[@data-testid='no-inventory']")
    assert "carbonpeak inventory import" in page.text
    assert not doc.xpath("//*[@data-testid='under-construction']")


def test_totals_tables_and_districts(
    client: TestClient,
    login_as: Callable[..., str],
    inventory_db: Callable[[str], str],
    plan_db: str,
) -> None:
    name = inventory_db("city-stats")
    login_as("viewer")
    doc = tree(client.get("/inventory").text)
    # Default: the city (520200) in the latest year.
    assert doc.xpath("//select[@id='f-region']/option[@selected]/@value") == ["520200"]
    assert doc.xpath("//select[@id='f-year']/option[@selected]/@value") == ["2020"]
    # The accounting method is stated, beside every headline total too.
    assert doc.xpath("//*[@data-testid='method']")[0].text_content() == "provincial-2011"
    assert doc.xpath("//*[@data-total]//*[@data-method='provincial-2011']")
    # ... and beside the table of all named totals
    assert doc.xpath("//table[@data-testid='totals']/caption/*[@data-method='provincial-2011']")
    # Not demo data: no illustrative label.
    assert not doc.xpath("//*[@data-testid='illustrative']")
    city_2020 = 4 * 20_000 * 1.9003  # 152,024 t
    totals = "//table[@data-testid='totals']//tr[@data-total='territorial']//a"
    assert _value(doc, totals) == pytest.approx(city_2020)
    cell = "//table[@data-testid='by-sector']//tr[@data-category='1.A.2.a']//a[@data-gas='CO2']"
    assert _value(doc, cell) == pytest.approx(city_2020)
    gas = "//table[@data-testid='by-gas']//tr[@data-gas='CO2']/td[@data-value]"
    assert _value(doc, gas) == pytest.approx(city_2020)
    fuel = (
        "//table[@data-testid='by-fuel']//tr[@data-fuel='raw_coal'][@data-gas='CO2']"
        "/td[@data-value]"
    )
    assert _value(doc, fuel) == pytest.approx(city_2020)
    # Districts side by side: each 38,006 t; the city has no figure of its own.
    for code in DISTRICTS:
        path = (
            f"//table[@data-testid='districts']//tr[@data-region='{code}']"
            "//*[@data-total='territorial']"
        )
        assert _value(doc, path) == pytest.approx(20_000 * 1.9003)
    # The same numbers as the service.
    with session_scope(plan_db) as db:
        inv = inventory_service.compute(db_session=db, dataset=name).inventory
    assert inv.totals[("520200", 2020)].value("territorial") == pytest.approx(city_2020)


def test_another_region_and_year(
    client: TestClient, login_as: Callable[..., str], inventory_db: Callable[[str], str]
) -> None:
    inventory_db("city-stats")
    login_as("viewer")
    doc = tree(client.get("/inventory?region=520203&year=2005").text)
    totals = "//table[@data-testid='totals']//tr[@data-total='territorial']//a"
    assert _value(doc, totals) == pytest.approx(10_000 * 1.9003)
    assert not doc.xpath("//table[@data-testid='districts']")  # a district has no districts


def test_comparison_with_references(
    client: TestClient,
    login_as: Callable[..., str],
    inventory_db: Callable[[str], str],
    plan_db: str,
) -> None:
    inventory_db("city-stats")
    login_as("viewer")
    doc = tree(client.get("/inventory").text)
    # Both published series cover 六盘水: each is compared on its own (never averaged).
    tables = {key: doc.xpath(f"//table[@data-testid='compare-{key}']") for key in COMPARED}
    assert all(tables.values()), tables
    chen = tables["chen2020-county"][0].xpath(".//tr[@data-year='2005']")[0]
    assert float(chen.xpath(".//*[@data-platform]/@data-platform")[0]) == pytest.approx(
        4 * 19_003 / 1e6  # Mt CO2
    )
    with session_scope(plan_db) as db:
        series = reference_service.region_series(
            db_session=db, dataset="chen2020-county", region="520200"
        )
    expected = dict(series.points)[2005]
    assert float(chen.xpath(".//*[@data-reference]/@data-reference")[0]) == pytest.approx(expected)


def test_trace_of_a_cell(
    client: TestClient, login_as: Callable[..., str], inventory_db: Callable[[str], str]
) -> None:
    inventory_db("city-stats")
    login_as("viewer")
    doc = tree(client.get("/inventory").text)
    href = doc.xpath(
        "//table[@data-testid='by-sector']//tr[@data-category='1.A.2.a']//a[@data-gas='CO2']/@href"
    )[0]
    page = client.get(href)
    assert page.status_code == 200
    trace = tree(page.text)
    assert float(trace.xpath("//*[@data-testid='trace']//*[@data-value]/@data-value")[0]) == (
        pytest.approx(4 * 20_000 * 1.9003)
    )
    assert int(trace.xpath("//*[@data-metric='terms']")[0].text_content()) == 4
    assert trace.xpath("//tr[@data-factor='cn_provincial_guideline_2011/raw_coal/carbon_content']")
    assert "省级温室气体清单编制指南" in page.text  # the factor's source
    # An unknown cell is a 404 page, not a traceback.
    missing = client.get(
        "/inventory/trace?dataset=city-stats&region=520200&year=2020&item=9.Z&gas=CO2"
    )
    assert missing.status_code == 404


def test_illustrative_dataset_is_labelled(
    client: TestClient, login_as: Callable[..., str], inventory_db: Callable[[str], str]
) -> None:
    inventory_db("city-demo-illustrative")
    login_as("viewer")
    doc = tree(client.get("/inventory").text)
    assert doc.xpath("//*[@data-testid='illustrative']")
    href = doc.xpath("//table[@data-testid='totals']//a/@href")[0]
    assert tree(client.get(href).text).xpath("//*[@data-testid='illustrative']")


def test_real_data_comes_before_the_demo(
    client: TestClient, login_as: Callable[..., str], inventory_db: Callable[[str], str]
) -> None:
    inventory_db("a-demo-illustrative")
    inventory_db("z-city-stats")
    login_as("viewer")
    doc = tree(client.get("/inventory").text)
    assert doc.xpath("//select[@id='f-dataset']/option[@selected]/@value") == ["z-city-stats"]
    assert not doc.xpath("//*[@data-testid='illustrative']")


def test_inventory_page_recomputes_under_the_method_chosen(
    client: TestClient, login_as: Callable[..., str], inventory_db: Callable[[str], str]
) -> None:
    """The method selector: ipcc-2006 recomputes the stored dataset under IPCC defaults and
    says so beside the totals; the default view shows the stored method; an unknown method
    is a 4xx naming it."""
    name = inventory_db("methods")
    login_as("viewer")
    stored = tree(client.get("/inventory", params={"dataset": name}).text)
    assert stored.xpath("//*[@data-testid='method']")[0].text_content() == "provincial-2011"
    names = stored.xpath("//select[@data-testid='method-select']/option/@value")
    assert {"provincial-2011", "ndrc-enterprise", "ipcc-2006", "ceads"} <= set(names)
    page = client.get("/inventory", params={"dataset": name, "method": "ipcc-2006"})
    assert page.status_code == 200, page.text
    doc = tree(page.text)
    assert doc.xpath("//*[@data-testid='method']")[0].text_content() == "ipcc-2006"
    chosen = doc.xpath("//select[@data-testid='method-select']/option[@selected]/@value")
    assert chosen == ["ipcc-2006"]
    bad = client.get("/inventory", params={"dataset": name, "method": "nope"})
    assert 400 <= bad.status_code < 500 and "nope" in bad.text


def test_a_grid_factor_fallback_is_shown_on_the_page_and_in_the_trace(
    client: TestClient, login_as: Callable[..., str], plan_db: str
) -> None:
    """Issue 11 point 3: a fallback of the grid-factor rule is named on the inventory page and in
    the trace of the number. 钟山区 (520201) uses 1 亿千瓦时 = 100,000 MWh in 2023; MEE/NBS
    publish no Guizhou 2023 factor (factors/data/cn_grid_factors.csv), so the southern grid's
    2023 factor 0.4042 tCO2/MWh applies: 100,000 × 0.4042 = 40,420 t, and both say why."""
    csv = HEADER + "520201,2023,城镇居民,电力,1,亿千瓦时,written for the test\n"
    with session_scope(plan_db) as db:
        inventory_service.import_activity(
            db_session=db, name="grid", data=csv.encode(), filename="g.csv", actor="test"
        )
    login_as("viewer")
    page = client.get("/inventory", params={"dataset": "grid", "region": "520201"})
    assert page.status_code == 200, page.text
    doc = tree(page.text)
    notes = " ".join(doc.xpath("//*[@data-testid='method-notes']//li//text()"))
    # the page shows the note in the reader's language (zh by default): the factor record named
    assert (
        "2023年无省级（520000）因子" in notes
        and "cn_grid_factors/electricity/grid_factor/CN-South/2023" in notes
    )
    scope2 = "//table[@data-testid='totals']//tr[@data-total='scope2']//a"
    assert _value(doc, scope2) == pytest.approx(100_000 * 0.4042)
    href = doc.xpath(f"{scope2}/@href")[0]
    trace = client.get(href)
    assert trace.status_code == 200
    assert "2023年无省级（520000）因子" in trace.text  # the note, as on the page
    assert "cn_grid_factors/electricity/grid_factor/CN-South/2023" in trace.text
