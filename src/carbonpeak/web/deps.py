"""Per-request dependencies shared by every router.

One session per request. Write endpoints commit explicitly before they reply, so that an
acknowledged write is durable; anything left uncommitted is rolled back here."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request
from sqlalchemy.orm import Session

from carbonpeak.db.session import session_factory


def get_db(request: Request) -> Iterator[Session]:
    session = session_factory(request.app.state.database_url)()
    try:
        yield session
    finally:
        session.rollback()
        session.close()
