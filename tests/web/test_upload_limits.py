"""Uploads over HTTP: a login is needed, a zip bomb is refused before it is inflated, rows are
capped, and an error lists its first problems and their count, never megabytes of them."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from carbonpeak.core.intake import get_intake_settings
from carbonpeak.core.settings import get_settings

CALC = "/api/v1/inventory/calc/upload"
HEAD = "region,year,sector,fuel,quantity,unit,source,note\n"


@pytest.fixture
def viewer(make_user: Callable[..., str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_user('viewer')}"}


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("CARBONPEAK_MAX_UNZIPPED_BYTES", "2000000")
    monkeypatch.setenv("CARBONPEAK_MAX_ROWS", "1000")
    get_intake_settings.cache_clear()
    yield
    get_intake_settings.cache_clear()


def blank_rows_workbook(rows: int) -> bytes:
    """An .xlsx whose sheet holds ``rows`` empty rows: tiny zipped, large unzipped."""
    book = Workbook()
    buf = io.BytesIO()
    book.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = "<row/>" * rows
                data = data.replace(
                    b"<sheetData></sheetData>", f"<sheetData>{body}</sheetData>".encode()
                )
            z.writestr(item, data)
    return out.getvalue()


def test_an_anonymous_upload_is_refused(client: TestClient) -> None:
    files = {"file": ("a.csv", (HEAD + "六盘水,2022,,原煤,1,万吨,,\n").encode(), "text/csv")}
    assert client.post(CALC, files=files).status_code == 401


def test_a_workbook_that_unzips_too_large_is_refused_at_once(
    client: TestClient, viewer: dict[str, str], small_limits: None
) -> None:
    bomb = blank_rows_workbook(500_000)  # 3 MB of sheet XML
    assert len(bomb) < 50_000
    started = time.perf_counter()
    response = client.post(CALC, files={"file": ("b.xlsx", bomb)}, headers=viewer)
    assert response.status_code == 413, response.text
    assert "unzips to" in response.json()["detail"]
    assert time.perf_counter() - started < 2


def test_rows_beyond_the_cap_are_refused(
    client: TestClient, viewer: dict[str, str], small_limits: None
) -> None:
    body = HEAD + "六盘水,2022,,原煤,1,万吨,,\n" * 1001
    response = client.post(CALC, files={"file": ("a.csv", body.encode())}, headers=viewer)
    assert response.status_code == 413 and "more than 1000 rows" in response.json()["detail"]


def test_an_error_lists_the_first_problems_and_their_count(
    client: TestClient, viewer: dict[str, str]
) -> None:
    # 3,000 rows with a bad quantity: before, every one of them was in the reply
    body = HEAD + "".join(f"六盘水,2022,,原煤,x{i},万吨,,\n" for i in range(3000))
    response = client.post(CALC, files={"file": ("a.csv", body.encode())}, headers=viewer)
    assert response.status_code == 422
    reply = response.json()
    assert len(response.content) < 20_000
    assert reply["problems_total"] >= 3000 and len(reply["problems"]) == 50
    assert set(reply["problems"][0]) == {"row", "field", "reason"}
    assert reply["problems"][0]["row"] == 2


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.xlsx", b"plain text, not a zip", "not a valid .xlsx file"),
        ("a.csv", b"", "empty"),
        ("a.csv", bytes(range(256)) * 20, "neither UTF-8 nor GB18030"),
    ],
)
def test_broken_files_are_one_clear_error(
    client: TestClient, viewer: dict[str, str], name: str, data: bytes, message: str
) -> None:
    response = client.post(CALC, files={"file": (name, data)}, headers=viewer)
    assert response.status_code == 422, response.text
    assert message in response.json()["detail"]


@pytest.mark.parametrize(
    ("url", "role"),
    [
        (CALC, "viewer"),
        ("/api/v1/stats/import", "admin"),
        ("/api/v1/plans", "admin"),
        ("/api/v1/review/projects/import", "admin"),
    ],
)
def test_every_upload_route_refuses_a_file_over_the_limit_with_one_message(
    client: TestClient,
    make_user: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
    url: str,
    role: str,
) -> None:
    """One helper reads every upload (core.api.read_upload): at most the limit + 1 bytes, and
    the same message naming the file and the limit (here 100 bytes: 101 are refused)."""
    monkeypatch.setattr(get_settings(), "max_body_bytes", 100)
    headers = {"Authorization": f"Bearer {make_user(role)}"}
    response = client.post(url, files={"file": ("a.csv", b"x" * 101)}, headers=headers)
    assert response.status_code == 413, response.text
    assert response.json()["detail"] == (
        "a.csv: 文件过大，上限 100 字节 / file too large (limit 100 bytes)"
    )
    empty = client.post(url, files={"file": ("b.csv", b"")}, headers=headers)
    assert empty.status_code == 422, empty.text
    assert empty.json()["detail"] == "b.csv: 文件为空 / the file is empty"


def test_an_import_abandoned_by_its_time_out_never_commits(
    client: TestClient, make_user: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker of a timed-out upload finishes on its own, but rolls back instead of
    committing (core.intake.commit_unless_abandoned): the client was told it failed."""
    from carbonpeak.plan.registry import api as plan_api

    real = plan_api.service.import_plan_checked
    finished: list[bool] = []

    def slow_import(**kwargs: object) -> object:
        time.sleep(1.0)  # the request times out meanwhile
        row = real(**kwargs)  # type: ignore[arg-type]
        finished.append(True)
        return row

    monkeypatch.setattr(plan_api.service, "import_plan_checked", slow_import)
    monkeypatch.setenv("CARBONPEAK_PARSE_SECONDS", "0.3")
    get_intake_settings.cache_clear()
    admin = {"Authorization": f"Bearer {make_user('admin')}"}
    before = len(client.get("/api/v1/plans").json())
    text = "某市碳达峰实施方案\n一、总体要求\n到2025年，单位地区生产总值能耗下降13.5%。\n"
    files = {"file": ("p.txt", text.encode())}
    try:
        response = client.post("/api/v1/plans", files=files, data={"slug": "late"}, headers=admin)
        assert response.status_code == 503 and "took more than" in response.json()["detail"]
        for _ in range(40):
            if finished:
                break
            time.sleep(0.1)
        time.sleep(0.3)  # the worker's rollback after its work
    finally:
        get_intake_settings.cache_clear()
    assert finished
    assert len(client.get("/api/v1/plans").json()) == before  # not stored


def test_commit_unless_abandoned_outside_a_worker_commits() -> None:
    from carbonpeak.core.intake import commit_unless_abandoned

    calls: list[str] = []

    class Db:
        def commit(self) -> None:
            calls.append("commit")

        def rollback(self) -> None:
            calls.append("rollback")

    commit_unless_abandoned(Db())
    assert calls == ["commit"]
