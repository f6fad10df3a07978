"""Published product outputs against the activity data: the pure comparison (hand arithmetic),
``carbonpeak inventory reconcile-outputs`` and ``GET /api/v1/inventory/reconcile-outputs``."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from carbonpeak.cli import app
from carbonpeak.core.errors import InputError
from carbonpeak.core.settings import get_settings
from carbonpeak.core.units import quantity
from carbonpeak.db.session import session_scope
from carbonpeak.inventory import (
    ActivityRecord,
    activity_amounts,
    output_pairs,
    reconcile_outputs,
)
from carbonpeak.inventory.activity import service as activity
from carbonpeak.statistics import PublishedValue, Source, import_values

SRC = Source("六盘水市统计局", "测试公报", "2021-04-01", "https://example.org/t", "三、工业")
HEADER = (
    "region,year,indicator,name_as_published,value,unit,status,"
    "publisher,title,published,url,section\n"
)
PUBLISHED = (
    HEADER
    + "六盘水市,2020,output_crude_steel,粗钢产量,400,万吨,初步核算,"
    + "六盘水市统计局,测试公报,2021-04-01,https://example.org/t,三、工业\n"
    + "钟山区,2020,output_electricity,发电量,10,亿千瓦时,初步核算,"
    + "钟山区统计局,测试公报,2021-04-01,https://example.org/z,三、工业\n"
    + "贵州省,2020,output_crude_steel,粗钢产量,4000,万吨,初步核算,"
    + "贵州省统计局,测试公报,2021-04-01,https://example.org/g,三、工业\n"
)
ACTIVITY = (
    "region,year,sector,fuel,quantity,unit,source,note\n"
    "520201,2020,,crude_steel,300,万吨,test,\n"
    "520204,2020,,crude_steel,50,万吨,test,\n"
    "520201,2020,,electricity_generated_thermal,80000,万千瓦时,test,\n"
    "520201,2020,,electricity_generated_hydro,10000,万千瓦时,test,\n"
    "520201,2020,生活消费,raw_coal,1,万吨,test,\n"
).encode()
runner = CliRunner()


def _value(region: str, indicator: str, value: float, unit: str) -> PublishedValue:
    return PublishedValue(
        region=region,
        region_as_published=region,
        year=2020,
        indicator=indicator,
        name_as_published=indicator,
        value=value,
        unit=unit,
        status="preliminary",
        source=SRC,
    )


def _rec(region: str, fuel: str, amount: float, unit: str) -> ActivityRecord:
    return ActivityRecord(region, 2020, "", fuel, quantity(amount, unit))


def test_the_city_is_the_sum_of_its_districts_and_units_follow_the_catalogue() -> None:
    records = [
        _rec("520201", "crude_steel", 300, "万吨"),
        _rec("520204", "crude_steel", 50, "万吨"),
        _rec("520201", "electricity_generated_thermal", 80000, "万千瓦时"),
        _rec("520201", "electricity_generated_hydro", 10000, "万千瓦时"),
        _rec("520201", "raw_coal", 1, "万吨"),  # a fuel, not a product: not counted
    ]
    amounts = activity_amounts(records)
    published = [
        _value("520200", "output_crude_steel", 400, "万吨"),
        _value("520201", "output_electricity", 10, "亿千瓦时"),
        _value("520201", "output_crude_steel", 3000000, "t"),
        _value("520000", "output_crude_steel", 4000, "万吨"),  # the province: no activity data
        _value("520203", "output_pig_iron", 20, "万吨"),  # no pig iron in the activity data
    ]
    found = output_pairs(published, amounts, activity_label="activity")
    got = {(p.topic, p.left, None if p.right is None else round(p.right, 6)) for p in found}
    assert got == {
        ("粗钢产量 520200", 400.0, 350.0),  # 300 + 50, both districts
        ("粗钢产量 520201", 300.0, 300.0),  # 3,000,000 t in 万吨
        ("发电量 520201", 10.0, 9.0),  # 9 亿 kWh: thermal + hydro
        ("生铁产量 520203", 20.0, None),  # shown, with no activity side
    }
    city = next(p for p in found if p.topic == "粗钢产量 520200")
    assert city.difference == pytest.approx(50.0)
    assert city.ratio == pytest.approx(400 / 350)
    assert city.note == SRC.line and city.right_label == "activity"
    only = output_pairs(published, amounts, activity_label="a", region="520201", year=2020)
    assert {p.topic for p in only} == {"粗钢产量 520201", "发电量 520201"}
    assert output_pairs(published, amounts, activity_label="a", year=2019) == []


def _load(db_url: str) -> None:
    with session_scope(db_url) as db:
        import_values(db_session=db, data=PUBLISHED.encode(), filename="p.csv", actor="t")
        activity.import_activity(
            db_session=db, name="city", data=ACTIVITY, filename="a.csv", actor="t"
        )


def test_the_service_reads_the_named_dataset_and_the_current_values(db_url: str) -> None:
    _load(db_url)
    with session_scope(db_url) as db:
        found = reconcile_outputs(db_session=db)  # the only dataset stored
    assert (found.dataset, found.version) == ("city", 1)
    assert [(p.topic, p.left, round(p.right or 0, 6)) for p in found.pairs] == [
        ("粗钢产量 520200", 400.0, 350.0),
        ("发电量 520201", 10.0, 9.0),
    ]
    assert found.pairs[0].right_label == "activity data 活动数据 city v1"


@pytest.fixture
def cli_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    get_settings.cache_clear()
    try:
        yield db_url
    finally:
        get_settings.cache_clear()


def test_cli_table_json_and_a_bad_region(cli_db: str) -> None:
    empty = runner.invoke(app, ["inventory", "reconcile-outputs"])
    assert empty.exit_code == 0, empty.output
    assert "no published product output" in empty.output
    _load(cli_db)
    shown = runner.invoke(app, ["inventory", "reconcile-outputs", "--dataset", "city"])
    assert shown.exit_code == 0, shown.output
    assert "粗钢产量 520200" in shown.output and "+50.00" in shown.output
    as_json = runner.invoke(app, ["inventory", "reconcile-outputs", "-r", "钟山区", "--json"])
    data = json.loads(as_json.output)
    assert data["dataset"] == "city"
    assert [(p["topic"], p["left"], round(p["difference"], 6)) for p in data["pairs"]] == [
        ("发电量 520201", 10.0, 1.0)
    ]
    bad = runner.invoke(app, ["inventory", "reconcile-outputs", "-r", "nowhere"])
    assert isinstance(bad.exception, InputError)


def test_api_needs_a_login_and_says_what_is_wrong(
    client: TestClient, db_url: str, make_user: Callable[..., str]
) -> None:
    _load(db_url)
    url = "/api/v1/inventory/reconcile-outputs"
    assert client.get(url).status_code == 401
    headers = {"Authorization": f"Bearer {make_user('viewer')}"}
    body = client.get(url, params={"year": 2020}, headers=headers).json()
    assert body["dataset"] == "city"
    assert [(p["topic"], p["left"], round(p["right"], 6)) for p in body["pairs"]] == [
        ("粗钢产量 520200", 400.0, 350.0),
        ("发电量 520201", 10.0, 9.0),
    ]
    assert client.get(url, params={"region": "nowhere"}, headers=headers).status_code in (
        400,
        422,
    )
    missing = client.get(url, params={"dataset": "nope"}, headers=headers)
    assert missing.status_code == 404
