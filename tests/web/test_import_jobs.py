"""Big imports through the queue (issue 17, point 5): with Redis configured, an activity
import, a statistics import and an indicator-values import of a file above
``CARBONPEAK_JOB_IMPORT_BYTES`` answer 202 with the job's URL; a real RQ worker (a SimpleWorker
in this process, in burst mode) stores all rows or none, and a refused file's job carries the
error body the API would have answered (detail, problems naming row, field and reason; the
status). Below the threshold, or without Redis, the import answers in the request (201)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from carbonpeak.core import jobs
from carbonpeak.db.session import session_scope
from carbonpeak.plan.orm import PlanRow
from carbonpeak.statistics.values.service import bundled_bytes
from carbonpeak.tracking.indicators import service as indicators
from carbonpeak.tracking.orm import IndicatorRow
from tests.conftest import add_user_with_token
from tests.web.test_jobs import auth, queue  # noqa: F401
from tests.web.test_overview_figures import _csv

IMPORT = "/api/v1/inventory/import"


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("CARBONPEAK_JOB_IMPORT_BYTES", "100")  # every file here is bigger
    yield


#: Post a file to an import route over the threshold: (url, headers, file, form) -> job URL.
Enqueue = Callable[..., str]


@pytest.fixture
def enqueue(
    queue: str,  # noqa: F811
    small_threshold: None,
    client: TestClient,
) -> Enqueue:
    """Imports through the queue: each post answers 202, ``Location`` and the body naming the
    job's URL (returned); nothing is stored until ``jobs.work`` runs the worker."""

    def post(
        url: str,
        headers: dict[str, str],
        file: tuple[str, bytes, str],
        form: dict[str, str] | None = None,
    ) -> str:
        reply = client.post(url, headers=headers, files={"file": file}, data=form or {})
        assert reply.status_code == 202, reply.text
        job = reply.json()
        assert reply.headers["location"] == job["url"] and job["status"] == "queued", job
        return str(job["url"])

    return post


def _versions(
    client: TestClient, headers: dict[str, str], dataset: str = "city-stats"
) -> list[int]:
    found = client.get(f"/api/v1/inventory/datasets/{dataset}/versions", headers=headers)
    assert found.status_code in (200, 404), found.text
    return [] if found.status_code == 404 else [v["version"] for v in found.json()]


def _indicator(db_url: str) -> int:
    """A typed-in indicator of the plan (its values are imported, not computed)."""
    with session_scope(db_url) as db:
        plan = db.scalar(select(PlanRow))
        assert plan is not None
        indicators.sync_indicators(db_session=db, plan=plan, actor="test")
        ind = db.scalars(
            select(IndicatorRow)
            .where(IndicatorRow.computed_kind.is_(None), IndicatorRow.unit == "万千瓦")
            .order_by(IndicatorRow.id)
        ).first()
        assert ind is not None
        return ind.id


def _values_csv(rows: int) -> bytes:
    lines = ["date,value,unit,source,comment"]
    lines += [f"{2000 + i}-12-31,{1000 + i},万千瓦,市统计局 年报,test" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_big_imports_go_through_the_queue(
    enqueue: Enqueue,
    client: TestClient,
    plan_db: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin = auth(add_user_with_token(plan_db, "admin"))
    viewer = auth(add_user_with_token(plan_db, "viewer"))
    # a good activity file: 202, nothing stored until the worker runs
    good = enqueue(IMPORT, admin, ("t.csv", _csv(), "text/csv"), {"dataset": "city-stats"})
    assert client.get(good, headers=viewer).status_code == 404  # the admin's job
    # a file with one bad row: queued too; the worker stores none of its rows
    bad_csv = _csv().replace(b"520203,2020,1.A.2.a,raw_coal,2,", b"520203,2020,1.A.2.a,raw_coal,x,")
    bad = enqueue(IMPORT, admin, ("bad.csv", bad_csv, "text/csv"), {"dataset": "city-bad"})
    # statistics (the bundled published values) and an indicator's values
    stats = enqueue("/api/v1/stats/import", admin, ("published.csv", bundled_bytes(), "text/csv"))
    ind = _indicator(plan_db)
    values = enqueue(
        f"/api/v1/tracking/indicators/{ind}/values/import",
        admin,
        ("v.csv", _values_csv(3), "text/csv"),
    )
    assert _versions(client, admin) == []

    jobs.work(burst=True, simple=True)  # a real RQ worker, in this process, until empty

    done = client.get(good, headers=admin).json()
    assert done["status"] == "finished", done
    assert done["result"]["dataset"] == "city-stats" and done["result"]["version"] == 1
    assert done["result"]["rows"] == 16  # 4 districts × 2 years × (coal, GDP)
    assert _versions(client, admin) == [1]
    failed = client.get(bad, headers=admin).json()
    assert failed["status"] == "failed" and failed["http_status"] == 422, failed
    assert failed["detail"] == failed["error"]
    assert failed["problems_total"] >= 1
    problem = failed["problems"][0]
    assert problem["field"] == "quantity" and problem["row"] == 8, failed
    # the same body as the request answers for the same file below the threshold
    monkeypatch.setenv("CARBONPEAK_JOB_IMPORT_BYTES", "100000000")
    inline = client.post(
        IMPORT,
        headers=admin,
        files={"file": ("bad.csv", bad_csv, "text/csv")},
        data={"dataset": "city-bad"},
    )
    assert inline.status_code == 422
    assert inline.json() == {k: failed[k] for k in ("detail", "problems", "problems_total")}
    assert _versions(client, admin, "city-bad") == []
    made = client.get(stats, headers=admin).json()
    assert made["status"] == "finished" and made["result"]["rows_added"] > 0, made
    typed = client.get(values, headers=admin).json()
    assert typed == {**typed, "status": "finished", "result": {"imported": 3}}
    api = client.get(f"/api/v1/tracking/indicators/{ind}/values", headers=admin).json()
    assert [v["value"] for v in api] == [1000.0, 1001.0, 1002.0]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_small_files_and_no_redis_import_in_the_request(
    client: TestClient, plan_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = auth(add_user_with_token(plan_db, "admin"))
    monkeypatch.delenv("CARBONPEAK_REDIS_URL", raising=False)
    monkeypatch.setenv("CARBONPEAK_JOB_IMPORT_BYTES", "100")
    assert not jobs.import_queued(10_000)
    reply = client.post(
        IMPORT,
        headers=admin,
        files={"file": ("t.csv", _csv(), "text/csv")},
        data={"dataset": "city-stats"},
    )
    assert reply.status_code == 201, reply.text
    assert reply.json()["version"] == 1


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_below_the_threshold_the_request_imports(
    queue: str,  # noqa: F811
    client: TestClient,
    plan_db: str,
) -> None:
    admin = auth(add_user_with_token(plan_db, "admin"))
    assert len(_csv()) < jobs.JobSettings().job_import_bytes
    reply = client.post(
        IMPORT,
        headers=admin,
        files={"file": ("t.csv", _csv(), "text/csv")},
        data={"dataset": "city-stats"},
    )
    assert reply.status_code == 201, reply.text
