"""Settings from the environment or a ``.env`` file (prefix ``CARBONPEAK_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CARBONPEAK_", env_file=".env", extra="ignore")

    #: Where the embedded SQLite database and uploaded files live.
    data_dir: Path = Path("var")
    #: SQLAlchemy URL; default is a SQLite file in ``data_dir``. PostgreSQL in production,
    #: e.g. ``postgresql+psycopg://user@host:5432/carbonpeak``.
    database_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    #: Largest request body accepted by the API, in bytes.
    max_body_bytes: int = 5_000_000

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{(self.data_dir / 'carbonpeak.sqlite3').resolve()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
