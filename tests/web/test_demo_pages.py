"""Every page, in Chinese and in English, over the whole demo (``carbonpeak demo``'s data:
plan, illustrative inventory, tracking and a week of monitoring readings): each answers 200,
says where its numbers are illustrative, and has no untranslated placeholder left."""

from __future__ import annotations

import re
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
    return [
        *pages,
        "/indicators/1",
        "/scenarios/plan",
        "/plans/1/tasks/2.1.2-1",
        "/plans/1",
        "/review/1",  # the assessment's baseline, trace and sources
        "/review/ledger",  # the quota ledger: derivations and evidence as citations
    ]


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
            if lang == "zh":
                english = english_sentences(response.text)
                assert not english, (path, english[:5])
    # Pages over the illustrative demo say so.
    for path in ("/", "/inventory", "/indicators", "/scenarios", "/assessment"):
        assert tree(demo_client.get(path).text).xpath("//*[@data-testid='illustrative']"), path
    _believable_assessment(demo_client)
    _owed_beyond_the_first_year(demo_client)
    _inventory_in_chinese(demo_client)


#: Four or more English words in a row (a sentence, not a name or a unit): words of letters,
#: separated by spaces and light punctuation (not commas: a list of file types is no sentence);
#: a number or a Chinese character ends the run.
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[ ;:()\-]+[A-Za-z][A-Za-z'’]*){3,}")
URL = re.compile(r"\b(?:https?://|www\.)\S+")
#: Identifiers shown as codes (dataset keys, factor ids): liupanshui-demo-illustrative.
IDENTIFIER = re.compile(r"\b[a-z0-9]+(?:[-_/.][a-z0-9]+)+\b")
#: Where English is right in the Chinese UI: code, citations (``<cite>``), data shown as
#: written (``<pre>`` payloads of the audit log), charts' data; and the source notes of the
#: published statistics (``data-source-note``: the collector's notes in the data files,
#: not yet translated; see docs/architecture.md).
NOT_UI_TEXT = "//script|//style|//code|//pre|//svg|//cite|//*[@data-source-note]"
#: Proper names and citations written in English within UI text (allowed as they are).
ALLOWED = (
    re.compile(r"\b[A-Z][a-z]+ (?:[A-Z]\. )?et al\..*"),  # "Chen et al. 2020 …" citations
)


def english_sentences(page: str) -> list[str]:
    """The texts of ``page`` (HTML) with an English sentence outside code, citations and
    URLs (issue 19: the Chinese UI says everything in Chinese but names and citations)."""
    doc = tree(page)
    for skipped in doc.xpath(NOT_UI_TEXT):
        skipped.drop_tree()
    texts = [t for t in doc.xpath("//body//text()")] + doc.xpath("//body//@title")
    found = []
    for text in texts:
        shown = IDENTIFIER.sub(" 0 ", URL.sub(" ", str(text)))
        for allowed in ALLOWED:
            shown = allowed.sub(" ", shown)
        if ENGLISH_RUN.search(shown):
            found.append(" ".join(str(text).split())[:200])
    return found


def test_the_english_sentence_check_catches_the_known_paragraphs() -> None:
    """The check is strict enough for the paragraphs issue 19 found on the inventory page."""
    caught = (
        "For 六盘水 Liupanshui the CEADs city series (2008-2019) and the sum of its four "
        "counties disagree",
        "参考数据集 reference: ceads-city (CEADs Emission Inventories for 290 Chinese Cities)",
        "六盘水市: all 4 districts report; city total = their sum",
        "规划情景 Plan (the plan's levers)",
    )
    for text in caught:
        assert english_sentences(f"<html><body><p>{text}</p></body></html>"), text
    fine = (
        "<p>参考数据集：ceads-city；比较对象：本平台</p>",
        "<p><cite>Chen J. et al. 2020, County-level CO2 emissions and sequestration</cite></p>",
        "<p>Chen et al. 2020 县级加总 · CEADs 城市序列 · 10⁴ t CO2 · kgce/t</p>",
        "<p>见 <code>carbonpeak inventory reference-import --all</code></p>",
        "<p>地址 https://example.org/a/long/path/of/the/page</p>",
    )
    for html in fine:
        assert not english_sentences(f"<html><body>{html}</body></html>"), html


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
