"""Target statuses and the inventory in the shared figure cache (issue 17, point 4): one app
computes them, another (a fresh process: nothing in its own memory) reads them from Redis
without computing; a write through one app (a manual status, a value, an import) is what the
other shows next, and so is a write from the command line (the database alone, no web hook).
"""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from carbonpeak.core import shared
from carbonpeak.db.session import session_scope
from carbonpeak.inventory.activity import service as inventory_service
from carbonpeak.plan.orm import PlanRow
from carbonpeak.tracking.indicators import service as indicators
from carbonpeak.tracking.model import Status
from carbonpeak.tracking.orm import IndicatorRow, IndicatorTargetRow
from carbonpeak.tracking.statuses import service as statuses
from carbonpeak.tracking.values import service as values
from carbonpeak.web import tracking_view
from tests.conftest import add_user_with_token
from tests.web.conftest import login, metric
from tests.web.test_overview_figures import DISTRICTS, _csv, with_inventory  # noqa: F401
from tests.web.test_shared_state import PG_ONLY, REDIS_URL, _figure, with_redis  # noqa: F401

KINDS = ("achieved", "on_track", "at_risk", "off_track", "no_data")


def _counts(page: str) -> dict[str, int]:
    return {k: int(metric(page, f"status-{k}")) for k in KINDS}


def _fresh_process() -> None:
    """Forget what this process keeps, as another server process would not have it."""
    shared.figure_cache().clear_front()
    inventory_service._cache.clear()


def _refuse(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("computed again: the figure should come from Redis")


@pytest.fixture
def synced(with_inventory: str) -> str:  # noqa: F811
    with session_scope(with_inventory) as db:
        plan = db.scalar(select(PlanRow))
        assert plan is not None
        indicators.sync_indicators(db_session=db, plan=plan, actor="test")
    return with_inventory


@pytest.mark.parametrize("db_url", ["sqlite", *PG_ONLY], indirect=True)
def test_statuses_and_inventory_are_shared_and_follow_writes(
    with_redis: str,  # noqa: F811
    synced: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from carbonpeak.web.app import create_app

    add_user_with_token(synced, "viewer", username="viewer-f")
    admin = {"Authorization": f"Bearer {add_user_with_token(synced, 'admin', username='adm-f')}"}
    with TestClient(create_app(synced)) as a, TestClient(create_app(synced)) as b:
        login(a, "viewer-f")
        login(b, "viewer-f")
        counts = _counts(a.get("/indicators").text)
        assert sum(counts.values()) > 0 and counts["achieved"] < sum(counts.values())
        assert _figure(a.get("/").text, "regional_energy_co2") == pytest.approx(152_024)
        redis = shared.redis_client(REDIS_URL)
        assert list(redis.scan_iter(f"{with_redis}:fig:*:statuses:*"))
        assert list(redis.scan_iter(f"{with_redis}:fig:{shared.STABLE}:inventory:*"))

        _fresh_process()
        with monkeypatch.context() as m:  # B reads both; computing either fails the test
            m.setattr(tracking_view, "evaluate_plan", _refuse)
            m.setattr(inventory_service, "calculate", _refuse)
            assert _counts(b.get("/indicators").text) == counts
            assert b.get("/inventory").status_code == 200

        # a manual status set through A's API: B's page counts it at once
        api = a.get("/api/v1/tracking/1/statuses", headers=admin).json()
        target = next(s for s in api if s["status"] != "achieved")
        reply = a.put(
            f"/api/v1/tracking/1/targets/{target['target']}/override",
            headers=admin,
            json={"status": "achieved", "reason": "人工认定 for the test"},
        )
        assert reply.status_code == 200, reply.text
        after = _counts(b.get("/indicators").text)
        assert after["achieved"] == counts["achieved"] + 1
        assert after[target["status"]] == counts[target["status"]] - 1

        # lifted from the command line (the database only: no web write raises the generation)
        with session_scope(synced) as db:
            link = indicators.find_link(db_session=db, plan_id=1, ref=target["target"])
            statuses.clear_override(db_session=db, link=link, actor="cli")
        assert _counts(b.get("/indicators").text) == counts

        # an import through B: A's inventory (and overview) is the new version's
        doubled = _csv().replace(b"1.A.2.a,raw_coal,2,", b"1.A.2.a,raw_coal,4,")
        reply = b.post(
            "/api/v1/inventory/import",
            headers=admin,
            files={"file": ("t2.csv", doubled, "text/csv")},
            data={"dataset": "city-stats"},
        )
        assert reply.status_code == 201, reply.text
        assert _figure(a.get("/").text, "regional_energy_co2") == pytest.approx(
            len(DISTRICTS) * 40_000 * 1.9003
        )


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_status_version_changes_with_every_write(synced: str) -> None:
    """Every kind of write the statuses depend on changes :func:`status_version` (the key of
    the cached statuses): a value, a correction, a manual status, its lifting, and a link's or
    an indicator's settings changed in place."""
    seen = []
    with session_scope(synced) as db:
        seen.append(statuses.status_version(db_session=db, plan_id=1))
        link = db.scalars(
            select(IndicatorTargetRow)
            .join(IndicatorRow, IndicatorRow.id == IndicatorTargetRow.indicator_id)
            .where(IndicatorRow.computed_kind.is_(None))  # a value typed in
            .order_by(IndicatorTargetRow.id)
        ).first()
        assert link is not None
        ind = db.get(IndicatorRow, link.indicator_id)
        assert ind is not None
        first = values.add_value(
            db_session=db,
            indicator=ind,
            observed_on=date(2023, 12, 31),
            value=1.0,
            unit=ind.unit,
            source="written for the test",
            actor="test",
        )
        db.flush()
        seen.append(statuses.status_version(db_session=db, plan_id=1))
        values.correct_value(
            db_session=db,
            value_id=first.id,
            value=2.0,
            unit=ind.unit,
            comment="typo",
            actor="test",
        )
        db.flush()
        seen.append(statuses.status_version(db_session=db, plan_id=1))
        statuses.set_override(
            db_session=db, link=link, status=Status.ACHIEVED, reason="r", actor="t"
        )
        db.flush()
        seen.append(statuses.status_version(db_session=db, plan_id=1))
        statuses.clear_override(db_session=db, link=link, actor="t")
        db.flush()
        seen.append(statuses.status_version(db_session=db, plan_id=1))
        # settings edited in place (the CLI or API, no web hook): trajectory, then tolerance
        indicators.update_link(db_session=db, link=link, changes={"trajectory": "step"}, actor="t")
        db.flush()
        seen.append(statuses.status_version(db_session=db, plan_id=1))
        indicators.update_link(db_session=db, link=link, changes={"tolerance": 0.5}, actor="t")
        db.flush()
        seen.append(statuses.status_version(db_session=db, plan_id=1))
        indicators.update_indicator(
            db_session=db, indicator=ind, changes={"lag_days": 30}, actor="t"
        )
        db.flush()
        seen.append(statuses.status_version(db_session=db, plan_id=1))
    assert len(set(seen)) == len(seen), seen
