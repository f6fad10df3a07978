"""Settings of the tracking domain, from the environment or ``.env`` (prefix ``CARBONPEAK_``).

| variable | default | meaning |
|---|---|---|
| ``CARBONPEAK_ATTACHMENT_MAX_BYTES`` | 10000000 | largest evidence file (佐证材料) |
| ``CARBONPEAK_ATTACHMENT_TYPES`` | pdf,docx,xlsx,doc,xls,png,jpg,jpeg,txt,csv | allowed suffixes |
| ``CARBONPEAK_SMTP_HOST`` / ``_PORT`` | (none) / 25 | mail server of the outbox adapter |
| ``CARBONPEAK_SMTP_SENDER`` | carbonpeak@localhost | From address |
| ``CARBONPEAK_SMTP_USERNAME`` / ``_PASSWORD`` | (none) | login, if the server wants one |
| ``CARBONPEAK_SMTP_STARTTLS`` | false | upgrade the connection with STARTTLS |
| ``CARBONPEAK_NOTIFY_MAX_ATTEMPTS`` | 5 | a message is marked failed after this many tries |
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from carbonpeak.core.settings import get_settings


class TrackingSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CARBONPEAK_", env_file=".env", extra="ignore")

    attachment_max_bytes: int = 10_000_000
    attachment_types: str = "pdf,docx,xlsx,doc,xls,png,jpg,jpeg,txt,csv"
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_sender: str = "carbonpeak@localhost"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_timeout: float = 30.0
    notify_max_attempts: int = 5

    @property
    def allowed_suffixes(self) -> frozenset[str]:
        return frozenset(s.strip().lower().lstrip(".") for s in self.attachment_types.split(","))


@lru_cache(maxsize=1)
def get_tracking_settings() -> TrackingSettings:
    return TrackingSettings()


def attachments_dir() -> Path:
    """Where evidence files are stored (under the data dir), created on first use."""
    path = get_settings().data_dir / "attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path
