"""The request's database session as a FastAPI dependency: the one ``Db`` every router uses;
the transaction of a queued import (:func:`import_in_job`).
Apart from :mod:`.session` so that the command line does not import FastAPI."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any, cast

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from carbonpeak.core import jobs
from carbonpeak.db.session import session_factory, session_scope


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


def import_in_job(
    database_url: str | None, store: Callable[[Session], dict[str, Any]]
) -> dict[str, Any]:
    """The body of a queued import (``carbonpeak worker``; queued by
    :func:`carbonpeak.core.api.queue_import`): ``store`` in one transaction, all rows or none;
    the reply's body, or the error body and status (:func:`carbonpeak.core.jobs.run_import`)."""

    def run() -> dict[str, Any]:
        with session_scope(database_url) as db:
            return store(db)

    return cast("dict[str, Any]", jobs.run_import(run))
