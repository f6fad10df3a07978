"""``carbonpeak review assess PROJECT.yaml``: the 综合评价 of a project file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from carbonpeak.core.cli import JSON_OPT, PLAN_OPT, console, print_json, print_table
from carbonpeak.core.errors import InputError
from carbonpeak.db.session import session_scope
from carbonpeak.review.assessment.assess import Assessment
from carbonpeak.review.assessment.projectfile import read_text
from carbonpeak.review.assessment.service import assess_project


def _fail_fields(exc: InputError) -> InputError:
    """One line naming every field (the root command prints it)."""
    if not exc.problems:
        return exc
    detail = "; ".join(f"{p.field}: {p.reason}" for p in exc.problems)
    return InputError(f"{exc} — {detail}", exc.problems)


def show(result: Assessment, *, trace: bool = False) -> None:
    data = result.as_json(with_trace=trace)
    e = data["energy_tce"]
    out = console()
    out.print(
        f"[bold]{data['project']}[/] 行业 {data['industry']['code']} "
        f"{data['industry']['name']} · 区县 {data['district']} · {data['start_year']}"
    )
    if data["illustrative"]:
        out.print("[yellow]含示意数据 (illustrative outlook)[/]")
    table = Table("项目 item", "值 value")
    table.add_row("综合能耗 当量值 equivalent (tce)", f"{e['equivalent']:,.3f}")
    table.add_row("综合能耗 等价值 equal value (tce)", f"{e['equal_value']:,.3f}")
    table.add_row("原料用能 feedstock (tce, 当量值)", f"{e['feedstock']['equivalent']:,.3f}")
    table.add_row(
        "新增可再生能源 new renewable (tce, 当量值)", f"{e['new_renewable']['equivalent']:,.3f}"
    )
    table.add_row("双控口径 dual-control (tce, 等价值)", f"{e['dual_control']['equal_value']:,.3f}")
    table.add_row("CO2 (t)", f"{data['co2_t']:,.3f}")
    table.add_row("两高 two-high", f"{data['two_high']['value']}: {data['two_high']['reason']}")
    table.add_row(
        "审查权限 authority", f"{data['authority']['name']}: {data['authority']['reason']}"
    )
    for b in data["benchmarks"]:
        table.add_row(
            f"能效 {b['name_zh']} ({b['unit']})",
            f"{b['value']} vs 标杆 {b['benchmark']} / 基准 {b['baseline']}"
            f" [{b.get('status') or b.get('source', '')}]: {b['level']}",
        )
    for y in data["impact"]:
        table.add_row(
            f"{y['year']} 影响 impact",
            f"单位GDP能耗 {y['energy_intensity']['change_pct']}%, 单位GDP CO2 "
            f"{y['co2_intensity']['change_pct']}%, 占剩余能耗空间 {_share(y, 'energy')}"
            f", 碳排放空间 {_share(y, 'co2')}",
        )
    print_table(table, out)
    rate = e["power_supply_coal_gce_per_kwh"]
    for note in e["notes"]:
        out.print(f"  注 note: 供电标准煤耗 {rate} gce/kWh: {note}")
    for key, t in data.get("trace", {}).items():
        out.print(f"  {key} = {t['value']} {t['unit']} ({t['formula']})")
        for part in t["parts"]:
            out.print(f"    {part['formula']} = {part['value']} {part['unit']}")
            for f in part["factors"]:
                out.print(f"      {f}")
    for s in data["sources"]:
        out.print(f"  来源 source: {s}")


def assess_command(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="项目文件 project YAML."),
    as_json: bool = JSON_OPT,
    trace: bool = typer.Option(False, "--trace", help="附计算过程 / include the trace."),
    plan: str = PLAN_OPT,
) -> None:
    """综合评价 Assess a project file: energy (当量值/等价值), CO2, 两高, authority, benchmarks,
    impact on the city's targets, sources."""
    try:
        project = read_text(path.read_text(encoding="utf-8"))
        with session_scope() as db:
            result = assess_project(db_session=db, project=project, plan_ref=plan)
    except InputError as exc:
        raise _fail_fields(exc) from None
    if as_json:
        print_json(result.as_json(with_trace=trace))
    else:
        show(result, trace=trace)


def _share(y: dict[str, Any], kind: str) -> str:
    """The share of the remaining room, or that there is none left (with both rooms)."""
    if y.get(f"{kind}_room_left") is False:
        return f"无剩余空间 no room left ({y[f'{kind}_room_note']})"
    share = y[f"{kind}_budget_share_pct"]
    note = y.get(f"{kind}_room_note")
    return ("-" if share is None else f"{share}%") + (f" ({note})" if note else "")
