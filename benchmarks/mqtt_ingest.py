"""MQTT ingestion benchmark (issue 17, point 2): gateway packages over MQTT against HTTP.

The same illustrative data as ``benchmarks/ingest.py``'s gateway shape (enterprises x 10 points,
one package of 10 readings per enterprise and 15-minute step), into a temporary SQLite file and
then into fresh schemas of the PostgreSQL at ``CARBONPEAK_TEST_POSTGRES_URL`` (default: the local
database ``test``; skipped with a note when it does not answer), each backend:

1. MQTT: ``carbonpeak monitor mqtt``'s subscriber (``readings.service.subscriber``: QoS 1,
   persistent session, messages handled by 16 threads sharing group commits, each
   acknowledged after its commit, in arrival order) in its own process; the packages published
   QoS 1 to the local Mosquitto by ``--publishers`` connections, each with its own client id
   (a gateway's), on ``<prefix>/<credit code>``. The clock runs from the first publish until
   every reading is in the database (polled).
2. HTTP: the same packages through ``POST /api/v1/monitoring/readings`` with
   ``benchmarks/ingest.py``'s client (16 clients, ``carbonpeak serve --workers`` one per core).

Prints readings/s of each and the ratio MQTT / HTTP, with ``uptime``. Skipped with a note when no
broker answers at 127.0.0.1:1883.

Run: .venv/bin/python benchmarks/mqtt_ingest.py [--readings N] [--publishers P]
     [--skip-sqlite] [--skip-postgres] [--skip-http]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from sqlalchemy import create_engine, func, select, text

sys.path.insert(0, str(Path(__file__).parent))
import ingest  # the gateway shape, registry and HTTP client of the ingest benchmark

from carbonpeak.db.session import get_engine, session_scope
from carbonpeak.monitoring.orm import ReadingRow

HOST, PORT = "127.0.0.1", 1883
#: Packages published per round (below the broker's queue of 1,000 for a subscriber).
ROUND = 500

SUBSCRIBER = """
import sys, threading, time
from carbonpeak.monitoring.readings import service
sub = service.subscriber(url=sys.argv[1], topic=sys.argv[2], client_id=sys.argv[3])
threading.Thread(target=sub.run, daemon=True).start()
while not sub.client.is_connected():
    time.sleep(0.05)
time.sleep(0.5)  # the SUBSCRIBE acknowledged
print("ready", flush=True)
while sub.failed is None:
    time.sleep(0.5)
raise sub.failed
"""


def broker_up() -> bool:
    try:
        socket.create_connection((HOST, PORT), timeout=1).close()
        return True
    except OSError:
        return False


def stored(url: str) -> int:
    with session_scope(url) as db:
        return int(db.scalar(select(func.count()).select_from(ReadingRow)) or 0)


def bench_mqtt(url: str, payloads: list[bytes], topics: list[str], publishers: int) -> float:
    run = uuid.uuid4().hex[:8]
    prefix, client_id = f"cp-bench-{run}/readings", f"cp-bench-{run}"
    sub = subprocess.Popen(  # TRACE
        [sys.executable, "-c", SUBSCRIBER, url, prefix, client_id],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert sub.stdout is not None and sub.stdout.readline().strip() == "ready"
        total = ingest.count(payloads)
        queue = list(reversed(list(zip(payloads, topics, strict=True))))
        lock = threading.Lock()

        def publisher(k: int) -> None:
            client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"{client_id}-gw{k}")
            client.max_inflight_messages_set(100)
            client.connect(HOST, PORT)
            client.loop_start()
            pending = []
            while True:
                with lock:
                    if not queue:
                        break
                    body, topic = queue.pop()
                pending.append(client.publish(f"{prefix}/{topic}", body, qos=1))
            for info in pending:
                info.wait_for_publish(120)
            client.disconnect()
            client.loop_stop()

        t = time.perf_counter()
        # Published in rounds of at most ROUND packages (collectors firing at a quarter hour),
        # the next round when the last is stored: Mosquitto keeps at most 1,000 messages
        # (max_queued_messages) for a subscriber that is behind and drops the rest.
        everything = queue
        sent = 0
        while everything:
            queue = everything[-ROUND:]
            del everything[-ROUND:]
            sent += sum(body.count(b'"point"') for body, _ in queue)
            threads = [threading.Thread(target=publisher, args=(k,)) for k in range(publishers)]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            while (n := stored(url)) < sent:
                if time.perf_counter() - t > 1800 or sub.poll() is not None:
                    raise RuntimeError(f"only {n:,} of {total:,} readings stored")
                time.sleep(0.05)
        seconds = time.perf_counter() - t
        print(f"  MQTT run: {seconds:.1f} s wall, {len(payloads):,} messages")
    finally:
        sub.terminate()
        sub.wait(30)
        cleanup = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=True)
        cleanup.connect(HOST, PORT)
        cleanup.disconnect()
    return total / seconds


def compare(
    urls: list[str], reg: Any, payloads: list[bytes], topics: list[str], args: argparse.Namespace
) -> None:
    """MQTT into ``urls[0]``, then (unless skipped) HTTP into ``urls[1]``; prints both."""
    ingest.prepare(urls[0], reg)
    mqtt_rate = bench_mqtt(urls[0], payloads, topics, args.publishers)
    get_engine(urls[0]).dispose()
    print(f"  MQTT (subscriber, ack after commit): {mqtt_rate:>10,.0f} readings/s")
    if not args.skip_http:
        workers = os.cpu_count() or 1
        http_rate = ingest.bench_http(urls[1], reg, payloads, 16, workers)
        get_engine(urls[1]).dispose()
        print(f"  HTTP POST /readings (16 clients):     {http_rate:>10,.0f} readings/s")
        print(f"  MQTT / HTTP: {mqtt_rate / http_rate:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readings", type=int, default=50_000)
    parser.add_argument("--enterprises", type=int, default=1_000)
    parser.add_argument("--publishers", type=int, default=16, help="gateway connections")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"machine: {ingest.machine()}\nuptime: {uptime}")
    if not broker_up():
        print(f"MQTT: skipped (no broker at {HOST}:{PORT})")
        return
    steps = max(1, args.readings // (args.enterprises * ingest.POINTS))
    reg = ingest.bench_registry(args.enterprises)
    ingest.start_recent(steps)
    payloads = ingest.bodies(args.enterprises, steps, ingest.POINTS)
    topics = [ingest.enterprise_code(n) for _ in range(steps) for n in range(args.enterprises)]
    n = ingest.count(payloads)
    print(
        f"data (illustrative): {args.enterprises} enterprises x {ingest.POINTS} points x {steps} "
        f"steps = {n:,} readings in {len(payloads):,} packages of {ingest.POINTS}; "
        f"{args.publishers} publishing connections (client ids)"
    )
    if not args.skip_sqlite:
        print("SQLite (WAL, synchronous=FULL)")
        with tempfile.TemporaryDirectory() as tmp:
            urls = [f"sqlite:///{Path(tmp) / f'{k}.sqlite3'}" for k in ("mqtt", "http")]
            compare(urls, reg, payloads, topics, args)
    if not args.skip_postgres:
        base = os.environ.get("CARBONPEAK_TEST_POSTGRES_URL", ingest.PG_DEFAULT)
        found = ingest.pg_schema_urls(base, 2)  # prints the server's version, or why skipped
        if found is not None:
            urls, schemas = found
            try:
                compare(urls, reg, payloads, topics, args)
            finally:
                with create_engine(base).begin() as conn:
                    for schema in schemas:
                        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"uptime: {uptime}")


if __name__ == "__main__":
    main()
