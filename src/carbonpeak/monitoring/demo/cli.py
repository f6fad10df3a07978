"""``carbonpeak monitor simulate``: illustrative readings of :mod:`.simulate` into the database,
or sent over HTTP or MQTT (示例, not statistics). Thin: parse options, call, print."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import UTC, datetime
from typing import Any

import paho.mqtt.publish as publish
import typer
from rich.console import Console

from carbonpeak.core.errors import InputError
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.demo import simulate
from carbonpeak.monitoring.model import parse_day
from carbonpeak.monitoring.readings.service import ingest_stream
from carbonpeak.monitoring.registry.service import save_registry
from carbonpeak.monitoring.rollups.rollup import CST

console = Console()


def simulate_command(
    days: int = typer.Option(30, help="天数 days of hourly readings."),
    start: str = typer.Option(None, "--start", help="起 start date (default: 1 Jan last year)."),
    to: str = typer.Option("db", help="写入 db | http | mqtt."),
    url: str = typer.Option("http://127.0.0.1:8000", help="HTTP server (--to http)."),
    token: str = typer.Option(None, help="管理员令牌 admin token (--to http)."),
    host: str = typer.Option("127.0.0.1", help="MQTT broker (--to mqtt)."),
    topic: str = typer.Option("carbonpeak/readings", help="MQTT 主题前缀 topic prefix."),
) -> None:
    """模拟读数 illustrative readings of six synthetic enterprises (示例, not statistics)."""
    first = parse_day(start) if start else datetime(datetime.now(UTC).year - 1, 1, 1, tzinfo=CST)
    rows = simulate.readings(first, days)
    console.print("[yellow]示例数据（虚构）/ illustrative, invented data[/]")
    if to == "db":
        with session_scope() as db:
            save_registry(db_session=db, registry=simulate.registry(), actor="simulator")
        result = ingest_stream(
            session_factory=session_scope, rows=rows, actor="simulator", source="simulator"
        )
        console.print(
            f"accepted {result.accepted}, duplicates {result.duplicates}, "
            f"rejected {len(result.rejected)}"
        )
        return
    if to not in ("http", "mqtt"):
        raise InputError(f"--to 应为 db/http/mqtt / --to must be db, http or mqtt, got {to}")
    owners = {p.code: p.enterprise_code for p in simulate.registry().points.values()}
    batches: dict[str, list[dict[str, Any]]] = {}
    sent = 0
    for code, ts, value in rows:
        batch = batches.setdefault(owners[code], [])
        batch.append({"point": code, "ts": ts.isoformat(), "value": value})
        if len(batch) >= 1000:
            sent += _send(to, owners[code], batch, url, token, host, topic)
            batch.clear()
    for ent, batch in batches.items():
        if batch:
            sent += _send(to, ent, batch, url, token, host, topic)
    console.print(f"已发送 sent {sent} readings via {to}")


def _send(
    to: str,
    ent: str,
    batch: list[dict[str, Any]],
    url: str,
    token: str | None,
    host: str,
    topic: str,
) -> int:
    body = json.dumps({"enterprise": ent, "readings": batch}).encode()
    if to == "mqtt":
        publish.single(f"{topic}/{ent}", body, qos=1, hostname=host)
        return len(batch)
    if not token:
        raise InputError("--to http 需要 --token / --to http needs --token (an admin token)")
    request = urllib.request.Request(
        f"{url.rstrip('/')}/api/v1/monitoring/readings",
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return int(json.loads(reply.read())["accepted"])
    except urllib.error.HTTPError as exc:
        raise InputError(f"HTTP {exc.code}: {exc.read().decode(errors='replace')}") from None
