"""``carbonpeak review budget``: the budget view; with ``--set`` a budget is set first."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from carbonpeak.auth import Role, require_role
from carbonpeak.core.cli import ACTOR_OPT, JSON_OPT, console, optional_date, print_json, print_table
from carbonpeak.db.session import session_scope
from carbonpeak.review.budgets import service
from carbonpeak.review.budgets.sheet import read_budgets
from carbonpeak.review.projects.cli import cli_principal


def budget_command(
    year: int = typer.Option(..., "--year", help="年度 year."),
    until: str = typer.Option(None, "--until", help="截至 YYYY-MM-DD (today)."),
    set_: bool = typer.Option(False, "--set", help="设定预算 / set a budget first."),
    scope: str = typer.Option("city", "--scope", help="city | district | enterprise"),
    code: str = typer.Option("520200", "--code", help="区划代码或统一社会信用代码."),
    equivalent: float = typer.Option(0.0, "--equivalent", help="能耗预算 当量值 tce."),
    equal_value: float = typer.Option(0.0, "--equal-value", help="能耗预算 等价值 tce."),
    co2: float = typer.Option(0.0, "--co2", help="碳排放预算 t."),
    source: str = typer.Option("", "--source", help="来源 source."),
    file: Path = typer.Option(
        None,
        "--file",
        exists=True,
        dir_okay=False,
        help="预算分解表 CSV (scope,code,equivalent_tce,equal_value_tce,co2_t,source).",
    ),
    as_json: bool = JSON_OPT,
    actor: str = ACTOR_OPT,
) -> None:
    """用能预算 Budgets (当量值/等价值, CO2) with year-to-date usage, 80/90/100 % warnings, the
    projected year-end and approved additions; --set one budget, --file a CSV of many."""
    rows = read_budgets(file.read_text(encoding="utf-8")) if file else None
    with session_scope() as db:
        if rows is not None:
            principal = cli_principal(db, actor)
            require_role(principal, Role.REVIEW_OFFICER, Role.ADMIN)
            service.set_budgets(db_session=db, year=year, rows=rows, actor=principal.username)
        if set_:
            principal = cli_principal(db, actor)
            require_role(principal, Role.REVIEW_OFFICER, Role.ADMIN)
            service.set_budget(
                db_session=db,
                year=year,
                scope=scope,
                code=code,
                equivalent_tce=equivalent,
                equal_value_tce=equal_value,
                co2_t=co2,
                source=source,
                actor=principal.username,
            )
        data = service.budget_view(db_session=db, year=year, until=optional_date(until))
    if as_json:
        print_json(data)
        return
    table = Table(
        "范围 scope",
        "预算 当量值 tce",
        "已用 当量值",
        "进度 当量值 %",
        "预算 等价值 tce",
        "已用 等价值",
        "进度 等价值 %",
        "预计年末 等价值",
        "预警 alerts",
        "批准项目新增 tce",
    )
    for b in data["budgets"]:
        ev = b["checks"]["equal_value"]
        table.add_row(
            f"{b['scope']} {b['code']}",
            f"{b['budget']['equivalent_tce']:,.0f}",
            f"{b['used']['equivalent_tce']:,.1f}",
            str(b["ytd_share_pct"]["energy"]),
            f"{b['budget']['equal_value_tce']:,.0f}",
            f"{b['used']['equal_value_tce']:,.1f}",
            str(ev["ytd_share_pct"]),
            "-" if ev["projected_year_end"] is None else f"{ev['projected_year_end']:,.0f}",
            "\n".join(b["alerts"]) or "-",
            f"{b['approved_projects_add']['dual_control_tce']:,.1f}",
        )
    print_table(table)
    for b in data["budgets"]:
        pub = b.get("published")
        if pub is None:
            continue
        shown = (
            f"公布 published {pub['value_tce']:,.0f} tce ({pub['name']}; {pub['source']})"
            if pub["value_tce"] is not None
            else pub["note"]
        )
        console().print(
            f"{b['scope']} {b['code']}: {shown}; 在线监测 monitored "
            f"{b['used']['equivalent_tce']:,.1f} tce; 预警依据 warning uses: {b['warning_basis']}"
        )
    basis = data["equal_value_basis"]
    console().print(
        f"等价值: 供电标准煤耗 {basis['power_supply_coal_gce_per_kwh']} gce/kWh "
        f"({basis['power_supply_coal_year']}; {basis['source']}) {basis['note']}"
    )
