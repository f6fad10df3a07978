"""The review CLI tests run against the test database (settings re-read per test)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from carbonpeak.core.settings import get_settings


@pytest.fixture
def cli_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()
