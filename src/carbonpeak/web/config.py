"""Settings of the web application (prefix ``CARBONPEAK_``), and the session secret.

``CARBONPEAK_SECRET_KEY`` signs the session cookie. When it is not set, a random key is made
on first use and kept in ``<data dir>/secret_key`` (mode 0600), so that sessions survive a
restart and several workers on one machine agree; set it explicitly when workers run on
several machines.
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from carbonpeak.core.settings import get_settings

SECRET_FILE = "secret_key"
MIN_SECRET_LENGTH = 32


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CARBONPEAK_", env_file=".env", extra="ignore")

    #: Key that signs the session cookie; generated under the data dir when unset.
    secret_key: str | None = None
    #: A login lasts this long without a new login (seconds).
    session_max_age: int = 8 * 60 * 60
    #: Send the session cookie over HTTPS only (set true behind a TLS proxy).
    cookie_secure: bool = False


@lru_cache(maxsize=1)
def get_web_settings() -> WebSettings:
    return WebSettings()


def resolve_secret_key(settings: WebSettings | None = None, data_dir: Path | None = None) -> str:
    """The configured key, else the one stored under the data dir (made on first use)."""
    settings = settings or get_web_settings()
    if settings.secret_key:
        if len(settings.secret_key) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"CARBONPEAK_SECRET_KEY 太短，至少 {MIN_SECRET_LENGTH} 个字符 / "
                f"CARBONPEAK_SECRET_KEY is too short: at least {MIN_SECRET_LENGTH} characters"
            )
        return settings.secret_key
    directory = data_dir or get_settings().data_dir
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / SECRET_FILE
    if not path.exists():
        # Written to a private temporary file, then linked into place: link() fails if
        # another process got there first, and nobody ever reads a half-written key.
        tmp = directory / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = path.read_text(encoding="ascii").strip()
    if len(key) < MIN_SECRET_LENGTH:
        raise ValueError(f"{path} 中的密钥太短或为空 / the key in {path} is too short or empty")
    return key
