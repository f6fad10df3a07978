"""The access policy: for every route of the app, who may call it (访问权限表).

One table, decided route by route and enforced in one place (``api_guard`` for /api/v1,
``page_guard`` for the web pages). ``check_policy_covers`` refuses to build the app when a
route has no entry, so a new route cannot ship without a decision; the README's "Access and
security" section shows the same table.

Levels:

- ``public``: anyone, no login (the published plan, published reference data, the bundled
  scenarios, the factor library, the login page and static files).
- ``published``: anyone once published; a draft needs a login (the handler checks: assessments).
- ``login``: any logged-in user; the handler narrows further (an enterprise sees only its own
  enterprise, a unit editor writes only its unit's tasks, writes check roles).
- ``staff``: logged-in government users (admin, unit editor, viewer, review officer), not
  enterprise accounts:
  drafts, review comments, indicator values before publication, activity data, inventories.
- ``admin``: administrators only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.routing import APIRoute, iter_route_contexts

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal, optional_principal
from carbonpeak.core.errors import InputError, NotFound, Problem
from carbonpeak.web.session import LoginRequired, optional_user


class Access(StrEnum):
    PUBLIC = "public"
    PUBLISHED = "published"
    LOGIN = "login"
    STAFF = "staff"
    ADMIN = "admin"


STAFF_ROLES = (Role.ADMIN, Role.UNIT_EDITOR, Role.VIEWER, Role.REVIEW_OFFICER)
P, PUB, L, S, A = Access.PUBLIC, Access.PUBLISHED, Access.LOGIN, Access.STAFF, Access.ADMIN

#: The roles each level admits (``None``: anyone, logged in or not). The guards enforce it and
#: the navigation shows a link only where it admits the user (``may_open``).
ADMITS: dict[Access, tuple[Role, ...] | None] = {
    Access.PUBLIC: None,
    Access.PUBLISHED: None,
    Access.LOGIN: tuple(Role),
    Access.STAFF: STAFF_ROLES,
    Access.ADMIN: (Role.ADMIN,),
}

#: (method, path pattern as FastAPI declares it, access). HEAD follows GET.
POLICY: tuple[tuple[str, str, Access], ...] = (
    # API documentation and static files
    ("GET", "/openapi.json", P),
    ("GET", "/docs", P),
    ("GET", "/docs/oauth2-redirect", P),
    ("GET", "/redoc", P),
    ("GET", "/static", P),
    ("GET", "/static-offline-docs", P),
    ("GET", "/vendor/plotly-7.1.0.min.js", P),
    # accounts and the audit log
    ("GET", "/api/v1/auth/me", L),
    ("POST", "/api/v1/auth/tokens", L),
    ("GET", "/api/v1/auth/tokens", L),
    ("DELETE", "/api/v1/auth/tokens/{token_id}", L),
    ("GET", "/api/v1/audit", A),
    # the plan (published: public; writes check roles)
    ("GET", "/api/v1/plans", P),
    ("POST", "/api/v1/plans", A),
    ("GET", "/api/v1/plans/{plan_ref}", P),
    ("GET", "/api/v1/plans/{plan_ref}/document", P),
    ("GET", "/api/v1/plans/{plan_ref}/export.yaml", P),
    ("GET", "/api/v1/plans/{plan_ref}/warnings", S),
    ("GET", "/api/v1/plans/{plan_ref}/tree", P),
    ("GET", "/api/v1/plans/{plan_ref}/tasks", P),
    ("GET", "/api/v1/plans/{plan_ref}/tasks/{task_id}", P),
    ("PATCH", "/api/v1/plans/{plan_ref}/tasks/{task_id}", L),
    ("GET", "/api/v1/plans/{plan_ref}/targets", P),
    ("GET", "/api/v1/plans/{plan_ref}/benchmarks", P),
    ("GET", "/api/v1/plans/{plan_ref}/units", P),
    ("GET", "/api/v1/plans/{plan_ref}/units/{unit}/tasksheet", P),
    # inventory: activity data and inventories are internal; reference data is published
    ("POST", "/api/v1/inventory/import", L),
    ("POST", "/api/v1/inventory/factor-sets", L),
    ("GET", "/api/v1/inventory/factor-sets", P),
    ("GET", "/api/v1/inventory/datasets", S),
    ("GET", "/api/v1/inventory/datasets/{dataset}/versions", S),
    ("POST", "/api/v1/inventory/calc", P),  # the public calculator: rows capped
    ("POST", "/api/v1/inventory/calc/upload", L),
    ("GET", "/api/v1/inventory/inventories", S),
    ("GET", "/api/v1/inventory/totals", S),
    ("GET", "/api/v1/inventory/uncertainty", S),
    ("GET", "/api/v1/inventory/rows", S),
    ("GET", "/api/v1/inventory/explain", S),
    ("GET", "/api/v1/inventory/indicators", S),
    ("GET", "/api/v1/inventory/district-sum", S),
    ("GET", "/api/v1/inventory/export.xlsx", S),
    ("GET", "/api/v1/inventory/references", P),
    ("GET", "/api/v1/inventory/references/{dataset}/series", P),
    ("GET", "/api/v1/inventory/compare", S),
    ("GET", "/api/v1/inventory/reconcile-outputs", S),
    # monitoring: enterprise data (an enterprise sees only its own; checked in the handlers)
    ("POST", "/api/v1/monitoring/readings", L),
    ("GET", "/api/v1/monitoring/points/{code}/readings", L),
    ("GET", "/api/v1/monitoring/dead-letters", L),
    ("GET", "/api/v1/monitoring/enterprises", L),
    ("GET", "/api/v1/monitoring/enterprises/{code}", L),
    # registry writes: admin registers an enterprise; admin or the enterprise's own user
    # changes it and registers or changes its metering points (checked in the handlers)
    ("POST", "/api/v1/monitoring/enterprises", A),
    ("PUT", "/api/v1/monitoring/enterprises/{code}", L),
    ("POST", "/api/v1/monitoring/enterprises/{code}/points", L),
    ("PUT", "/api/v1/monitoring/points/{code}", L),
    ("GET", "/api/v1/monitoring/enterprises/{code}/consumption", L),
    ("GET", "/api/v1/monitoring/enterprises/{code}/processes", L),
    ("GET", "/api/v1/monitoring/totals", L),
    ("GET", "/api/v1/monitoring/alerts", L),
    ("POST", "/api/v1/monitoring/alerts/{alert_id}/state", L),
    ("GET", "/api/v1/monitoring/enterprises/{code}/findings", L),
    ("POST", "/api/v1/monitoring/monthly", L),
    ("GET", "/api/v1/monitoring/enterprises/{code}/monthly", L),
    ("GET", "/api/v1/monitoring/enterprises/{code}/rejected", L),
    # tracking: indicator definitions come from the published plan; values, statuses,
    # progress, reports (drafts, review comments) and warnings are internal
    ("GET", "/api/v1/tracking/{plan_ref}/indicators", P),
    ("POST", "/api/v1/tracking/{plan_ref}/indicators/sync", L),
    ("PATCH", "/api/v1/tracking/indicators/{indicator_id}", L),
    ("GET", "/api/v1/tracking/indicators/{indicator_id}/values", S),
    ("POST", "/api/v1/tracking/indicators/{indicator_id}/values", L),
    ("POST", "/api/v1/tracking/values/{value_id}/corrections", L),
    ("POST", "/api/v1/tracking/indicators/{indicator_id}/values/import", L),
    ("POST", "/api/v1/tracking/{plan_ref}/computed", L),
    ("GET", "/api/v1/tracking/{plan_ref}/statuses", S),
    ("PATCH", "/api/v1/tracking/{plan_ref}/targets/{target_key}", L),
    ("PUT", "/api/v1/tracking/{plan_ref}/targets/{target_key}/override", L),
    ("DELETE", "/api/v1/tracking/{plan_ref}/targets/{target_key}/override", L),
    ("GET", "/api/v1/tracking/{plan_ref}/warnings", S),
    ("POST", "/api/v1/tracking/{plan_ref}/warnings/check", L),
    ("PUT", "/api/v1/tracking/contacts", L),
    ("GET", "/api/v1/tracking/outbox", A),
    ("GET", "/api/v1/tracking/{plan_ref}/assessments/{year}", PUB),
    ("POST", "/api/v1/tracking/{plan_ref}/assessments/{year}", L),
    ("POST", "/api/v1/tracking/{plan_ref}/assessments/{year}/publish", L),
    ("GET", "/api/v1/tracking/{plan_ref}/assessments/{year}/report", PUB),
    ("POST", "/api/v1/tracking/{plan_ref}/assessments/{year}/report/jobs", PUB),
    ("GET", "/api/v1/tracking/{plan_ref}/tasks/{task_key}/progress", S),
    ("PATCH", "/api/v1/tracking/{plan_ref}/tasks/{task_key}/progress", L),
    ("POST", "/api/v1/tracking/{plan_ref}/tasks/{task_key}/milestones", L),
    ("PATCH", "/api/v1/tracking/milestones/{milestone_id}", L),
    ("POST", "/api/v1/tracking/{plan_ref}/periods/{year}", L),
    ("GET", "/api/v1/tracking/{plan_ref}/reports/owed", S),
    ("GET", "/api/v1/tracking/{plan_ref}/reports", S),
    ("PUT", "/api/v1/tracking/{plan_ref}/reports/{period_key}/tasks/{task_key}", L),
    ("POST", "/api/v1/tracking/reports/{report_id}/submit", L),
    ("POST", "/api/v1/tracking/reports/{report_id}/review", L),
    ("PUT", "/api/v1/tracking/reports/{report_id}/contribution", L),
    ("POST", "/api/v1/tracking/reports/{report_id}/attachments", L),
    ("GET", "/api/v1/tracking/attachments/{attachment_id}", L),
    # queued jobs: shown to whoever asked (the handler checks; an anonymous job to its id)
    ("GET", "/api/v1/jobs/{job_id}", P),
    ("GET", "/api/v1/jobs/{job_id}/files/{fmt}", P),
    # scenarios: the bundled scenarios are public (runs capped per role); saved runs internal
    ("GET", "/api/v1/scenarios", P),
    ("GET", "/api/v1/scenarios/compare", P),
    ("GET", "/api/v1/scenarios/runs", S),
    ("GET", "/api/v1/scenarios/runs/{run_id}", S),
    ("POST", "/api/v1/scenarios/custom/run", P),
    ("GET", "/api/v1/scenarios/{name}", P),
    ("POST", "/api/v1/scenarios/{name}/run", P),
    ("GET", "/api/v1/scenarios/{name}/wedges", P),
    ("GET", "/api/v1/scenarios/{name}/districts", P),
    ("GET", "/api/v1/scenarios/{name}/iamc.csv", P),
    ("GET", "/api/v1/scenarios/{name}/sensitivity", L),  # Sobol: heavy, so not anonymous
    # the accounting methods (what each parameter cites): published documentation
    ("GET", "/api/v1/inventory/methods", P),
    # published statistics: public; imports by admins and unit editors (handler checks)
    ("GET", "/api/v1/stats/indicators", P),
    ("GET", "/api/v1/stats/values", P),
    ("GET", "/api/v1/stats/values.csv", P),
    ("GET", "/api/v1/stats/coverage", P),
    ("POST", "/api/v1/stats/import", L),
    # energy review: enterprises assess, submit and see their own projects (handlers scope by
    # USCC); decisions, ledger, budgets and inspections need a review officer (handlers check)
    ("POST", "/api/v1/review/assess", L),
    ("GET", "/api/v1/review/projects", L),
    ("POST", "/api/v1/review/projects", L),
    ("POST", "/api/v1/review/projects/import", L),
    ("GET", "/api/v1/review/projects/export", L),
    ("GET", "/api/v1/review/projects/{project_id}", L),
    ("POST", "/api/v1/review/projects/{project_id}/decision", L),
    ("GET", "/api/v1/review/projects/{project_id}/opinion", L),
    ("POST", "/api/v1/review/projects/{project_id}/commission", L),
    ("GET", "/api/v1/review/ledger", S),
    ("POST", "/api/v1/review/ledger", S),
    ("POST", "/api/v1/review/ledger/events", S),
    ("GET", "/api/v1/review/alerts", S),
    ("POST", "/api/v1/review/followup", S),
    ("GET", "/api/v1/review/twohigh", S),
    ("GET", "/api/v1/review/budgets", S),
    ("PUT", "/api/v1/review/budgets", S),
    ("GET", "/api/v1/review/inspections", S),
    ("POST", "/api/v1/review/inspections", S),
    ("POST", "/api/v1/review/inspections/{case_id}", S),
    ("GET", "/api/v1/review/tiered/{code}", S),
    # web pages
    ("GET", "/login", P),
    ("POST", "/login", P),
    ("POST", "/logout", P),
    ("POST", "/logout/all", P),
    ("POST", "/lang", P),
    ("GET", "/", L),
    ("GET", "/plans", L),
    ("GET", "/plans/{plan_ref}", L),
    ("GET", "/plans/{plan_ref}/targets", L),
    ("GET", "/plans/{plan_ref}/units", L),
    ("GET", "/plans/{plan_ref}/warnings", A),
    ("GET", "/plans/{plan_ref}/tasks/{task_key}", L),
    ("POST", "/plans/{plan_ref}/tasks/{task_key}", L),
    # indicator values before publication, inventories, statuses and unit reports are
    # internal, as their API routes are: staff only (an enterprise has its own monitoring page)
    ("GET", "/indicators", S),
    ("GET", "/indicators/{indicator_id}", S),
    ("POST", "/indicators/{indicator_id}/values", S),
    ("GET", "/inventory", S),
    ("GET", "/inventory/trace", S),
    ("GET", "/monitoring", L),
    ("GET", "/monitoring/{code}", L),
    ("GET", "/scenarios", L),
    ("GET", "/scenarios/{name}", L),
    # the leaders' cockpit, published statistics, the city default dataset (admin: handler)
    ("GET", "/cockpit", S),
    ("GET", "/cockpit/warnings", S),
    ("GET", "/stats", L),
    ("POST", "/inventory/default", A),
    # energy review pages: an enterprise sees and submits its own projects; decisions need
    # the review officer (handlers check)
    ("GET", "/review", L),
    ("GET", "/review/new", L),
    ("POST", "/review/new", L),
    ("POST", "/review/import", L),
    ("GET", "/review/twohigh", S),
    ("GET", "/review/ledger", S),
    ("GET", "/review/budget", S),
    ("GET", "/review/inspections", S),
    ("GET", "/review/{project_id}", L),
    ("POST", "/review/{project_id}/decision", L),
    ("GET", "/review/{project_id}/opinion.docx", L),
    ("GET", "/workspace", L),
    ("GET", "/workspace/reports/{period_key}/{task_key}", S),
    ("POST", "/workspace/reports/{period_key}/{task_key}", S),
    ("GET", "/workspace/attachments/{attachment_id}", L),
    ("POST", "/workspace/reports/{period_key}/{task_key}/review", A),
    ("GET", "/assessment", L),
    ("GET", "/audit", A),
)

_TABLE: dict[tuple[str, str], Access] = {(m, p): a for m, p, a in POLICY}


def access_of(method: str, path: str) -> Access | None:
    """The decision for one route (``HEAD`` is decided as ``GET``), or ``None``."""
    method = "GET" if method == "HEAD" else method
    return _TABLE.get((method, path))


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", pattern)
    body = "".join(
        (".+" if p.endswith(":path}") else "[^/]+") if p.startswith("{") else re.escape(p)
        for p in parts
    )
    return re.compile(body)


#: (method, pattern, compiled pattern, number of parameters, access), the literal routes
#: first: a concrete path (``/review/ledger``) is decided by its own entry, not by
#: ``/review/{project_id}``.
_MATCHERS = sorted(
    ((m, p, _pattern_regex(p), p.count("{"), a) for m, p, a in POLICY),
    key=lambda row: row[3],
)


def _matcher_of(method: str, url: str) -> tuple[str, Access] | None:
    method = "GET" if method == "HEAD" else method
    path = url.split("#", 1)[0].split("?", 1)[0]
    for m, pattern, regex, _params, access in _MATCHERS:
        if m == method and regex.fullmatch(path):
            return pattern, access
    return None


def route_of(method: str, url: str) -> str | None:
    """The policy entry (path pattern) deciding a concrete URL, or ``None``."""
    found = _matcher_of(method, url)
    return found[0] if found else None


def access_of_path(method: str, url: str) -> Access | None:
    """The decision for a concrete URL (``/plans/1/warnings?x=1#y``), or ``None``."""
    found = _matcher_of(method, url)
    return found[1] if found else None


def admits(access: Access, role: str | None) -> bool:
    """Whether a user of ``role`` (``None``: not logged in) passes the guard of ``access``."""
    roles = ADMITS[access]
    return roles is None or (role is not None and role in roles)


def may_open(role: str | None, url: str, method: str = "GET") -> bool:
    """Whether the guard lets a user of ``role`` open ``url``: what the navigation, the tabs
    and the links of a page ask before showing a link (an unknown URL is closed). Handlers
    may narrow further (an enterprise sees only its own projects); they never widen."""
    access = access_of_path(method, url)
    return access is not None and admits(access, role)


def app_routes(app: FastAPI) -> Iterable[tuple[str, str]]:
    """Every (method, path) the app serves, nested routers flattened, HEAD left out."""
    for context in iter_route_contexts(app.routes):
        path = context.path
        if path is None:
            continue
        for method in sorted(context.methods or {"GET"}):
            if method != "HEAD":
                yield method, path


def undecided_routes(app: FastAPI) -> list[tuple[str, str]]:
    return [r for r in app_routes(app) if access_of(*r) is None]


def check_policy_covers(app: FastAPI) -> None:
    """Refuse to build an app with a route nobody decided about."""
    missing = undecided_routes(app)
    if missing:
        listed = ", ".join(f"{m} {p}" for m, p in missing)
        raise RuntimeError(f"routes without an access decision in web/access.py: {listed}")


def _route_access(request: Request) -> Access:
    route = request.scope.get("route")
    full_paths: dict[int, str] = request.app.state.route_paths
    path = full_paths.get(id(route)) if route is not None else None
    access = access_of(request.method, path) if path else None
    # A route the table does not know cannot be reached (check_policy_covers), but if one
    # were, it is closed rather than open.
    return access or Access.ADMIN


def remember_route_paths(app: FastAPI) -> None:
    """Map each route object to its full path (nested routers hide their prefixes)."""
    paths: dict[int, str] = {}
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute) and context.path is not None:
            paths[id(context.original_route)] = context.path
    app.state.route_paths = paths


def enforce(access: Access, principal: Principal) -> None:
    roles = ADMITS[access]
    if roles is not None:
        require_role(principal, *roles)


#: Ids are INTEGER columns (32 bits on PostgreSQL): a larger number names no row, and passing
#: it to the database would be an error (a 500) instead of an answer.
DB_INT_MAX = 2**31 - 1
_INTEGER = re.compile(r"[+-]?\d+")


def _out_of_range(value: str) -> bool:
    if not _INTEGER.fullmatch(value):
        return False
    return len(value) > 12 or abs(int(value)) > DB_INT_MAX


def check_integer_range(request: Request) -> None:
    """A path id past the database's range is a 404, a query number past it a 422."""
    for name, value in request.path_params.items():
        if isinstance(value, str) and _out_of_range(value):
            raise NotFound(f"{name}: 不存在 / no such {name}: {value[:40]}")
    if not request.scope.get("query_string"):  # most API requests: nothing to parse
        return
    problems = [
        Problem(None, name, f"超出范围 / out of range (at most {DB_INT_MAX})")
        for name, value in request.query_params.multi_items()
        if _out_of_range(value)
    ]
    if problems:
        raise InputError(f"{problems[0].field}: 超出范围 / out of range", problems)


async def api_guard(
    request: Request, principal: Annotated[Principal | None, Depends(optional_principal)]
) -> None:
    """Every /api/v1 route: 401 for an anonymous caller where a login is needed, 403 for a
    role the table does not admit (handlers still check their own finer rules); then
    numbers past the database's integer range are refused. ``async``: a few dictionary
    look-ups, no I/O, so it runs on the event loop instead of costing every API request a
    hop to the thread pool and back (the caller is found by ``optional_principal``)."""
    access = _route_access(request)
    if access not in (Access.PUBLIC, Access.PUBLISHED):
        enforce(access, current_principal(principal))
    check_integer_range(request)


def page_guard(request: Request, user: Annotated[Principal | None, Depends(optional_user)]) -> None:
    """Every web page: anonymous visitors go to the login page where a login is needed."""
    access = _route_access(request)
    if access in (Access.PUBLIC, Access.PUBLISHED):
        return
    if user is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    enforce(access, user)
