"""The session secret: from CARBONPEAK_SECRET_KEY, else made once and kept under the data dir."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from carbonpeak.web.config import SECRET_FILE, WebSettings, resolve_secret_key


def test_secret_is_made_once_and_kept_private(tmp_path: Path) -> None:
    first = resolve_secret_key(WebSettings(secret_key=None), data_dir=tmp_path)
    second = resolve_secret_key(WebSettings(secret_key=None), data_dir=tmp_path)
    assert first == second and len(first) >= 32
    mode = stat.S_IMODE((tmp_path / SECRET_FILE).stat().st_mode)
    assert mode == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [SECRET_FILE]  # no temporary file left


def test_configured_secret_wins_and_must_be_long(tmp_path: Path) -> None:
    key = "k" * 40
    assert resolve_secret_key(WebSettings(secret_key=key), data_dir=tmp_path) == key
    assert not (tmp_path / SECRET_FILE).exists()
    with pytest.raises(ValueError, match="too short"):
        resolve_secret_key(WebSettings(secret_key="short"), data_dir=tmp_path)
