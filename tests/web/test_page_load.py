"""Pages under load (issue 17): a page GET writes nothing to the database, and the figures the
first pages show are computed before the first visitor (carbonpeak.web.warm)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event

from carbonpeak.db.session import get_engine, session_scope
from carbonpeak.inventory.activity import service as inventory_service
from carbonpeak.web import dataset_choice, overview_data, warm
from tests.web.test_overview_figures import _csv, with_inventory  # noqa: F401

PAGES = ("/", "/inventory", "/indicators", "/scenarios")


def test_page_gets_write_nothing(
    client: TestClient,
    login_as: Callable[..., str],
    with_inventory: str,  # noqa: F811
) -> None:
    login_as("admin")
    writes: list[str] = []

    def seen(_c: Any, _cur: Any, statement: str, *_a: Any) -> None:
        if statement.lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            writes.append(statement[:80])

    engine = get_engine(with_inventory)
    event.listen(engine, "before_cursor_execute", seen)
    try:
        for path in PAGES:
            for _ in range(2):  # the first request of a process, then a cached one
                # the scenarios cannot start from this small dataset (no base-year
                # population): a 422 page, which must not write either
                assert client.get(path).status_code in (200, 422), path
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert writes == []


def test_warm_computes_the_figures_and_sees_an_import(with_inventory: str) -> None:  # noqa: F811
    with session_scope(with_inventory) as db:
        before = warm.data_version(db)
    done = warm.warm(with_inventory)
    # the scenarios cannot start from this small dataset: only the inventory and overview
    assert done == ["inventory + overview"]
    with session_scope(with_inventory) as db:
        fig = overview_data.figures(dataset_choice.choose(db, None, None))
        assert fig is not None and fig.version == 1
        # the figures are the cached ones: the same object as warming made
        assert overview_data.figures(dataset_choice.choose(db, None, None)) is fig
        inventory_service.import_activity(
            db_session=db, name="city-stats", data=_csv() + b"", filename="t2.csv", actor="t"
        )
    with session_scope(with_inventory) as db:
        assert warm.data_version(db) != before
