"""Server-side time of every web page with the demo data (claim: p95 under 200 ms).

Loads the demo (``carbonpeak.bootstrap.load_demo``: plan, illustrative inventory and the bundled
reference inventories, tracking and monitoring data; ``CARBONPEAK_DEMO_MONITORING_DAYS`` sets
the days of meter readings, default 365) into a temporary SQLite database, logs in through
the login form (admin, and the unit editor for its workspace and a report form) with an
in-process TestClient, and requests each page ``ROUNDS`` times after one warm-up request.
Prints p50, p95 and max per page (milliseconds, wall time of the whole request: routing,
database, template rendering). No browser: what the server does, not what Chromium draws.

The warm-up request is not counted: it includes the one-off work a fresh process does once
per dataset version (computing the inventory, about 2 s; the scenario runs with 500 Monte
Carlo draws, about 1 s each), which later requests reuse; the first-request time of each page
is printed separately.

Run: .venv/bin/python benchmarks/bench_pages.py [rounds]

Under load (issue 17): ``bench_pages.py --viewers 8 [--requests 200]`` starts ``carbonpeak
serve`` as documented (one process per core, figures computed at start-up) over the demo data
in a temporary SQLite database, logs in as the admin over HTTP, and for the cockpit, inventory,
indicators and scenario pages prints p50/p99 of one viewer alone, then of 8 concurrent viewers
(each its own connection and session), the errors, and the ratio p99(8 viewers) / p50(alone)
(goal: at most 10). Wall time as the client sees it, over real sockets.

Several servers (issue 17, point 5): ``bench_pages.py --two-servers [--viewers 8] [--requests
50]`` loads the demo into a fresh schema of PostgreSQL (``CARBONPEAK_BENCH_POSTGRES_URL``,
default the local ``test`` database), starts two ``carbonpeak serve`` on two ports over it and
the local Redis (``CARBONPEAK_REDIS_URL``, default ``redis://127.0.0.1:6379/0``; figures shared,
a key prefix of this run), and prints per page p50/p99 of one viewer alone (on the first
server), then of the viewers spread over both servers, the ratio p99 / single-viewer p50 and
the load average (``os.getloadavg()``) after each page. ``--workers N`` sets each server's
processes (default 1: two servers of one process on the 2-core machine).
"""

from __future__ import annotations

import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROUNDS = 40
LIMIT_MS = 200.0
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
UNIT = "市能源局"


def _pages(client: object) -> list[str]:
    """The navigation's pages (as the admin sees them) and the plan's sub-pages."""
    from lxml import html

    page = client.get("/").text  # type: ignore[attr-defined]
    nav = [str(h) for h in html.fromstring(page).xpath("//nav[@class='sidenav']//a/@href")]
    doc = html.fromstring(client.get("/monitoring").text)  # type: ignore[attr-defined]
    enterprise = [str(h) for h in doc.xpath("//table[@data-testid='enterprises']//a/@href")][:1]
    inventory = html.fromstring(client.get("/inventory").text)  # type: ignore[attr-defined]
    trace = [str(h) for h in inventory.xpath("//table[@data-testid='by-sector']//a/@href")][:1]
    extra = [
        "/plans/1",
        f"/plans/1?unit={quote(UNIT)}&role=lead",
        "/plans/1/tasks/2.1.1-6",
        "/plans/1/targets",
        "/plans/1/units",
        "/plans/1/warnings",
        f"/workspace?unit={quote(UNIT)}",
        "/indicators/1",
        "/indicators?status=off_track",
        *trace,
        "/inventory?region=520281&year=2010",
        *enterprise,
        "/scenarios/plan",
        "/assessment",
    ]
    return nav + [p for p in extra if p not in nav]


def _unit_pages(client: object) -> list[str]:
    """The unit editor's workspace and the form of the first report it owes."""
    from lxml import html

    doc = html.fromstring(client.get("/workspace").text)  # type: ignore[attr-defined]
    forms = [str(h) for h in doc.xpath("//table[@data-testid='reports-owed']//a/@href")][:1]
    return ["/workspace", *forms]


def _login(client: object, username: str) -> None:
    form = client.get("/login").text  # type: ignore[attr-defined]
    match = CSRF_RE.search(form)
    assert match, "no CSRF token on the login page"
    response = client.post(  # type: ignore[attr-defined]
        "/login",
        data={"username": username, "password": "carbonpeak-demo", "csrf_token": match[1]},
        follow_redirects=False,
    )
    assert response.status_code == 303, f"login of {username} failed: {response.status_code}"


def _measure(client: object, path: str, rounds: int) -> tuple[float, list[float]]:
    start = time.perf_counter()
    first = client.get(path)  # type: ignore[attr-defined]
    cold = (time.perf_counter() - start) * 1000
    assert first.status_code == 200, f"{path}: HTTP {first.status_code}"
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(path)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return cold, times


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18]


LOAD_PAGES = ("/", "/inventory", "/indicators", "/scenarios")
LOAD_GOAL = 10.0


def _pct(times: list[float], q: int) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[q - 1]


def _http_login(base: str) -> Any:
    import httpx

    client = httpx.Client(base_url=base, timeout=120)
    match = CSRF_RE.search(client.get("/login").text)
    assert match, "no CSRF token on the login page"
    reply = client.post(
        "/login",
        data={"username": "admin", "password": "carbonpeak-demo", "csrf_token": match[1]},
        follow_redirects=False,
    )
    assert reply.status_code == 303, f"login failed: {reply.status_code}"
    return client


def _viewers(base: str, path: str, viewers: int, requests: int) -> tuple[list[float], int]:
    """``viewers`` logged-in clients each GET ``path`` ``requests`` times at once."""
    import threading

    clients = [_http_login(base) for _ in range(viewers)]
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    go = threading.Barrier(viewers)

    def view(client: Any) -> None:
        go.wait()
        mine = []
        for _ in range(requests):
            start = time.perf_counter()
            try:
                ok = client.get(path).status_code == 200
            except Exception:
                ok = False
            mine.append((time.perf_counter() - start) * 1000)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=view, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in clients:
        c.close()
    return times, errors[0]


def _load_table(
    alone: Callable[[str], tuple[list[float], int]],
    loaded: Callable[[str], tuple[list[float], int]],
    label: str,
    viewers: int,
) -> float:
    """For each page of ``LOAD_PAGES``: ``alone(path)`` (one viewer), then ``loaded(path)``
    (the concurrent viewers); prints p50/p99 of both, the rate, the errors, the ratio
    p99(loaded) / p50(alone) and the load average after the page; returns the worst ratio."""
    print(
        f"{'page':<14} {'alone p50':>10} {'alone p99':>10} {f'{viewers} p50':>9} "
        f"{f'{viewers} p99':>9} {'req/s':>7} {'errors':>7} {'p99/p50':>8} {'load':>5}"
    )
    worst = 0.0
    for path in LOAD_PAGES:
        one, errors1 = alone(path)
        t = time.perf_counter()
        many, errors = loaded(path)
        rate = len(many) / (time.perf_counter() - t)
        ratio = _pct(many, 99) / statistics.median(one)
        worst = max(worst, ratio)
        print(
            f"{path:<14} {statistics.median(one):10.1f} {_pct(one, 99):10.1f} "
            f"{statistics.median(many):9.1f} {_pct(many, 99):9.1f} {rate:7.1f} "
            f"{errors + errors1:7d} {ratio:8.1f} {os.getloadavg()[0]:5.1f}"
        )
    verdict = "within" if worst <= LOAD_GOAL else "OVER"
    print(
        f"worst p99({label}) / p50(alone) = {worst:.1f}: {verdict} the goal of "
        f"{LOAD_GOAL:.0f}; load average {os.getloadavg()[0]:.1f}"
    )
    return worst


def main_under_load(viewers: int, requests: int) -> None:
    import socket
    import subprocess
    import urllib.request

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "CARBONPEAK_DATA_DIR": tmp,
            "CARBONPEAK_SECRET_KEY": "bench-" + "x" * 40,
            "CARBONPEAK_DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
        }
        os.environ.update(env)
        from carbonpeak.bootstrap import load_demo

        start = time.perf_counter()
        load_demo(url=env["CARBONPEAK_DATABASE_URL"])
        print(f"demo data loaded in {time.perf_counter() - start:.1f} s")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        exe = Path(sys.executable).parent / "carbonpeak"
        server = subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env)  # TRACE
        base = f"http://127.0.0.1:{port}"
        try:
            t0 = time.perf_counter()
            for _ in range(1500):
                try:
                    urllib.request.urlopen(f"{base}/login", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            else:
                raise RuntimeError("the server did not start within 5 minutes")
            print(
                f"server up in {time.perf_counter() - t0:.1f} s (carbonpeak serve, default workers)"
            )
            time.sleep(float(os.environ.get("BENCH_WARM_SECONDS", "20")))  # start-up warming
            uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
            print(f"{os.cpu_count()} CPU(s), Python {platform.python_version()}; {uptime}")
            _load_table(
                lambda path: _viewers(base, path, 1, requests),
                lambda path: _viewers(base, path, viewers, requests),
                f"{viewers} viewers",
                viewers,
            )
            uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
            print(uptime)
        finally:
            server.terminate()
            server.wait(30)


def _wait_up(base: str) -> None:
    import urllib.request

    for _ in range(1500):
        try:
            urllib.request.urlopen(f"{base}/login", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{base} did not start within 5 minutes")


def _spread(bases: list[str], path: str, viewers: int, requests: int) -> tuple[list[float], int]:
    """``viewers`` clients, viewer i on server i mod len(bases), all at once."""
    import threading

    times: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def one(base: str, n: int) -> None:
        got, err = _viewers(base, path, n, requests)
        with lock:
            times.extend(got)
            errors[0] += err

    counts = [viewers // len(bases) + (i < viewers % len(bases)) for i in range(len(bases))]
    pairs = [(b, n) for b, n in zip(bases, counts, strict=True) if n]
    threads = [threading.Thread(target=one, args=pair) for pair in pairs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, errors[0]


def main_two_servers(viewers: int, requests: int, workers: int) -> None:
    import subprocess
    import uuid

    from sqlalchemy import create_engine, make_url, text

    base_url = os.environ.get(
        "CARBONPEAK_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    redis_url = os.environ.get("CARBONPEAK_REDIS_URL", "redis://127.0.0.1:6379/0")
    tag = uuid.uuid4().hex[:10]
    schema = f"cp_bench_pages_{tag}"
    admin = create_engine(base_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = (
        make_url(base_url)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    servers: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "CARBONPEAK_DATA_DIR": tmp,
            "CARBONPEAK_SECRET_KEY": "bench-" + "x" * 40,
            "CARBONPEAK_DATABASE_URL": url,
            "CARBONPEAK_REDIS_URL": redis_url,
            "CARBONPEAK_CACHE_PREFIX": f"cp-bench-{tag}",
        }
        os.environ.update(env)
        os.environ.setdefault("CARBONPEAK_DEMO_MONITORING_DAYS", "60")
        try:
            from carbonpeak.bootstrap import load_demo

            start = time.perf_counter()
            load_demo(url=url)
            print(
                f"demo data loaded into PostgreSQL schema {schema} in "
                f"{time.perf_counter() - start:.1f} s (monitoring days: "
                f"{os.environ['CARBONPEAK_DEMO_MONITORING_DAYS']})"
            )
            exe = Path(sys.executable).parent / "carbonpeak"
            bases = []
            for _ in range(2):
                import socket

                with socket.socket() as s:
                    s.bind(("127.0.0.1", 0))
                    port = s.getsockname()[1]
                cmd = [str(exe), "serve", "--port", str(port), "--workers", str(workers)]
                servers.append(subprocess.Popen(cmd, env=env))  # TRACE
                bases.append(f"http://127.0.0.1:{port}")
            t0 = time.perf_counter()
            for b in bases:
                _wait_up(b)
            print(
                f"two servers up in {time.perf_counter() - t0:.1f} s ({workers} process(es) "
                f"each; PostgreSQL + Redis {redis_url})"
            )
            time.sleep(float(os.environ.get("BENCH_WARM_SECONDS", "20")))  # start-up warming
            print(
                f"{os.cpu_count()} CPU(s), Python {platform.python_version()}; "
                f"load average {os.getloadavg()[0]:.1f}"
            )
            _load_table(
                lambda path: _viewers(bases[0], path, 1, requests),
                lambda path: _spread(bases, path, viewers, requests),
                f"{viewers} viewers over 2 servers",
                viewers,
            )
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(30)
            from carbonpeak.core.shared import redis_client

            client = redis_client(redis_url)
            for key in client.scan_iter(f"cp-bench-{tag}:*"):
                client.delete(key)
            from carbonpeak.db.session import get_engine

            get_engine(url).dispose()
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


def main() -> None:
    if "--two-servers" in sys.argv:
        args = sys.argv[1:]
        viewers = int(args[args.index("--viewers") + 1]) if "--viewers" in args else 8
        requests = int(args[args.index("--requests") + 1]) if "--requests" in args else 50
        workers = int(args[args.index("--workers") + 1]) if "--workers" in args else 1
        main_two_servers(viewers, requests, workers)
        return
    if "--viewers" in sys.argv:
        args = sys.argv[1:]
        viewers = int(args[args.index("--viewers") + 1])
        requests = int(args[args.index("--requests") + 1]) if "--requests" in args else 200
        main_under_load(viewers, requests)
        return
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else ROUNDS
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CARBONPEAK_DATA_DIR"] = tmp
        os.environ.setdefault("CARBONPEAK_SECRET_KEY", "bench-" + "x" * 40)
        from fastapi.testclient import TestClient

        from carbonpeak.bootstrap import load_demo
        from carbonpeak.web.app import create_app

        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        start = time.perf_counter()
        load_demo(url=url)
        days = os.environ.get("CARBONPEAK_DEMO_MONITORING_DAYS", "the demo's default")
        print(f"demo data loaded in {time.perf_counter() - start:.1f} s (monitoring days: {days})")
        rows: list[tuple[str, str, float, list[float]]] = []
        for username in ("admin", "nengyuan"):
            with TestClient(create_app(url)) as client:
                _login(client, username)
                paths = _pages(client) if username == "admin" else _unit_pages(client)
                for path in paths:
                    rows.append((username, path, *_measure(client, path, rounds)))
    print(
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPU(s); SQLite; {rounds} requests per page"
    )
    print(f"{'user':<9} {'page':<44} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    worst = 0.0
    for user, path, cold, times in rows:
        p95 = _p95(times)
        worst = max(worst, p95)
        print(
            f"{user:<9} {path[:44]:<44} {cold:9.0f} {statistics.median(times):8.1f} "
            f"{p95:8.1f} {max(times):8.1f}"
        )
    verdict = "under" if worst < LIMIT_MS else "OVER"
    print(f"worst p95 {worst:.1f} ms: {verdict} the {LIMIT_MS:.0f} ms goal")


if __name__ == "__main__":
    main()
