"""``carbonpeak inventory`` commands on inventory results: calc (a file, no database), show (a
stored dataset), explain, indicators, uncertainty and export (.xlsx) (registered in
:mod:`carbonpeak.inventory.cli`).

``uncertainty``: the IPCC approach-1 uncertainty (不确定性) of the named totals. Input
uncertainties come from the activity rows (``uncertainty_pct`` column), the factor records
(``uncertainty_pct``; a user factor file may set it), a default for a record id, the sourced
95 % ranges of IPCC 2006 Vol. 2 Tables 1.2/1.4 (``--no-sourced-ranges`` to skip), then the
parameter defaults given here (``--activity-pct``, ``--factor-pct ncv=5``,
``--defaults FILE.json``); else the term is listed as missing, with the reason no sourced range
applies, and the total marked incomplete.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from carbonpeak.core.cli import print_json
from carbonpeak.core.errors import InputError
from carbonpeak.factors import factor_ranges, not_available_table
from carbonpeak.inventory.accounting.indicators import indicators as indicator_table
from carbonpeak.inventory.accounting.queries import explain as explain_cell
from carbonpeak.inventory.accounting.result import TOTAL_MEANING, Inventory
from carbonpeak.inventory.accounting.sectors import find_sector
from carbonpeak.inventory.accounting.uncertainty import Defaults, parse_defaults, parse_pairs
from carbonpeak.inventory.activity.cli import (
    DATASET_NAME,
    FACTORS,
    GRID_YEARS,
    GWP,
    INPUT,
    JSON,
    METHOD,
    VERSION,
)
from carbonpeak.inventory.default_dataset.cli import load_inventory
from carbonpeak.inventory.output.export_xlsx import write_workbook
from carbonpeak.inventory.output.report import (
    BY,
    explanation_json,
    indicators_json,
    inventory_json,
    only_fuel,
)
from carbonpeak.regions import region_code

console = Console()


def calc_command(
    input_file: Path = typer.Option(..., "--input", "-i", help="活动数据 tidy CSV/.xlsx."),
    factors: Path | None = FACTORS,
    gwp: str = typer.Option("AR5", "--gwp", help="GWP集 SAR | AR4 | AR5 | AR6."),
    region: str | None = typer.Option(None, "--region", "-r", help="只看 only this region."),
    year: int | None = typer.Option(None, "--year", "-y", help="只看 only this year."),
    by: str = typer.Option("sector", "--by", help="分组 sector | fuel | gas."),
    method: str | None = METHOD,
    grid_years: str | None = GRID_YEARS,
    as_json: bool = JSON,
) -> None:
    """核算 Compute the inventory of a file (no database): totals, rows, factors used."""
    inv, about = load_inventory(
        input_file=input_file,
        factors=factors,
        dataset=None,
        version=None,
        gwp=gwp,
        method=method,
        grid_years=grid_years,
    )
    _print_inventory(inv, about, region, year, by, as_json)


def show_command(
    dataset: str | None = DATASET_NAME,
    version: int | None = VERSION,
    region: str | None = typer.Option(None, "--region", "-r", help="地区 region."),
    year: int | None = typer.Option(None, "--year", "-y", help="年份 year."),
    by: str = typer.Option("sector", "--by", help="分组 sector | fuel | gas."),
    gwp: str | None = GWP,
    method: str | None = METHOD,
    grid_years: str | None = GRID_YEARS,
    as_json: bool = JSON,
) -> None:
    """查看清单 The inventory of a stored dataset (recomputed from its activity records; the
    grid factor of chosen years with ``--grid-factor-years``, as for ``calc``)."""
    inv, about = load_inventory(
        input_file=None,
        factors=None,
        dataset=dataset,
        version=version,
        gwp=gwp,
        method=method,
        grid_years=grid_years,
    )
    _print_inventory(inv, about, region, year, by, as_json)


def _print_inventory(
    inv: Inventory,
    about: dict[str, Any],
    region: str | None,
    year: int | None,
    by: str,
    as_json: bool,
) -> None:
    if by not in BY:
        raise InputError(f"--by 应为 / must be one of {', '.join(BY)}, got {by!r}")
    code = region_code(region) if region else None
    data = inventory_json(inv, region=code, year=year, by=by, about=about)
    if as_json:
        print_json(data)
        return
    if data["illustrative"]:
        console.print(
            "[bold yellow]示意数据 ILLUSTRATIVE: invented activity data, not statistics[/]"
        )
    console.print(
        f"核算方法 method {data['method'] or 'custom'} · GWP {data['gwp_set']} · "
        f"因子集 factor sets: {', '.join(data['factor_sets'])}"
    )
    for note in data["notes"]:
        console.print(f"  注 note: {note}")
    for part in data["inventories"]:
        title = f"{part['region_name']} {part['region']} {part['year']}"
        if part["derived_from_districts"]:
            title += " (区县加总 sum of districts)"
        totals = Table("合计 total", "t", "含义 meaning", title=title)
        for name, value in part["totals"].items():
            reason = part["totals_detail"][name].get("reason")
            shown = f"{value:,.1f}" if value is not None else f"n/a ({reason})"
            totals.add_row(name, shown, TOTAL_MEANING[name])
        console.print(totals)
        if by == "gas":
            table = Table("气体 gas", "t", "tCO2e")
            for g in part["by_gas"]:
                co2e = "n/a" if g["co2e_t"] is None else f"{g['co2e_t']:,.1f}"
                table.add_row(g["gas"], f"{g['value_t']:,.3f}", co2e)
        elif by == "fuel":
            table = Table("品种 fuel/kind", "气体 gas", "t", "tCO2e")
            for f in part["by_fuel"]:
                co2e = "n/a" if f["co2e_t"] is None else f"{f['co2e_t']:,.1f}"
                table.add_row(f["fuel"], f["gas"], f"{f['value_t']:,.3f}", co2e)
        else:
            table = Table("IPCC", "类别 category", "范围 scope", "气体 t by gas", "tCO2e")
            for s in part["by_sector"]:
                gases = ", ".join(f"{g} {v:,.3f}" for g, v in s["gases_t"].items())
                table.add_row(
                    s["category"], s["name_zh"], str(s["scope"]), gases, f"{s['co2e_t']:,.1f}"
                )
        console.print(table)


def _category(text: str) -> str:
    if text in TOTAL_MEANING:
        return text
    match = find_sector(text)
    if match is None:
        raise InputError(f"未知部门 / unknown sector {text!r} (IPCC code, Chinese name or total)")
    return match.category


def explain_command(
    region: str = typer.Option(..., "--region", "-r", help="地区 region."),
    year: int = typer.Option(..., "--year", "-y", help="年份 year."),
    sector: str = typer.Option(
        ..., "--sector", "-s", help="IPCC 类别 category (1.A.2.a), 中文部门, or a total name."
    ),
    gas: str = typer.Option("CO2", "--gas", "-g", help="气体 gas."),
    fuel: str | None = typer.Option(
        None, "--fuel", "-f", help="只看该品种 only this fuel's terms."
    ),
    dataset: str | None = DATASET_NAME,
    version: int | None = VERSION,
    input_file: Path | None = INPUT,
    factors: Path | None = FACTORS,
    gwp: str | None = GWP,
    as_json: bool = JSON,
) -> None:
    """追溯 Explain one number: activity records, factor records with sources, formula,
    intermediate values."""
    inv, _about = load_inventory(
        input_file=input_file, factors=factors, dataset=dataset, version=version, gwp=gwp
    )
    ex = explain_cell(inv, region_code(region), year, _category(sector), gas)
    data = explanation_json(ex) if fuel is None else only_fuel(ex, fuel)
    if as_json:
        print_json(data)
        return
    typer.echo(data["text"])


def indicators_command(
    region: str = typer.Option(..., "--region", "-r", help="地区 region."),
    year: int = typer.Option(..., "--year", "-y", help="年份 year."),
    dataset: str | None = DATASET_NAME,
    version: int | None = VERSION,
    input_file: Path | None = INPUT,
    as_json: bool = JSON,
) -> None:
    """碳达峰指标 Energy (calorific and coal-equivalent), coal and non-fossil shares,
    intensities and their change vs 2005, 2020 and the previous year."""
    inv, _about = load_inventory(
        input_file=input_file, factors=None, dataset=dataset, version=version, gwp=None
    )
    data = indicators_json(indicator_table(inv, region_code(region), year))
    if as_json:
        print_json(data)
        return
    table = Table(
        "指标 indicator", "方法 method", "值 value", "单位 unit", title=f"{region} {year}"
    )
    for i in data["items"]:
        value = f"{i['value']:,.4g}" if i["value"] is not None else f"n/a ({i['reason']})"
        table.add_row(i["name"], i["method"], value, i["unit"])
    console.print(table)


def read_defaults(
    path: Path | None, activity_pct: float | None, factor_pct: list[str], sourced: bool = True
) -> Defaults:
    """The defaults of a JSON file, overridden by the command-line values."""
    base = Defaults()
    if path is not None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"无法读取 / cannot read {path}: {exc}") from None
        base = parse_defaults(data, source=str(path))
    pairs = parse_pairs(factor_pct)
    if activity_pct is not None and activity_pct < 0:
        raise InputError(f"--activity-pct 应为非负数 / must be non-negative: {activity_pct}")
    sources = [base.source] if base.source else []
    if pairs or activity_pct is not None:
        sources.append("command line")
    return Defaults(
        activity_pct if activity_pct is not None else base.activity_pct,
        {**base.factor_pct, **pairs},
        "; ".join(sources),
        base.sourced and sourced,
    )


def uncertainty_command(
    region: str | None = typer.Option(None, "--region", "-r", help="地区 region."),
    year: int | None = typer.Option(None, "--year", "-y", help="年份 year."),
    total: list[str] = typer.Option(
        [], "--total", "-t", help="合计 total name(s) to show (default: all)."
    ),
    activity_pct: float | None = typer.Option(
        None, "--activity-pct", help="活动数据默认不确定性 % for activity rows without one."
    ),
    factor_pct: list[str] = typer.Option(
        [], "--factor-pct", help="因子默认不确定性 PARAMETER=PCT or RECORD_ID=PCT (repeat)."
    ),
    defaults: Path | None = typer.Option(
        None,
        "--defaults",
        help='默认值文件 JSON {"activity_pct": 5, "factor_pct": {"ncv": 5}, "source": "..."}.',
    ),
    sourced: bool = typer.Option(
        True,
        "--sourced-ranges/--no-sourced-ranges",
        help="用IPCC 2006表1.2/1.4的95%范围 use the sourced ranges before parameter defaults.",
    ),
    dataset: str | None = DATASET_NAME,
    version: int | None = VERSION,
    input_file: Path | None = INPUT,
    factors: Path | None = FACTORS,
    gwp: str | None = GWP,
    as_json: bool = JSON,
) -> None:
    """不确定性 IPCC approach-1 uncertainty of the totals (error propagation from the
    per-parameter uncertainties; incomplete where an input has none)."""
    unknown = [t for t in total if t not in TOTAL_MEANING]
    if unknown:
        raise InputError(
            f"未知合计 / unknown total(s) {', '.join(unknown)} ({', '.join(TOTAL_MEANING)})"
        )
    code = region_code(region) if region else None
    spec = read_defaults(defaults, activity_pct, factor_pct, sourced)
    inv, about = load_inventory(
        input_file=input_file, factors=factors, dataset=dataset, version=version, gwp=gwp
    )
    data = inventory_json(inv, region=code, year=year, about=about, uncertainty=spec)
    names = total or list(TOTAL_MEANING)
    result: dict[str, Any] = {
        **about,
        "gwp_set": data["gwp_set"],
        "illustrative": data["illustrative"],
        "method": data["uncertainty_method"],
        "defaults": data["uncertainty_defaults"],
        "inventories": [
            {"region": p["region"], "year": p["year"],
             "uncertainty": {n: p["uncertainty"][n] for n in names}}
            for p in data["inventories"]
        ],
    }  # fmt: skip
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return
    _print(result, names)


def _print(result: dict[str, Any], names: list[str]) -> None:
    if result["illustrative"]:
        console.print(
            "[bold yellow]示意数据 ILLUSTRATIVE: invented activity data, not statistics[/]"
        )
    console.print(result["method"])
    if result["defaults"]["source"]:
        console.print(f"默认值 defaults: {result['defaults']}")
    ranges: dict[str, str] = {}
    for part in result["inventories"]:
        table = Table(
            "合计 total", "t", "± %", "± t", "完整 complete", "缺 missing",
            title=f"{part['region']} {part['year']}",
        )  # fmt: skip
        missing_lines: list[str] = []
        for name in names:
            u = part["uncertainty"][name]
            value = "n/a" if u["value"] is None else f"{u['value']:,.1f}"
            rel = "n/a" if u["relative_pct"] is None else f"{u['relative_pct']:.2f}"
            ab = "n/a" if u.get("absolute") is None else f"{u['absolute']:,.1f}"
            table.add_row(name, value, rel, ab, "yes" if u["complete"] else "NO",
                          str(u["missing_count"]))  # fmt: skip
            missing_lines += [f"{name}: {m}" for m in u["missing"][:3]]
            for r in u.get("ranges", []):
                ranges.setdefault(r["record"], r["range"])
        console.print(table)
        for line in missing_lines:
            console.print(f"  · {line}")
    for record, cited in ranges.items():
        console.print(f"  范围 range {record}: {cited}")


def ranges_command(as_json: bool = JSON) -> None:
    """不确定性范围 The sourced 95 % factor ranges (IPCC 2006 Vol. 2 ch. 1 Tables 1.2/1.4) the
    approach-1 uncertainty uses, and why other fuels and parameters have none."""
    listed = [r.as_json() for r in factor_ranges()]
    none = not_available_table()
    if as_json:
        print_json({"ranges": listed, "not_available": none})
        return
    headers = ("燃料 fuel", "参数 parameter", "default", "95 %", "unit", "± %", "table")
    table = Table(*headers, "界限来源数 sources")
    for r in listed:
        table.add_row(
            str(r["fuel"]), str(r["parameter"]), f"{r['default']:g}",
            f"{r['lower']:g}–{r['upper']:g}", str(r["unit"]), f"{r['relative_pct']:.2f}",
            str(r["table"]) + (" (derived)" if r["derived"] else ""),
            "2" if r["bounds"] == "CONFIRMED" else "1",
        )  # fmt: skip
    console.print(table)
    for row in none:
        console.print(f"  无范围 none: {row['fuel']} {row['parameter']}: {row['reason']}")


def export_command(
    output: Path = typer.Option(..., "--output", "-o", help="输出 .xlsx path."),
    dataset: str | None = DATASET_NAME,
    version: int | None = VERSION,
    input_file: Path | None = INPUT,
    factors: Path | None = FACTORS,
    gwp: str | None = GWP,
    region: str | None = typer.Option(None, "--region", "-r", help="只导出 only this region."),
    year: int | None = typer.Option(None, "--year", "-y", help="只导出 only this year."),
) -> None:
    """导出 Excel: 省级清单汇总表 provincial table, GPC table, indicators, rows, about."""
    if output.suffix.lower() != ".xlsx":
        raise InputError(f"输出应为 .xlsx / output must end in .xlsx: {output}")
    inv, about = load_inventory(
        input_file=input_file, factors=factors, dataset=dataset, version=version, gwp=gwp
    )
    code = region_code(region) if region else None
    output.write_bytes(write_workbook(inv, about=about, region=code, year=year))
    console.print(f"已导出 written {output}")
