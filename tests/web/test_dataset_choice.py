"""Datasets chosen, never guessed (数据集与版本): after the README's
``carbonpeak inventory import 平衡表.xlsx -d city --energy-balance -r 520200 -y 2022`` the pages
keep showing the demo dataset (the CLI too), the scenario page still works, a page can show
another dataset on request (``?dataset=``), and an administrator's city default is what both
the pages and the command line use.

Data: the bundled plan, the demo activity dataset and the one-year energy balance of
``tests/inventory/test_energy_balance.py`` imported through the CLI.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from carbonpeak.core.settings import get_settings
from carbonpeak.db.session import session_scope
from carbonpeak.inventory.cli import app
from carbonpeak.inventory.demo.dataset import DEMO_DATASET
from carbonpeak.inventory.demo.service import load_demo_activity
from tests.inventory.test_energy_balance import BODY, workbook
from tests.web.conftest import csrf_of, login, tree

runner = CliRunner()


@pytest.fixture
def two_datasets(plan_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with session_scope(plan_db) as db:
        load_demo_activity(db_session=db)
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", plan_db)
    get_settings.cache_clear()
    sheet = tmp_path / "平衡表.xlsx"
    sheet.write_bytes(workbook(BODY))
    args = ["import", str(sheet), "-d", "city", "--energy-balance", "-r", "520200", "-y", "2022"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    try:
        yield plan_db
    finally:
        get_settings.cache_clear()


def _cli(*args: str) -> dict[str, object]:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.output)


def _status(page: str) -> tuple[str, str]:
    (node,) = tree(page).xpath("//*[@data-testid='dataset-status']")
    return node.get("data-dataset"), node.get("data-reason")


def test_an_import_does_not_take_over_the_pages(
    client: TestClient, login_as: Callable[..., str], two_datasets: str
) -> None:
    login_as("viewer")
    for path in ("/", "/inventory", "/scenarios"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert _status(page.text) == (DEMO_DATASET, "demo"), path
    assert _cli("default") == {"dataset": DEMO_DATASET, "version": None, "reason": "demo"}
    assert _cli("show")["dataset"] == DEMO_DATASET  # the CLI uses the same one

    # Another dataset on request: the inventory shows it; the scenarios say why they cannot.
    page = client.get("/inventory", params={"dataset": "city"})
    assert _status(page.text) == ("city", "asked")
    assert tree(page.text).xpath("//select[@id='f-dataset']/option[@selected]/@value") == ["city"]
    scenarios = client.get("/scenarios", params={"dataset": "city"})
    assert scenarios.status_code == 200
    assert tree(scenarios.text).xpath("//*[@data-testid='base-problem']")
    assert not tree(page.text).xpath("//*[@data-testid='set-default']")  # viewers cannot


def test_the_city_default_is_set_by_an_admin(
    client: TestClient, login_as: Callable[..., str], two_datasets: str
) -> None:
    viewer = login_as("viewer")
    page = client.get("/inventory", params={"dataset": "city"}).text
    refused = client.post(
        "/inventory/default", data={"dataset": "city", "csrf_token": csrf_of(page)}
    )
    assert refused.status_code == 403

    login_as("admin")
    page = client.get("/inventory", params={"dataset": "city", "version": "1"}).text
    form = tree(page).xpath("//button[@data-testid='set-default']/ancestor::form")[0]
    fields = {i.get("name"): i.get("value") for i in form.xpath(".//input")}
    assert fields["dataset"] == "city" and fields["version"] == "1"
    done = client.post("/inventory/default", data=fields, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/inventory?")

    assert _cli("default") == {"dataset": "city", "version": 1, "reason": "default"}
    assert _cli("show")["dataset"] == "city"
    login(client, viewer)
    home = client.get("/")
    assert home.status_code == 200 and _status(home.text) == ("city", "default")
    # The overview's figures now come from the one-year balance: its only year, 2022.
    assert "2022" in tree(home.text).xpath("//*[@id='h-figures']")[0].text_content()
    # The demo stays one click away, and the scenario page still answers.
    assert _status(client.get("/", params={"dataset": DEMO_DATASET}).text)[1] == "asked"
    assert client.get("/scenarios").status_code == 200
