"""The published-statistics page: the values of a region with their sources (both versions of
a revised figure), the city against the sum of its districts, in Chinese and in English.

Test data (written here): 六盘水市 GDP 2020 = 1340.00 亿元; its districts 钟山区 500.00,
六枝特区 133.64 (初步核算) revised to 133.70, 水城县 (as published; today 水城区) 300.00,
盘州市 400.00. Both 六枝特区 rows are shown, the first marked superseded; the sum uses the
revision: 500 + 133.70 + 300 + 400 = 1333.70, city minus sum = +6.30 (by hand).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from carbonpeak.db.session import session_scope
from carbonpeak.inventory import demo_activity, load_demo_activity
from carbonpeak.statistics import import_bundled, import_values
from carbonpeak.web.stats_view import (
    ACTIVITY,
    ECONOMY,
    SCENARIO,
    TRACKING,
    demo_input_share,
    output_pairs,
    reference_pairs,
)
from tests.web.conftest import csrf_of, tree

HEAD = (
    "region,year,indicator,name_as_published,value,unit,status,"
    "publisher,title,published,url,section\n"
)
SRC = "某统计局,2020年统计公报,2021-04-01,https://example.org/gb2020,一、综合"
ROWS = [
    ("六盘水市", "1340.00", "初步核算"),
    ("钟山区", "500.00", "初步核算"),
    ("六枝特区", "133.64", "初步核算"),
    ("水城县", "300.00", "初步核算"),
    ("盘州市", "400.00", "初步核算"),
    ("六枝特区", "133.70", "修订"),
]


def _load(db_url: str) -> None:
    body = HEAD + "".join(
        f"{region},2020,gdp,地区生产总值,{value},亿元,{status},{SRC}\n"
        for region, value, status in ROWS
    )
    with session_scope(db_url) as db:
        import_values(db_session=db, data=body.encode(), filename="t.csv", actor="test")


def test_values_sources_versions_and_the_district_sum(
    client: TestClient, login_as: Callable[..., str], plan_db: str
) -> None:
    _load(plan_db)
    login_as("viewer")
    page = client.get("/stats", params={"region": "六枝特区"})
    assert page.status_code == 200
    doc = tree(page.text)
    rows = doc.xpath("//table[@data-testid='stats-values']/tbody/tr")
    texts = [" ".join(r.text_content().split()) for r in rows]
    assert len(texts) == 2
    assert "133.64 亿元" in texts[0] and "已被取代" in texts[0]
    assert "133.7 亿元" in texts[1] and "修订" in texts[1] and "2020年统计公报" in texts[1]
    (pair,) = doc.xpath("//table[@data-testid='stats-reconcile']/tbody/tr")
    cells = [" ".join(c.text_content().split()) for c in pair.xpath("td")]
    assert cells[1:5] == [
        "2020",
        "市 city: 1340.00",
        "区县合计 district sum: 1333.70",
        "+6.30 亿元",
    ]
    assert "统计公报数据" in page.text
    form = {"lang": "en", "next": "/stats", "csrf_token": csrf_of(page.text)}
    assert client.post("/lang", data=form, follow_redirects=False).status_code == 303
    english = client.get("/stats")
    assert (
        "Published statistics" in english.text
        and "City against the sum of its districts" in english.text
    )


def test_the_published_share_of_the_demo_inputs(db_session: Session) -> None:
    """After the bundled statistics and the demo activity are loaded: of the demo's 160 GDP and
    population records (4 districts × 20 years × 2), 10 are published (钟山区 population 2018,
    2019, 2021-2023; 盘州市 population 2016 and 2021; 六枝特区 population 2013, GDP 2019 derived
    and 2020), and 8 records of the city's own are added, all published (GDP at 2020 prices
    2018-2023, population 2015 and 2016); the other activity records are all invented; the
    scenarios' 2020 base-year GDP is published."""
    import_bundled(db_session=db_session)
    load_demo_activity(db_session=db_session)
    db_session.flush()
    rows = {
        r.group: (r.published, r.illustrative, r.unsourced) for r in demo_input_share(db_session)
    }
    assert rows[ECONOMY] == (10 + 8, 150, 0)
    assert rows[ACTIVITY][0] == 0 and rows[ACTIVITY][1] > 3000
    assert rows[TRACKING] == (0, 0, 0)
    assert rows[SCENARIO] == (1, 0, 0)
    assert rows["total"] == (19, 150 + rows[ACTIVITY][1], 0)
    # CEADs city against the Chen et al. county sum (bundled extracts): 1.6-2.5 times for
    # 2008-2015, below the county sum in 2016-2017; 2012: 90.30 against 37.12 Mt
    found = {p.year: p for p in reference_pairs(db_session)}
    assert all(1.6 < (found[y].ratio or 0) < 2.5 for y in range(2008, 2016))
    assert all((found[y].ratio or 9) < 1 for y in (2016, 2017))
    assert (round(found[2012].left or 0, 2), round(found[2012].right or 0, 2)) == (90.30, 37.12)
    assert found[2005].left is None and found[2005].difference is None  # CEADs city from 2008


def test_a_published_output_is_shown_against_the_demo_activity(db_session: Session) -> None:
    import_bundled(db_session=db_session)
    load_demo_activity(db_session=db_session)
    steel = (
        "region,year,indicator,name_as_published,value,unit,status,"
        "publisher,title,published,url,section\n"
        "六盘水市,2020,output_crude_steel,粗钢,500,万吨,preliminary,"
        "某统计局,2020年统计公报,2021,https://example.org,三、工业\n"
    )
    import_values(db_session=db_session, data=steel.encode(), filename="s.csv", actor="t")
    (pair,) = output_pairs(db_session)
    # the demo's crude steel of 2020 (钟山区 only), in 万吨, summed from its records here
    demo = sum(
        abs(r.quantity.to("t").magnitude) / 1e4
        for r in demo_activity()
        if r.fuel == "crude_steel" and r.year == 2020
    )
    assert (pair.left, pair.right) == (500.0, pytest.approx(demo))
    assert pair.difference == pytest.approx(500.0 - demo)


def test_the_inventory_page_shows_the_published_figures_of_its_region_and_year(
    client: TestClient, login_as: Callable[..., str], plan_db: str
) -> None:
    with session_scope(plan_db) as db:
        import_bundled(db_session=db)
        load_demo_activity(db_session=db)
    login_as("viewer")
    query = {"dataset": "liupanshui-demo-illustrative", "region": "520200", "year": "2020"}
    page = client.get("/inventory", params=query)
    assert page.status_code == 200
    (box,) = tree(page.text).xpath("//section[@data-testid='inventory-published']")
    text = " ".join(box.text_content().split())
    assert "1339.62 亿元" in text and "贵州统计年鉴(2021)" in text  # current version: the yearbook
    assert "3031602 人" in text  # the 7th census, 2020
    # its current version is the census yearbook's (2022, after the 2021 provincial bulletin)
    assert "中国人口普查分县资料—2020" in text
    # a district of the same year: its census figure with the yearbook as its source
    query["region"] = "520203"
    page = client.get("/inventory", params=query)
    assert page.status_code == 200
    (box,) = tree(page.text).xpath("//section[@data-testid='inventory-published']")
    text = " ".join(box.text_content().split())
    assert "536873 人" in text and "中国人口普查分县资料—2020" in text
