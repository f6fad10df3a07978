"""The request's database session as a FastAPI dependency: the one ``Db`` every router uses.
Apart from :mod:`.session` so that the command line does not import FastAPI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from carbonpeak.db.session import session_factory


def get_db(request: Request) -> Iterator[Session]:
    """One session per request. Write endpoints commit explicitly before they reply, so that an
    acknowledged write is durable; anything left uncommitted is rolled back here."""
    session = session_factory(request.app.state.database_url)()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


#: The request's session, as a FastAPI parameter type: ``def endpoint(db: Db)``.
Db = Annotated[Session, Depends(get_db)]
