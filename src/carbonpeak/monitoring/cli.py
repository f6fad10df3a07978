"""``carbonpeak monitor``: 重点用能单位能耗在线监测 online energy monitoring of key enterprises.

Thin: parse options, call the services, commit, print (``--json`` where useful).
"""

from __future__ import annotations

import csv
import json
import urllib.error
import urllib.request
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, cast

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import select

from carbonpeak.core.errors import InputError
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring import (
    aggregates,
    analysis,
    cli_rejected,
    demo,
    exchange,
    monthly,
    quality,
    registry,
    service,
    simulate,
    watch,
)
from carbonpeak.monitoring.orm import PointRow
from carbonpeak.monitoring.rollup import CST, Period

app = typer.Typer(
    no_args_is_help=True,
    help="能耗在线监测 online energy monitoring: 登记 registry (.xlsx), 读数导入 import, "
    "MQTT 订阅 mqtt, 模拟 simulate (illustrative), 汇总 consumption, 单位产品能耗 processes, "
    "月数据 monthly, 数据质量与预警 check/alerts, 拒收读数 rejected, 重算 rebuild.",
)
console = Console()
app.command("rejected")(cli_rejected.rejected_command)
JSON_OPT = typer.Option(False, "--json", help="输出 JSON / print JSON.")
START_OPT = typer.Option(..., "--start", help="起 start date (CST), e.g. 2026-01-01.")
END_OPT = typer.Option(..., "--end", help="止 end date (exclusive).")


def _day(text: str) -> datetime:
    try:
        return datetime.combine(date.fromisoformat(text), time(), CST)
    except ValueError:
        raise InputError(
            f"日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD, got {text!r}"
        ) from None


@app.command("registry-import")
def registry_import(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="登记表 registry .xlsx"),
) -> None:
    """导入登记表 import enterprises 企业, metering points 计量点 and processes 工序 (.xlsx)."""
    reg = exchange.read_registry(path)
    with session_scope() as db:
        counts = demo.save_registry(db_session=db, registry=reg, actor="cli")
    console.print(
        f"已导入 imported: {counts[0]} enterprises, {counts[1]} points, {counts[2]} processes"
    )


@app.command("registry-export")
def registry_export(path: Path = typer.Argument(..., help="输出 output .xlsx")) -> None:
    """导出登记表 export the registry (.xlsx; re-importable)."""
    with session_scope() as db:
        reg = registry.registry(db_session=db)
    exchange.write_registry(reg, path)
    console.print(f"已导出 exported {len(reg.points)} points to {path}")


@app.command("import")
def import_readings(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="读数 readings .csv/.xlsx"),
    as_json: bool = JSON_OPT,
) -> None:
    """导入读数文件 import a metering system's export (columns point, ts, value)."""
    rows = exchange.read_readings(path)
    total = service.IngestResult()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=as_json,
    ) as bar:
        task = bar.add_task("导入 importing", total=len(rows))
        for first in range(0, len(rows), demo.BATCH):
            chunk = rows[first : first + demo.BATCH]
            with session_scope() as db:
                result = service.ingest_rows(db_session=db, items=chunk, actor="cli", source="file")
            total.accepted += result.accepted
            total.duplicates += result.duplicates
            total.rejected += [type(r)(r.index + first, r.error) for r in result.rejected]
            bar.advance(task, len(chunk))
    reply = total.reply()
    if as_json:
        typer.echo(json.dumps(reply, ensure_ascii=False, indent=1))
        return
    console.print(
        f"接收 accepted {reply['accepted']}, 重复 duplicates {reply['duplicates']}, "
        f"拒绝 rejected {len(reply['rejected'])}"
    )
    for r in reply["rejected"][:50]:
        console.print(f"  第 {r['index'] + 2} 行 row {r['index'] + 2}: {r['error']}")


@app.command("mqtt")
def mqtt_command(
    host: str = typer.Option("127.0.0.1", help="Broker 代理地址."),
    port: int = typer.Option(1883, help="Port 端口."),
    topic: str = typer.Option(
        "carbonpeak/readings", help="主题前缀 topic prefix (+ /<credit code>)."
    ),
    client_id: str = typer.Option("carbonpeak-monitor", help="固定客户端 ID (persistent session)."),
) -> None:
    """订阅 MQTT subscribe (QoS 1, persistent session, ack after commit, dead letters)."""
    from carbonpeak.monitoring.mqtt import Subscriber

    def show(t: str, o: Any) -> None:
        what = (
            f"dead letter: {o.dead_letter}"
            if o.dead_letter
            else (f"accepted {o.accepted}, duplicates {o.duplicates}, rejected {o.rejected}")
        )
        console.print(f"{t}: {what}")

    console.print(f"订阅 subscribing to {topic}/# at {host}:{port} as {client_id} (Ctrl-C stops)")
    try:
        Subscriber(host=host, port=port, topic=topic, client_id=client_id, on_outcome=show).run()
    except KeyboardInterrupt:
        console.print("已停止 stopped")


@app.command("simulate")
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
    first = _day(start) if start else datetime(datetime.now(UTC).year - 1, 1, 1, tzinfo=CST)
    rows = simulate.readings(first, days)
    console.print("[yellow]示例数据（虚构）/ illustrative, invented data[/]")
    if to == "db":
        with session_scope() as db:
            demo.save_registry(db_session=db, registry=simulate.registry(), actor="simulator")
        result = demo.ingest_stream(
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
        import paho.mqtt.publish as publish

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


@app.command("rebuild")
def rebuild() -> None:
    """重算汇总 rebuild every rollup from raw readings (identical to incremental results)."""
    with session_scope() as db:
        points = list(db.scalars(select(PointRow)))
        rows = sum(aggregates.rebuild(db_session=db, point=p) for p in points)
    console.print(f"已重算 rebuilt {rows} rollup rows for {len(points)} points")


@app.command("consumption")
def consumption(
    enterprise: str = typer.Argument(..., help="统一社会信用代码 credit code."),
    start: str = START_OPT,
    end: str = END_OPT,
    period: str = typer.Option("month", help="hour | day | month"),
    as_json: bool = JSON_OPT,
) -> None:
    """综合能耗与 CO2 comprehensive energy (tce, GB/T 2589) and CO2 of an enterprise."""
    if period not in ("hour", "day", "month"):
        raise InputError("period 应为 hour/day/month / period must be hour, day or month")
    with session_scope() as db:
        s = analysis.summary(
            db_session=db,
            enterprise_code=enterprise,
            period=cast(Period, period),
            start=_day(start),
            end=_day(end),
        )
    out: dict[str, Any] = {
        "enterprise": s.enterprise,
        "comprehensive_tce": {
            k.astimezone(CST).isoformat(): v for k, v in s.comprehensive_tce.items()
        },
        "by_energy_tce": s.by_energy_tce,
        "co2_t": {"combustion": s.co2_combustion_t, "purchased_electricity_heat": s.co2_indirect_t},
        "gaps": s.gaps,
    }
    if as_json:
        typer.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    table = Table("period 时段", "综合能耗 tce")
    for k, v in out["comprehensive_tce"].items():
        table.add_row(k[:10], f"{v:,.1f}")
    console.print(table)
    console.print(
        f"CO2 t: combustion {s.co2_combustion_t:,.0f}, purchased electricity/heat "
        f"{s.co2_indirect_t:,.0f}"
    )
    for gap in s.gaps:
        console.print(f"[yellow]未计入 not counted:[/] {gap}")


@app.command("processes")
def processes(
    enterprise: str = typer.Argument(..., help="统一社会信用代码 credit code."),
    start: str = START_OPT,
    end: str = END_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """单位产品能耗 monthly unit consumption per process, against the plan's and national limits."""
    with session_scope() as db:
        months = analysis.process_months(
            db_session=db, enterprise_code=enterprise, start=_day(start), end=_day(end)
        )
    rows: list[dict[str, Any]] = [
        {
            "process": m.process,
            "name": m.name,
            "month": m.month.astimezone(CST).date().isoformat()[:7],
            "kgce_per_t": m.kgce_per_t,
            "kwh_per_t": m.kwh_per_t,
            "status": m.classification.status,
            "grade": m.classification.grade,
            "exceeded": [c.limit.describe() for c in m.classification.exceeded],
        }
        for m in months
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    table = Table("process 工序", "month 月", "kgce/t", "kWh/t", "status 状态", "grade 等级")
    for r in rows:
        table.add_row(
            f"{r['process']} {r['name']}",
            r["month"],
            "-" if r["kgce_per_t"] is None else f"{r['kgce_per_t']:.1f}",
            "-" if r["kwh_per_t"] is None else f"{r['kwh_per_t']:.0f}",
            r["status"] + ("" if not r["exceeded"] else f" ({'; '.join(r['exceeded'])})"),
            r["grade"] or "-",
        )
    console.print(table)


@app.command("monthly")
def monthly_import(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="月数据 monthly .csv"),
    by: str = typer.Option("cli", "--by", help="报送人 who."),
    as_json: bool = JSON_OPT,
) -> None:
    """导入月数据 import monthly totals 月数据 per metering point (CSV: point, month YYYY-MM,
    value in the point's unit after its multiplier; optional correction, reason). `check`
    compares them with the month's daily data (日/月一致性 ≤ 5 %)."""
    rows = monthly.read_csv(path)
    with session_scope() as db:
        result = monthly.record_totals(db_session=db, items=rows, actor=by, source="file")
    rejected = [{**r, "row": r["index"] + 2} for r in result.rejected]  # header is row 1
    summary = {
        "accepted": result.accepted,
        "duplicates": result.duplicates,
        "corrected": result.corrected,
        "rejected": rejected,
    }
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=1))
        return
    console.print(
        f"月数据 monthly totals: accepted {result.accepted}, duplicates {result.duplicates}, "
        f"corrected {result.corrected}, rejected {len(result.rejected)}"
    )
    for r in rejected:
        console.print(f"  行 row {r['row']}: {r['error']}")


@app.command("check")
def check(
    enterprise: str = typer.Argument(..., help="统一社会信用代码 credit code."),
    start: str = START_OPT,
    end: str = END_OPT,
    rules_path: Path = typer.Option(
        None,
        "--rules",
        exists=True,
        dir_okay=False,
        help="质量规则 quality-rules .csv (default: the bundled data/quality_rules.csv).",
    ),
) -> None:
    """数据质量检查与预警 run the data-quality rules (incl. daily vs monthly 日/月一致性) and
    raise/close alerts for a month range."""
    lo, hi = _day(start), _day(end)
    config = quality.load_config(rules_path)
    with session_scope() as db:
        found = watch.run_quality(
            db_session=db, enterprise_code=enterprise, start=lo, end=hi, config=config
        )
        opened, closed = watch.evaluate_alerts(
            db_session=db, enterprise_code=enterprise, month_start=lo, month_end=hi, config=config
        )
        counts: dict[str, int] = {}
        for f in found:
            counts[f.rule] = counts.get(f.rule, 0) + 1
        console.print(f"数据质量 findings: {counts or 'none'}")
        console.print(f"预警 alerts: opened {len(opened)}, closed {len(closed)}")


@app.command("findings")
def findings_command(
    enterprise: str = typer.Argument(..., help="统一社会信用代码 credit code."),
    csv_path: Path = typer.Option(None, "--csv", help="导出 export to this .csv file."),
    limit: int = typer.Option(500, help="条数 how many (newest first)."),
) -> None:
    """数据质量问题 list (or export) the stored data-quality findings of an enterprise."""
    with session_scope() as db:
        rows = [
            (f.rule, f.subject, f.start.isoformat(), f.end.isoformat(), f.detail)
            for f in watch.findings(db_session=db, enterprise_code=enterprise, limit=limit)
        ]
    if csv_path is not None:
        with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["rule", "subject", "start", "end", "detail"])
            writer.writerows(rows)
        console.print(f"已导出 exported {len(rows)} findings to {csv_path}")
        return
    table = Table("rule 规则", "subject 对象", "start 起", "detail 说明")
    for rule, subject, start, _end, detail in rows:
        table.add_row(rule, subject, start[:16], detail)
    console.print(table)


@app.command("alerts")
def alerts(
    enterprise: str = typer.Option(None, help="统一社会信用代码 credit code."),
    state: str = typer.Option(None, help="open | acknowledged | closed"),
    as_json: bool = JSON_OPT,
) -> None:
    """预警列表 list alerts."""
    with session_scope() as db:
        rows: list[dict[str, Any]] = [
            {
                "id": a.id,
                "kind": a.kind,
                "subject": a.subject,
                "state": a.state,
                "opened_at": a.opened_at.isoformat(),
                "message": a.message,
            }
            for a in watch.list_alerts(db_session=db, enterprise_code=enterprise, state=state)
        ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    table = Table("id", "kind 类型", "subject 对象", "state 状态", "message 内容")
    for r in rows:
        table.add_row(str(r["id"]), r["kind"], r["subject"], r["state"], r["message"])
    console.print(table)


@app.command("alert-state")
def alert_state(
    alert_id: int = typer.Argument(..., help="预警编号 alert id."),
    state: str = typer.Argument(..., help="acknowledged | closed"),
    by: str = typer.Option(..., "--by", help="处理人 who."),
    note: str = typer.Option(None, help="说明 note."),
) -> None:
    """确认或关闭预警 acknowledge or close an alert."""
    with session_scope() as db:
        row = watch.set_alert_state(
            db_session=db, alert_id=alert_id, state=state, actor=by, note=note
        )
        console.print(f"预警 alert {row.id}: {row.state}")


@app.command("dead-letters")
def dead_letters(limit: int = typer.Option(20, help="条数 how many.")) -> None:
    """死信 messages that could not be read, with the reason."""
    with session_scope() as db:
        for d in service.dead_letters(db_session=db, limit=limit):
            console.print(f"{d.id} {d.received_at:%Y-%m-%d %H:%M} {d.source} {d.topic}: {d.error}")


__all__ = ["app"]
