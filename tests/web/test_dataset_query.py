"""The cockpit and scenario pages declare their dataset and version through one shared
dependency (issue 19, point 8; the overview: issue 17)."""

from __future__ import annotations

from fastapi.routing import APIRoute

from carbonpeak.web.dataset_choice import DatasetQuery, dataset_query
from carbonpeak.web.routes import cockpit, overview, scenario_pages


def _dependencies(route: APIRoute) -> list[object]:
    return [d.call for d in route.dependant.dependencies]


def test_pages_with_a_dataset_selector_share_one_query() -> None:
    routes = {
        r.path: r
        for router in (cockpit.router, overview.router, scenario_pages.router)
        for r in router.routes
        if isinstance(r, APIRoute)
    }
    for path in ("/", "/cockpit", "/scenarios", "/scenarios/{name}"):
        route = routes[path]
        assert dataset_query in _dependencies(route), path
        own = {p.name for p in route.dependant.query_params}
        assert not own & {"dataset", "version"}, (path, own)


def test_the_query_reads_dataset_and_version() -> None:
    assert dataset_query("", "") == DatasetQuery(None, None)
    assert dataset_query("city", "3") == DatasetQuery("city", 3)
    assert dataset_query("city", "x") == DatasetQuery("city", None)
