"""Every page, in Chinese and in English, over the whole demo (``carbonpeak demo``'s data:
plan, illustrative inventory, tracking and a week of monitoring readings): each answers 200,
says where its numbers are illustrative, and has no untranslated placeholder left."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from carbonpeak.bootstrap import load_demo
from carbonpeak.web.app import create_app
from tests.web.conftest import csrf_of, login, tree


@pytest.fixture
def demo_client(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("CARBONPEAK_DEMO_MONITORING_DAYS", "7")
    load_demo(url=db_url)
    with TestClient(create_app(database_url=db_url)) as client:
        yield client


def _pages(client: TestClient) -> list[str]:
    home = tree(client.get("/").text)
    pages = [str(h) for h in home.xpath("//nav[@class='sidenav']//a/@href")]
    inventory = tree(client.get("/inventory").text)
    pages += [str(h) for h in inventory.xpath("//table[@data-testid='by-sector']//a/@href")][:1]
    monitoring = tree(client.get("/monitoring").text)
    pages += [str(h) for h in monitoring.xpath("//table[@data-testid='enterprises']//a/@href")][:1]
    workspace = tree(client.get("/workspace?unit=市能源局").text)
    pages += [str(h) for h in workspace.xpath("//table[@data-testid='reports-owed']//a/@href")][:1]
    return [*pages, "/indicators/1", "/scenarios/plan", "/plans/1/tasks/2.1.2-1", "/plans/1"]


def test_every_page_in_both_languages(demo_client: TestClient) -> None:
    login(demo_client, "admin", "carbonpeak-demo")
    pages = _pages(demo_client)
    assert len(pages) >= 14
    for lang in ("en", "zh"):
        page = demo_client.get("/")
        demo_client.post("/lang", data={"lang": lang, "csrf_token": csrf_of(page.text)})
        for path in pages:
            response = demo_client.get(path)
            assert response.status_code == 200, (lang, path, response.text[:500])
            assert "%(" not in response.text, (lang, path)
            doc = tree(response.text)
            assert doc.xpath("/html/@lang") == ["zh-CN" if lang == "zh" else "en"]
    # Pages over the illustrative demo say so.
    for path in ("/", "/inventory", "/indicators", "/scenarios", "/assessment"):
        assert tree(demo_client.get(path).text).xpath("//*[@data-testid='illustrative']"), path
    _believable_assessment(demo_client)
    _owed_beyond_the_first_year(demo_client)
    _inventory_in_chinese(demo_client)


def _believable_assessment(client: TestClient) -> None:
    """The demo's proposals (issue 19): a few units commended and a few notified, never a
    unit commended on tasks alone; a unit with no targets shows 无考核内容 (zh pages)."""
    rows = tree(client.get("/assessment").text).xpath("//table[@data-testid='scores']/tbody/tr")
    assert len(rows) >= 30
    commended = [r for r in rows if r.xpath("td[6]//*[contains(@class,'status--achieved')]")]
    notified = [r for r in rows if r.xpath("td[6]//*[contains(@class,'status--off_track')]")]
    assert 1 <= len(commended) <= len(rows) * 0.2
    assert 1 <= len(notified) <= len(rows) * 0.15
    for r in commended:
        assert int(r.xpath("td[4]/text()")[0]) > 0, r.get("data-unit")
    no_targets = [r for r in rows if int(r.xpath("td[4]/text()")[0]) == 0 and r not in notified]
    assert no_targets
    for r in no_targets:
        assert r.xpath("td[6]//*[@data-testid='nothing-assessed']/text()") == ["无考核内容"]


def _owed_beyond_the_first_year(client: TestClient) -> None:
    """待交报告 lists every open period the unit owes, not only the demo's first year."""
    page = tree(client.get("/workspace?unit=市能源局").text)
    owed = " ".join(page.xpath("//table[@data-testid='reports-owed']//text()"))
    from datetime import date

    assert str(date.today().year) in owed, owed[:500]


def _inventory_in_chinese(client: TestClient) -> None:
    """The zh inventory page: the engine's reasons and the reference tables' headings in
    Chinese (issue 19, point 5)."""
    import re

    doc = tree(client.get("/inventory").text)
    unavailable = [" ".join(td.itertext()) for td in doc.xpath("//main//td[contains(., '不可用')]")]
    assert unavailable and not any(re.search(r"\b(rows|no)\b", t) for t in unavailable)
    for h in doc.xpath("//section[@aria-labelledby='h-compare']//h3"):
        assert re.search(r"[\u4e00-\u9fff]", " ".join(h.itertext())), h.text
