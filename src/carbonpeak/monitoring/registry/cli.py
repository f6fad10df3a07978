"""``carbonpeak monitor registry-import`` / ``registry-export``: the registry (企业、计量点、工序)
as an .xlsx workbook; ``enterprise-set`` / ``point-set``: one enterprise or metering point
registered or changed (the JSON API's writes; the same checks and messages). Thin: read or write
the workbook, call the service, print."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from carbonpeak.core.cli import ACTOR_OPT, optional_date
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.model import (
    Enterprise,
    Point,
    parse_kind,
    parse_purpose,
    registered,
)
from carbonpeak.monitoring.registry import exchange
from carbonpeak.monitoring.registry import service as registry

console = Console()


def registry_import(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="登记表 registry .xlsx"),
) -> None:
    """导入登记表 import enterprises 企业, metering points 计量点 and processes 工序 (.xlsx)."""
    reg = exchange.read_registry(path)
    with session_scope() as db:
        counts = registry.save_registry(db_session=db, registry=reg, actor="cli")
    registry.registry_changed()
    console.print(
        f"已导入 imported: {counts[0]} enterprises, {counts[1]} points, {counts[2]} processes"
    )


def registry_export(
    path: Path | None = typer.Argument(None, help="输出 output .xlsx"),
    output: Path | None = typer.Option(None, "--output", "-o", help="输出 output .xlsx"),
) -> None:
    """导出登记表 export the registry (.xlsx; re-importable): PATH or -o PATH."""
    path = output or path
    if path is None:
        raise typer.BadParameter("输出文件 give the output file: PATH or -o PATH")
    with session_scope() as db:
        reg = registry.registry(db_session=db)
    exchange.write_registry(reg, path)
    console.print(f"已导出 exported {len(reg.points)} points to {path}")


def enterprise_set(
    code: str = typer.Argument(..., help="统一社会信用代码 credit code"),
    name: str = typer.Option(..., "--name", help="企业名称"),
    industry: str = typer.Option("", "--industry", help="GB/T 4754 小类 industry class, e.g. 3110"),
    district: str = typer.Option("", "--district", help="区县 GB/T 2260 code, e.g. 520201"),
    capacity: str = typer.Option("", "--capacity", help="产能, as written"),
    key_unit: bool = typer.Option(True, "--key-unit/--not-key-unit", help="重点用能单位"),
    illustrative: bool = typer.Option(False, "--illustrative", help="示意数据 demo enterprise"),
    actor: str = ACTOR_OPT,
) -> None:
    """登记或修改企业 register or change one enterprise (every field given; audited)."""
    ent = registered(Enterprise(code, name, industry, district, capacity, key_unit, illustrative))
    with session_scope() as db:
        registry.upsert_enterprise(db_session=db, enterprise=ent, actor=actor)
    registry.registry_changed()
    console.print(f"已登记 registered enterprise {ent.code} {ent.name}")


def point_set(
    code: str = typer.Argument(..., help="计量点编码 point code"),
    enterprise: str = typer.Option(..., "--enterprise", help="its enterprise's credit code"),
    purpose: str = typer.Option(..., "--purpose", help="外购 purchased, 消耗 consumed …"),
    unit: str = typer.Option(..., "--unit", help="unit of the raw value (t, kWh, m**3 …)"),
    energy: str = typer.Option("", "--energy", help="fuel id or name (none for an output point)"),
    name: str = typer.Option("", "--name"),
    multiplier: float = typer.Option(1.0, "--multiplier", help="倍率"),
    kind: str = typer.Option("interval", "--kind", help="interval 时段值 or counter 累计值"),
    product: str = typer.Option("", "--product", help="the product of an output point"),
    rollover: float | None = typer.Option(None, "--rollover", help="翻转值 counter modulus"),
    interval: int = typer.Option(15, "--interval", help="采集周期 minutes"),
    commissioned: str | None = typer.Option(None, "--commissioned", help="投运日期 YYYY-MM-DD"),
    actor: str = ACTOR_OPT,
) -> None:
    """登记或修改计量点 register or change one metering point (every field given; audited)."""
    point = Point(
        code=code.strip(),
        enterprise_code=enterprise.strip().upper(),
        energy=energy.strip(),
        purpose=parse_purpose(purpose),
        unit=unit.strip(),
        multiplier=multiplier,
        kind=parse_kind(kind),
        product=product.strip(),
        rollover=rollover,
        interval_minutes=interval,
        name=name.strip(),
        commissioned=optional_date(commissioned),
    )
    with session_scope() as db:
        registry.upsert_point(db_session=db, point=point, actor=actor)
    registry.registry_changed()
    console.print(f"已登记 registered point {point.code} of {point.enterprise_code}")
