"""Every UI string goes through the catalogs; Chinese by default, English on request."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from carbonpeak.web.catalog import missing, unused, used_msgids
from carbonpeak.web.i18n import LANGUAGES, read_catalog, translator
from tests.web.conftest import csrf_of, tree

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_templates_and_code_use_the_catalogs() -> None:
    used = used_msgids()
    assert "Overview" in used and "Log in" in used  # the extraction finds templates and code
    assert any(p.startswith("templates/") for places in used.values() for p in places)
    assert any(p.startswith("nav.py") for places in used.values() for p in places)


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_msgid_has_a_translation(lang: str) -> None:
    assert missing(lang) == [], f"run scripts/update-catalogs and translate ({lang})"
    assert unused(lang) == [], f"run scripts/update-catalogs to drop unused msgids ({lang})"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_translations_keep_the_placeholders(lang: str) -> None:
    for message in read_catalog(lang):
        if message.id and message.string:
            assert set(PLACEHOLDER.findall(str(message.id))) == set(
                PLACEHOLDER.findall(str(message.string))
            ), message.id


def test_translator_formats_values() -> None:
    assert translator("zh")("version %(v)s", v=3) == "第 3 版"
    assert translator("en")("version %(v)s", v=3) == "version 3"
    assert translator("fr")("Overview") == "总览"  # unknown language: the default


def _nav_labels(page: str) -> list[str]:
    return [a.text_content().split()[0] for a in tree(page).xpath("//nav[@class='sidenav']//a")]


def test_chinese_by_default_english_on_request(
    client: TestClient, login_as: Callable[..., str]
) -> None:
    login_as("admin")
    page = client.get("/")
    assert '<html lang="zh-CN">' in page.text
    assert _nav_labels(page.text)[:3] == ["总览", "领导驾驶舱", "实施方案"]
    switched = client.post(
        "/lang",
        data={"lang": "en", "next": "/plans/1", "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert switched.status_code == 303 and switched.headers["location"] == "/plans/1"
    page = client.get("/")
    assert '<html lang="en">' in page.text
    assert _nav_labels(page.text)[:3] == ["Overview", "Leaders'", "Plan"]
    # The language survives logout, and an unknown language falls back to Chinese.
    client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    login_page = client.get("/login")
    assert "Log in" in login_page.text
    client.post("/lang", data={"lang": "xx", "csrf_token": csrf_of(login_page.text)})
    assert '<html lang="zh-CN">' in client.get("/login").text


def test_language_switch_needs_the_csrf_token(client: TestClient, plan_db: str) -> None:
    client.get("/login")
    assert client.post("/lang", data={"lang": "en"}).status_code == 403
    assert '<html lang="zh-CN">' in client.get("/login").text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_translation_survives_formatting(lang: str) -> None:
    """Jinja's new-style gettext %-formats every message, with or without values: a bare
    ``%`` in a translation (``5%–95%``) would break the page, so it must be written ``%%``;
    and a translation may use only the placeholders of its msgid."""
    for message in read_catalog(lang):
        if not message.id or not message.string:
            continue
        names = dict.fromkeys(re.findall(r"%\((\w+)\)s", str(message.id)), "x")
        for text in (str(message.id), str(message.string)):
            try:
                text % names
            except (ValueError, KeyError, TypeError) as exc:
                pytest.fail(f"{lang}: {message.id!r} -> {message.string!r}: {exc}")
