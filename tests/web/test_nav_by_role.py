"""The navigation shows each role only what it may open (issue 14: an enterprise saw the
review's staff tabs, which answered 403). What a link may show is asked of the access policy
(``web/access.py``): ``may_open`` is checked here by hand for the review's pages, then a walk
over the demo as the enterprise user (gangtie) and the unit editor (nengyuan) follows every
link of every page of their navigation and finds none that answers 401 or 403, and no form
that posts where the role may not."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from carbonpeak.web.access import POLICY, Access, access_of_path, may_open, route_of
from carbonpeak.web.nav import MODULES, modules_for
from tests.review_tabs import ENTERPRISE_REVIEW_TABS, STAFF_REVIEW_TABS
from tests.web.conftest import login, tree


@pytest.mark.parametrize(
    ("role", "url", "allowed"),
    [
        # an enterprise: its projects, the form, a project; none of the staff lists
        ("enterprise", "/review", True),
        ("enterprise", "/review/new", True),
        ("enterprise", "/review/12", True),
        ("enterprise", "/review/12/opinion.docx", True),
        ("enterprise", "/review/twohigh", False),
        ("enterprise", "/review/ledger#district-520201", False),  # not /review/{project_id}
        ("enterprise", "/review/budget?year=2025", False),
        ("enterprise", "/review/inspections", False),
        ("enterprise", "/plans/1/warnings", False),
        ("enterprise", "/audit", False),
        ("enterprise", "/monitoring", True),
        # government staff: the review's lists, not the admin's pages
        ("unit_editor", "/review/ledger", True),
        ("viewer", "/review/inspections", True),
        ("review_officer", "/review/budget", True),
        ("unit_editor", "/plans/1/warnings", False),
        ("unit_editor", "/audit", False),
        ("admin", "/audit", True),
        ("admin", "/plans/1/warnings", True),
        # no login: the public pages only; an unknown URL is closed
        (None, "/login", True),
        (None, "/", False),
        ("admin", "/no-such-page", False),
    ],
)
def test_may_open(role: str | None, url: str, allowed: bool) -> None:
    assert may_open(role, url) is allowed


def test_every_entry_decides_its_own_urls() -> None:
    """A concrete URL of every policy entry (parameters filled in) is decided by that entry,
    not by a wider pattern beside it (``/review/ledger`` is not ``/review/{project_id}``)."""
    for method, pattern, access in POLICY:
        url = "/".join("7" if "{" in part else part for part in pattern.split("/"))
        assert access_of_path(method, url) == access, (method, pattern, url)
    assert access_of_path("POST", "/review/7/decision") == Access.LOGIN
    assert access_of_path("GET", "/review/ledger") == Access.STAFF


def test_the_side_navigation_follows_the_policy() -> None:
    every = [m.path for m in MODULES]
    assert [m.path for m in modules_for("admin")] == every
    # an enterprise account: no city inventory, indicators or cockpit (internal, staff only)
    staff_only = {"/audit", "/indicators", "/inventory", "/cockpit"}
    assert [m.path for m in modules_for("enterprise")] == [p for p in every if p not in staff_only]
    assert [m.path for m in modules_for("unit_editor")] == [p for p in every if p != "/audit"]


def _links(page: str) -> list[str]:
    doc = tree(page)
    hrefs = [str(h) for h in doc.xpath("//a/@href")]
    return [h for h in hrefs if h.startswith("/") and not h.startswith("/static/")]


def _walk(client: TestClient, role: str) -> dict[str, int]:
    """Every link of the side navigation's pages and of the pages they link to (one URL per
    policy entry), with the status each answered."""
    seen: dict[str, int] = {}
    queue = [m.path for m in modules_for(role)]
    depth = {url: 0 for url in queue}
    routes = {route_of("GET", url) for url in queue}
    while queue:
        url = queue.pop(0)
        response = client.get(url)  # a redirect followed (the enterprise's /monitoring)
        seen[url] = response.status_code
        if depth[url] >= 2 or "html" not in response.headers.get("content-type", ""):
            continue
        doc = tree(response.text)
        for form in doc.xpath("//form[translate(@method, 'POST', 'post')='post']"):
            action = str(form.get("action") or url)
            assert may_open(role, action, "POST"), (role, url, "form", action)
        for link in _links(response.text):
            target = link.split("#", 1)[0]
            route = route_of("GET", target) or target  # an unknown URL: visited (a 404)
            if target in depth or route in routes:
                continue
            routes.add(route)
            depth[target] = depth[url] + 1
            queue.append(target)
    return seen


def test_no_link_answers_403_for_the_enterprise_or_the_unit_editor(
    demo_client: TestClient,
) -> None:
    for username, role in (("gangtie", "enterprise"), ("nengyuan", "unit_editor")):
        demo_client.cookies.clear()
        login(demo_client, username, "carbonpeak-demo")
        tabs = tree(demo_client.get("/review").text).xpath("//nav[@class='tabs']//a/@href")
        if role == "enterprise":
            assert tabs == list(ENTERPRISE_REVIEW_TABS)
        else:
            assert tabs == list(STAFF_REVIEW_TABS)
        seen = _walk(demo_client, role)
        # the walk walked: the enterprise's pages are fewer (no inventory, indicators, cockpit)
        assert len(seen) >= (12 if role == "enterprise" else 20), seen
        refused = {url: status for url, status in seen.items() if status in (401, 403)}
        assert not refused, (role, refused)
        assert all(status == 200 for status in seen.values()), (role, seen)
        # the walk reached the review's pages the role may open
        assert seen["/review"] == 200 and seen["/review/new"] == 200
        if role == "unit_editor":
            assert seen["/review/ledger"] == 200
