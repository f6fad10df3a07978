"""The web application form and the project page (issue 14 review): the form now takes the
stage, feedstock use (原料用能, apart from the energy use) and several products with their
capacity, and a register .xlsx through the import service; bad input is re-shown naming row and
field (422) with nothing stored. The project page prints the source status of the 标杆/基准
values, the 等价值's coal-rate note beside the figure, and the decision in words."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carbonpeak.auth import Principal, Role
from carbonpeak.review import decide
from carbonpeak.review.orm import ProjectRow
from carbonpeak.review.projects.sheet import COLUMNS, read_sheet
from tests.conftest import add_user_with_token
from tests.review.register_sheet import HEADER, register_xlsx
from tests.web.conftest import csrf_of, login, tree

USCC = "91520200MA6D00002P"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _officer(db_url: str, client: TestClient) -> str:
    add_user_with_token(db_url, "review_officer", username="officer-form")
    login(client, "officer-form")
    return csrf_of(client.get("/review/new").text)


def _form(csrf: str, **extra: str) -> dict[str, str]:
    return {
        "csrf_token": csrf,
        "project": "某焦化项目（示意）",
        "owner_uscc": USCC,
        "industry": "2521",
        "district": "520201",
        "stage": "在建",
        "start_year": "2026",
        "value_added": "50000",
        "fuel0": "原煤",
        "qty0": "10000",
        "unit0": "t",
        "fuel1": "电力",
        "qty1": "5000",
        "unit1": "万kWh",
        "feed0": "原煤",
        "feedqty0": "2000",
        "feedunit0": "t",
        "product0": "coke_top",
        "output0": "10",
        "ounit0": "万t",
        "product1": "焦炉煤气",
        "output1": "4",
        "ounit1": "亿m3",
        **extra,
    }


def _count(db: Session) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(ProjectRow)) or 0)


def test_form_takes_stage_feedstock_and_two_products(
    db_url: str, db_session: Session, client: TestClient
) -> None:
    csrf = _officer(db_url, client)
    r = client.post("/review/new", data=_form(csrf), follow_redirects=False)
    assert r.status_code == 303, r.text
    row = db_session.scalar(select(ProjectRow))
    assert row is not None and row.stage == "在建"
    page = client.get(r.headers["location"]).text
    doc = tree(page)
    assert doc.xpath("string(//*[@data-testid='review-stage'])").strip() == "在建"
    assert "原煤 2000.0 t" in doc.xpath("string(//*[@data-testid='review-feedstock'])")
    products = doc.xpath("//*[@data-testid='review-products']/span/@data-product")
    assert products == ["coke_top", "焦炉煤气"]
    # feedstock apart from the energy use: 2000 t × 0.7143 kgce/kg = 1428.6 tce (当量值)
    assert "1428.6" in page


def test_bad_form_is_named_and_nothing_stored(
    db_url: str, db_session: Session, client: TestClient
) -> None:
    csrf = _officer(db_url, client)
    r = client.post("/review/new", data=_form(csrf, feedqty0="-5", stage="规划"))
    assert r.status_code == 422
    problems = tree(r.text).xpath("string(//*[@data-testid='review-form-problems'])")
    assert "feedstock[0].quantity" in problems and "不能为负数" in problems
    assert "stage" in problems
    # the form comes back with what was typed
    assert tree(r.text).xpath("//input[@id='r-project']/@value") == ["某焦化项目（示意）"]
    assert _count(db_session) == 0


def test_the_form_grows_a_row_at_a_time_and_takes_every_row(
    db_url: str, db_session: Session, client: TestClient
) -> None:
    """The form's rows are not fixed: each "+ row" button shows the form again with what was
    typed and one more row of its group (nothing stored); the application then takes every row,
    here five fuels where the empty form shows four. A crafted row number past the limit is
    refused naming the field; an unknown group too (422, nothing stored)."""
    csrf = _officer(db_url, client)
    empty = tree(client.get("/review/new").text)
    assert len(empty.xpath("//select[starts-with(@id, 'r-fuel')]")) == 4
    r = client.post("/review/new", data=_form(csrf, more="fuel"))
    assert r.status_code == 200 and _count(db_session) == 0
    doc = tree(r.text)
    assert len(doc.xpath("//select[starts-with(@id, 'r-fuel')]")) == 5
    assert doc.xpath("//input[@id='r-qty1']/@value") == ["5000"]  # what was typed stays
    assert len(doc.xpath("//input[starts-with(@id, 'r-product')]")) == 3
    extra = {"fuel2": "天然气", "qty2": "10", "unit2": "万m3", "fuel3": "柴油", "qty3": "5"}
    extra |= {"unit3": "t", "fuel4": "焦炭", "qty4": "100", "unit4": "t"}
    r = client.post("/review/new", data=_form(csrf, **extra), follow_redirects=False)
    assert r.status_code == 303, r.text
    row = db_session.scalar(select(ProjectRow))
    assert row is not None
    # the fifth fuel (row index 4, past the empty form's four) is part of the application
    assert "焦炭 100.0 t" in tree(client.get(r.headers["location"]).text).xpath("string(//body)")

    r = client.post("/review/new", data=_form(csrf, fuel40="原煤", qty40="1"))
    assert r.status_code == 422
    problems = tree(r.text).xpath("string(//*[@data-testid='review-form-problems'])")
    assert "fuel40" in problems and "40" in problems
    r = client.post("/review/new", data=_form(csrf, more="water"))
    assert r.status_code == 422 and "more" in r.text
    assert _count(db_session) == 1


GOOD = [
    "甲项目（示意）",
    USCC,
    "甲公司",
    "520201",
    "2521",
    "拟建",
    2027,
    "原煤:1000:t",
    "",
    "coke_top:10:万t;coke_stamp:5:万t",
    1000,
]
BAD = ["乙项目（示意）", USCC, "乙公司", "520201", "2521", "拟建", 2027, "木柴:10:t", "", "", 0]


def test_the_register_header_is_the_sheet_format() -> None:
    """The hand-written header names the reader's columns, in its order; a row under it reads
    as the project it describes."""
    titles = [title for _, title in COLUMNS]
    assert [t for t in titles if t in HEADER] == list(HEADER)
    ((n, data),) = read_sheet(register_xlsx(GOOD))
    assert n == 2
    assert (data["project"], data["owner_uscc"]) == ("甲项目（示意）", USCC)
    assert data["start_year"] == 2027
    assert data["annual"] == [{"fuel": "原煤", "quantity": "1000", "unit": "t"}]
    assert data["value_added_10k_yuan"] == 1000


def test_register_upload_refuses_a_bad_row_whole(
    db_url: str, db_session: Session, client: TestClient
) -> None:
    csrf = _officer(db_url, client)
    files = {"file": ("登记表.xlsx", register_xlsx(GOOD, BAD), XLSX)}
    r = client.post("/review/import", data={"csrf_token": csrf}, files=files)
    assert r.status_code == 422
    problems = tree(r.text).xpath("string(//*[@data-testid='review-upload-problems'])")
    assert "3" in problems and "annual[0].fuel" in problems and "木柴" in problems
    assert _count(db_session) == 0  # the good row 2 is not kept either

    files = {"file": ("登记表.xlsx", register_xlsx(GOOD, GOOD), XLSX)}
    r = client.post(
        "/review/import", data={"csrf_token": csrf}, files=files, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/review"
    assert _count(db_session) == 2

    files = {"file": ("x.xlsx", b"not a workbook", XLSX)}
    r = client.post("/review/import", data={"csrf_token": csrf}, files=files)
    assert r.status_code == 422 and "review-upload-problems" in r.text


def test_project_page_states_sources_notes_and_the_decision_in_words(
    db_url: str, db_session: Session, client: TestClient
) -> None:
    csrf = _officer(db_url, client)
    r = client.post("/review/new", data=_form(csrf), follow_redirects=False)
    pid = int(r.headers["location"].rsplit("/", 1)[1])
    page = client.get(f"/review/{pid}").text
    doc = tree(page)
    # coke_top: 110/135 of 发改产业〔2021〕1609号, UNVERIFIED in review/data/benchmarks.csv
    (status,) = doc.xpath("//*[@data-testid='benchmark-status']")
    assert status.text_content() == "UNVERIFIED"
    assert "1609号" in status.getparent().text_content()
    # the coal rate standing in for 2026 sits beside the 等价值, not only in the folded trace
    (note,) = doc.xpath("//*[@data-testid='equal-value-note']")
    assert "302.4 gce/kWh" in note.text_content() and "无公布值" in note.text_content()
    assert not note.xpath("ancestor::details")
    # every figure of the assessment right-aligned in its cell, the 等价值 (its note under it)
    # like the others; 两高 and the authority are words
    (table,) = doc.xpath("//table[@data-testid='review-assessment']")
    rows = [(tr.xpath("string(th)"), tr.xpath("td")[0].get("class")) for tr in table.xpath(".//tr")]
    assert rows == [
        ("综合能耗 当量值（吨标准煤）", "num"),
        ("综合能耗 等价值（吨标准煤）", "num"),
        ("原料用能（吨标准煤，当量值）", "num"),
        ("新增可再生能源（吨标准煤，当量值）", "num"),
        ("纳入能耗双控（吨标准煤，等价值）", "num"),
        ("二氧化碳（吨）", "num"),
        ("两高", None),
        ("审查权限", None),
    ]

    officer = Principal(user_id=0, username="officer-form", role=Role.REVIEW_OFFICER)
    project = db_session.get(ProjectRow, pid)
    assert project is not None and project.authority == "provincial"  # the form's coking plant
    decide(
        db_session=db_session,
        project_id=pid,
        outcome="approve",
        principal=officer,
        exception_reason="示意",
        on_behalf_of="provincial",  # the city records the province's opinion
        authority_document="黔发改环资〔2026〕9号（示意）",
        authority_document_date=date(2026, 11, 30),
    )
    db_session.commit()
    (shown,) = tree(client.get(f"/review/{pid}").text).xpath("//*[@data-outcome='approve']")
    assert shown.text_content() == "同意"
    client.post("/lang", data={"lang": "en", "csrf_token": csrf})
    en = tree(client.get(f"/review/{pid}").text).xpath("//*[@data-outcome='approve']")
    assert en[0].text_content() == "approve"
