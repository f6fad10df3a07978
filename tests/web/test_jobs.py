"""Long jobs through the queue (issue 17, point 5): with Redis configured a Monte Carlo run
and an annual report are queued (202 and the job's URL) and a real RQ worker runs them (a
SimpleWorker in burst mode, in this process) over PostgreSQL; the job shows the same run as
one made in the request, and only to whoever asked. Without Redis a run answers in the request
as before, and a report job is made at once, behind the same URLs."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator

import pytest
from docx import Document
from fastapi.testclient import TestClient

from carbonpeak.core import jobs, shared
from tests.conftest import add_user_with_token
from tests.web.test_shared_state import REDIS_URL, _redis_up

REPORT = "/api/v1/tracking/1/assessments/2024"
PG_ONLY = [pytest.param("postgres", marks=pytest.mark.postgres)]


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def queue(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The local Redis with a queue of this test only."""
    if not _redis_up():
        pytest.skip("no Redis at 127.0.0.1:6379")
    name = f"cp-test-{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv("CARBONPEAK_REDIS_URL", REDIS_URL)
    monkeypatch.setenv("CARBONPEAK_JOB_QUEUE", name)
    monkeypatch.setenv("CARBONPEAK_CACHE_PREFIX", name)
    yield name
    from rq import Queue

    Queue(name, connection=shared.redis_client(REDIS_URL)).empty()


def _draft(client: TestClient, admin: str) -> None:
    assert client.post(REPORT, headers=auth(admin)).json()["state"] == "draft"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_without_redis_runs_answer_in_the_request(client: TestClient, plan_db: str) -> None:
    admin = add_user_with_token(plan_db, "admin")
    run = client.post("/api/v1/scenarios/plan/run", json={"draws": 50})
    assert run.status_code == 200 and run.json()["montecarlo"]["draws"] == 50
    _draft(client, admin)
    assert client.post(f"{REPORT}/report/jobs").status_code == 401  # a draft needs a login
    accepted = client.post(f"{REPORT}/report/jobs", headers=auth(admin))
    assert accepted.status_code == 202, accepted.text
    job = client.get(accepted.json()["url"], headers=auth(admin)).json()
    assert job["status"] == "finished" and set(job["files"]) == {"docx", "xlsx"}
    doc = client.get(job["files"]["docx"], headers=auth(admin))
    assert Document(io.BytesIO(doc.content)).paragraphs[0].text.endswith("2024年度评估报告")
    # someone else's job does not exist for an anonymous caller
    assert client.get(accepted.json()["url"]).status_code == 404


@pytest.mark.parametrize("db_url", PG_ONLY, indirect=True)
def test_queued_jobs_run_on_a_worker(queue: str, client: TestClient, plan_db: str) -> None:
    admin = add_user_with_token(plan_db, "admin")
    viewer = add_user_with_token(plan_db, "viewer")
    body = {"draws": 200, "seed": 3}
    accepted = client.post("/api/v1/scenarios/plan/run", json=body, headers=auth(admin))
    assert accepted.status_code == 202, accepted.text
    url = accepted.json()["url"]
    assert accepted.headers["location"] == url
    assert client.get(url, headers=auth(admin)).json()["status"] == "queued"
    assert client.get(url, headers=auth(viewer)).status_code == 404  # not the viewer's job
    assert client.post("/api/v1/scenarios/nope/run", json=body).status_code == 404
    _draft(client, admin)
    report = client.post(f"{REPORT}/report/jobs", headers=auth(admin))
    assert report.status_code == 202 and report.json()["status"] == "queued"
    jobs.work(burst=True, simple=True)  # a real RQ worker, in this process, until empty
    done = client.get(url, headers=auth(admin)).json()
    assert done["status"] == "finished", done
    # the same run as one made in the request (deterministic: seed 3)
    from carbonpeak.scenarios.runs import runner

    inline = runner.run_named("plan", draws=200, seed=3)
    assert done["result"]["peak"] == inline["peak"]
    assert done["result"]["montecarlo"]["p_peak_by_2030"] == pytest.approx(
        inline["montecarlo"]["p_peak_by_2030"]
    )
    made = client.get(report.json()["url"], headers=auth(admin)).json()
    assert made["status"] == "finished", made
    xlsx = client.get(made["files"]["xlsx"], headers=auth(admin))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
