"""``carbonpeak monitor consumption`` / ``processes``: comprehensive energy (tce) and CO2 of an
enterprise, and unit consumption per process against the limits. Thin: parse, call, print."""

from __future__ import annotations

import json
from typing import Any, cast

import typer
from rich.console import Console
from rich.table import Table

from carbonpeak.core.cli import JSON_OPT
from carbonpeak.core.errors import InputError
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.consumption import service as analysis
from carbonpeak.monitoring.model import parse_day
from carbonpeak.monitoring.rollups.rollup import CST, Period

console = Console()
START_OPT = typer.Option(..., "--start", help="起 start date (CST), e.g. 2026-01-01.")
END_OPT = typer.Option(..., "--end", help="止 end date (exclusive).")


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
            start=parse_day(start),
            end=parse_day(end),
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


def processes(
    enterprise: str = typer.Argument(..., help="统一社会信用代码 credit code."),
    start: str = START_OPT,
    end: str = END_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """单位产品能耗 monthly unit consumption per process, against the plan's and national limits."""
    with session_scope() as db:
        months = analysis.process_months(
            db_session=db, enterprise_code=enterprise, start=parse_day(start), end=parse_day(end)
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
