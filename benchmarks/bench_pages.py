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
(goal: at most 10). Wall time as the client sees it, over real sockets. ``--workers N`` sets
the server's processes (default one per core).

The viewers' client (stop 24). Each viewer is logged in over HTTP (httpx) with its own session
and keeps one connection; it sends a GET, reads the whole reply, then sends the next: 8
concurrent viewers, none with more than one request out. By default (``--client socket``) the
8 viewers run in one asyncio event loop over plain sockets (HTTP/1.1, keep-alive, the reply
read to its ``Content-Length``; a ``Connection: close`` reply makes the viewer reconnect, as a
browser does). Until stop 23 each viewer was an httpx client in its own thread
(``--client threads``, kept for comparison): ~1.4 ms of client CPU per request, 8 threads
sharing one interpreter lock, beside a server on the same 2 cores, which is 10-15 % of a
scenario page's own time; the socket client spends a fraction of that (printed as "client
CPU ms/request"). The workload is the same; what changed is how much of the machine the
measuring takes.

Where the tail comes from (stop 24). The server runs with ``CARBONPEAK_SERVER_TIMING=1``
(``carbonpeak.web.pacing``): every page reply says how long it waited for its turn in its
process (``queue``), how long the page itself took (``app``), how much of that was garbage
collection (``gc``) and which process answered (``pid``). After the table, one line per page
and run gives the mean of these over the slowest 1 % of the replies (the rest: sockets, event
loop, client), the page's median own time under load, how the viewers were spread over the
server's processes and the client's CPU per request.

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


def _threads_viewers(
    base: str, path: str, viewers: int, requests: int, tails: list[str] | None = None
) -> tuple[list[float], int]:
    """``viewers`` logged-in clients each GET ``path`` ``requests`` times at once: one httpx
    client per viewer, each in its own thread (``--client threads``, as in stop 23)."""
    import threading

    clients = [_http_login(base) for _ in range(viewers)]
    per_viewer: list[list[Sample]] = []
    lock = threading.Lock()
    go = threading.Barrier(viewers)

    def view(client: Any) -> None:
        go.wait()
        mine: list[Sample] = []
        for _ in range(requests):
            start = time.perf_counter()
            try:
                reply = client.get(path)
                status, timing = reply.status_code, reply.headers.get("server-timing", "")
            except Exception:
                status, timing = 0, ""
            mine.append(_sample((time.perf_counter() - start) * 1000, status, timing))
        with lock:
            per_viewer.append(mine)

    threads = [threading.Thread(target=view, args=(c,)) for c in clients]
    cpu = time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cpu = time.process_time() - cpu
    for c in clients:
        c.close()
    samples = [s for mine in per_viewer for s in mine]
    if tails is not None:
        tails.append(_tail_line(path, viewers, per_viewer, cpu))
    return [s[0] for s in samples], sum(1 for s in samples if s[1] != 200)


def _sample(ms: float, status: int, server_timing: str) -> Sample:
    timing = dict(
        (part.split(";")[0].strip(), part.split("=", 1)[1])
        for part in server_timing.split(",")
        if "=" in part
    )
    queue = float(timing["queue"]) if "queue" in timing else None
    app = float(timing["app"]) if "app" in timing else None
    pid, gc, cpu = timing.get("pid", "?"), float(timing.get("gc", 0)), float(timing.get("cpu", 0))
    return (ms, status, queue, app, pid, gc, cpu)


def _session_cookie(client: Any) -> str:
    """The ``Cookie`` header of a logged-in httpx client."""
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


#: Per reply of the socket client: wall ms as the viewer saw it, the status, the server's
#: ``queue`` and ``app`` ms (``Server-Timing``, None without it) and the answering process.
Sample = tuple[float, int, float | None, float | None, str, float, float]


async def _socket_viewer(
    host: str, port: int, path: str, cookie: str, requests: int, go: Any
) -> list[Sample]:
    """One viewer on one keep-alive connection: GET, read the whole reply, GET again."""
    import asyncio

    reader, writer = await asyncio.open_connection(host, port)
    head = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n"
        "Accept: text/html\r\nConnection: keep-alive\r\n\r\n"
    ).encode()
    samples: list[Sample] = []
    await go.wait()
    try:
        for _ in range(requests):
            start = time.perf_counter()
            writer.write(head)
            raw = await reader.readuntil(b"\r\n\r\n")
            lines = raw.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    name, value = line.split(":", 1)
                    headers[name.strip().lower()] = value.strip()
            if "content-length" not in headers:  # the pages are sent with their length
                raise RuntimeError(f"{path}: a reply without Content-Length")
            await reader.readexactly(int(headers["content-length"]))
            ms = (time.perf_counter() - start) * 1000
            samples.append(_sample(ms, status, headers.get("server-timing", "")))
            if headers.get("connection", "").lower() == "close":
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    finally:
        writer.close()
    return samples


def _socket_viewers(
    base: str, path: str, viewers: int, requests: int, tails: list[str] | None = None
) -> tuple[list[float], int]:
    """``viewers`` logged-in viewers (each its own session and keep-alive connection) GET
    ``path`` ``requests`` times at once, each waiting for its whole reply before the next
    request, from one asyncio event loop over plain sockets (the client's own CPU per
    request is a fraction of a millisecond, printed). ``tails`` gets a line on where the
    slowest 1 % of the replies spent their time."""
    import asyncio
    from urllib.parse import urlsplit

    where = urlsplit(base)
    host, port = where.hostname or "127.0.0.1", where.port or 80
    cookies = []
    for _ in range(viewers):
        client = _http_login(base)
        cookies.append(_session_cookie(client))
        client.close()

    async def run() -> list[list[Sample]]:
        go = asyncio.Event()
        tasks = [
            asyncio.create_task(_socket_viewer(host, port, path, c, requests, go)) for c in cookies
        ]
        await asyncio.sleep(0.05)  # every connection open
        go.set()
        return await asyncio.gather(*tasks)

    cpu = time.process_time()
    per_viewer = asyncio.run(run())
    cpu = time.process_time() - cpu
    samples = [s for mine in per_viewer for s in mine]
    errors = sum(1 for s in samples if s[1] != 200)
    if tails is not None:
        tails.append(_tail_line(path, viewers, per_viewer, cpu))
    return [s[0] for s in samples], errors


def _tail_line(path: str, viewers: int, per_viewer: list[list[Sample]], cpu: float) -> str:
    """Where the slowest 1 % of the replies went: waiting for the page's turn in its
    process, the page's own work, the rest (sockets, event loop, the client); and how the
    viewers' connections were split between the server processes."""
    samples = [s for mine in per_viewer for s in mine]
    cut = _pct([s[0] for s in samples], 99)
    slow = [s for s in samples if s[0] >= cut]
    split: dict[str, int] = {}
    for mine in per_viewer:
        pids = {s[4] for s in mine}
        for pid in pids:
            split[pid] = split.get(pid, 0) + 1
    if any(s[2] is None for s in slow):
        detail = "no Server-Timing header"
    else:
        queue = statistics.mean(s[2] or 0.0 for s in slow)
        app = statistics.mean(s[3] or 0.0 for s in slow)
        rest = statistics.mean(s[0] - (s[2] or 0.0) - (s[3] or 0.0) for s in slow)
        collect = statistics.mean(s[5] for s in slow)
        cpu_slow = statistics.mean(s[6] for s in slow)
        cpu_all = statistics.median(s[6] for s in samples)
        app_all = statistics.median(s[3] or 0.0 for s in samples)
        detail = (
            f"queue {queue:.1f} + page {app:.1f} (CPU {cpu_slow:.1f}, GC {collect:.1f}) + rest "
            f"{rest:.1f} ms (page p50 {app_all:.1f} ms, CPU p50 {cpu_all:.1f} ms)"
        )
    return (
        f"{path:<14} {viewers} viewer(s), slowest 1 % (≥ {cut:.1f} ms): {detail}; "
        f"viewers per process {sorted(split.values(), reverse=True)}; "
        f"client CPU {cpu * 1000 / max(1, len(samples)):.2f} ms/request"
    )


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


def _client(name: str) -> Callable[..., tuple[list[float], int]]:
    """The viewers' client: ``socket`` (default; one asyncio loop, plain sockets) or
    ``threads`` (one httpx client per viewer in its own thread, as in stop 23)."""
    return _socket_viewers if name == "socket" else _threads_viewers


def main_under_load(viewers: int, requests: int, client: str, workers: int) -> None:
    import socket
    import subprocess
    import urllib.request

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "CARBONPEAK_DATA_DIR": tmp,
            "CARBONPEAK_SECRET_KEY": "bench-" + "x" * 40,
            "CARBONPEAK_DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "CARBONPEAK_SERVER_TIMING": "1",
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
        cmd = [str(exe), "serve", "--port", str(port), "--workers", str(workers)]
        server = subprocess.Popen(cmd, env=env)  # TRACE
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
                f"server up in {time.perf_counter() - t0:.1f} s (carbonpeak serve, "
                f"{workers or 'default'} workers; client: {client})"
            )
            time.sleep(float(os.environ.get("BENCH_WARM_SECONDS", "20")))  # start-up warming
            uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
            print(f"{os.cpu_count()} CPU(s), Python {platform.python_version()}; {uptime}")
            view = _client(client)
            tails: list[str] = []
            _load_table(
                lambda path: view(base, path, 1, requests, tails),
                lambda path: view(base, path, viewers, requests, tails),
                f"{viewers} viewers",
                viewers,
            )
            print("\n".join(tails))
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


def _spread(
    bases: list[str],
    path: str,
    viewers: int,
    requests: int,
    view: Callable[..., tuple[list[float], int]],
    tails: list[str],
) -> tuple[list[float], int]:
    """``viewers`` clients, viewer i on server i mod len(bases), all at once."""
    import threading

    times: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def one(base: str, n: int) -> None:
        got, err = view(base, path, n, requests, tails)
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


def main_two_servers(viewers: int, requests: int, workers: int, client: str) -> None:
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
            "CARBONPEAK_SERVER_TIMING": "1",
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
            view = _client(client)
            tails: list[str] = []
            _load_table(
                lambda path: view(bases[0], path, 1, requests, tails),
                lambda path: _spread(bases, path, viewers, requests, view, tails),
                f"{viewers} viewers over 2 servers",
                viewers,
            )
            print("\n".join(tails))
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(30)
            from carbonpeak.core.shared import redis_client

            redis = redis_client(redis_url)
            for key in redis.scan_iter(f"cp-bench-{tag}:*"):
                redis.delete(key)
            from carbonpeak.db.session import get_engine

            get_engine(url).dispose()
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog="See the module docstring for what each mode measures.",
    )
    parser.add_argument("rounds", nargs="?", type=int, default=ROUNDS, help="in-process mode")
    parser.add_argument("--viewers", type=int, help="under load: concurrent viewers (8)")
    parser.add_argument("--requests", type=int, help="requests per viewer (200; two servers 50)")
    parser.add_argument("--two-servers", action="store_true", help="PostgreSQL + Redis")
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes per server (one server: default one per core; two servers: 1)",
    )
    parser.add_argument(
        "--client",
        choices=("socket", "threads"),
        default="socket",
        help="the viewers' client: one asyncio loop over sockets (default) or one httpx "
        "client per viewer in its own thread (stop 23)",
    )
    args = parser.parse_args()
    if args.two_servers:
        main_two_servers(args.viewers or 8, args.requests or 50, args.workers or 1, args.client)
        return
    if args.viewers:
        main_under_load(args.viewers, args.requests or 200, args.client, args.workers or 0)
        return
    rounds = args.rounds
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
