"""``carbonpeak inventory`` commands on the platform's own inventory: import, calc, show,
explain, indicators, export (registered on the group in :mod:`carbonpeak.inventory.cli`).

``calc --input FILE`` needs no database; the others read stored datasets (``--dataset NAME``)
or, where it makes sense, a file (``--input FILE``) computed on the spot.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from carbonpeak.core.errors import InputError
from carbonpeak.db.session import session_scope
from carbonpeak.factors import read_user_factors
from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.inventory.accounting.indicators import indicators as indicator_table
from carbonpeak.inventory.accounting.queries import explain as explain_cell
from carbonpeak.inventory.accounting.regions import find_region
from carbonpeak.inventory.accounting.result import TOTAL_MEANING, Inventory
from carbonpeak.inventory.accounting.sectors import find_sector
from carbonpeak.inventory.activity import service
from carbonpeak.inventory.activity.energy_balance import read_energy_balance
from carbonpeak.inventory.activity.parse import read_activity
from carbonpeak.inventory.output.export_xlsx import write_workbook
from carbonpeak.inventory.output.report import (
    BY,
    explanation_json,
    indicators_json,
    inventory_json,
    only_fuel,
)

console = Console()

DATASET_NAME = typer.Option(
    None, "--dataset", "-d", help="活动数据集 stored activity dataset name (default: the only one)."
)
VERSION = typer.Option(None, "--version", help="版本 dataset version (default: latest).")
INPUT = typer.Option(
    None, "--input", "-i", help="活动数据文件 tidy CSV/.xlsx, computed on the spot."
)
FACTORS = typer.Option(
    None, "--factors", help="实测因子文件 user factor CSV fuel,parameter,value,unit,source."
)
GWP = typer.Option(None, "--gwp", help="GWP集 GWP set: SAR | AR4 | AR5 | AR6 (default AR5).")
JSON = typer.Option(False, "--json", help="输出 JSON / print JSON.")


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _region_code(text: str) -> str:
    region = find_region(text)
    if region is None:
        raise InputError(f"未知地区 / unknown region {text!r}")
    return region.code


def _only_dataset() -> str:
    with session_scope() as db:
        names = [ds.name for ds, _ in service.list_datasets(db_session=db)]
    if len(names) != 1:
        raise InputError(
            "请用 --dataset 指定数据集 / give --dataset NAME"
            + (f" (stored: {', '.join(names)})" if names else " (none stored: run `import` first)")
        )
    return names[0]


def load_inventory(
    *,
    input_file: Path | None,
    factors: Path | None,
    dataset: str | None,
    version: int | None,
    gwp: str | None,
) -> tuple[Inventory, dict[str, Any]]:
    """The inventory asked for on the command line, and what it was computed from."""
    if input_file is not None:
        records = read_activity(input_file.read_bytes(), filename=input_file.name)
        overrides = read_user_factors(factors, name=factors.stem) if factors else None
        inv = calculate(records, overrides=overrides, gwp_set=gwp or "AR5")
        about: dict[str, Any] = {"input": str(input_file)}
        about["user_factors"] = str(factors) if factors else None
        return inv, about
    if factors is not None:
        raise InputError(
            "--factors 只用于 --input / --factors applies to --input; a stored dataset uses the "
            "factor set recorded at import (import again with --factor-set NAME)"
        )
    name = dataset or _only_dataset()
    with session_scope() as db:
        stored = service.compute(db_session=db, dataset=name, version=version, gwp_set=gwp)
    about = {
        "dataset": stored.dataset,
        "version": stored.version.version,
        "sha256": stored.version.sha256,
        "note": stored.version.note,
        "stored_factor_set": stored.factor_set,
        "stored_factor_set_version": stored.factor_set_version,
    }
    return stored.inventory, about


def import_command(
    file: Path = typer.Argument(..., help="活动数据 tidy CSV/.xlsx, or an energy balance .xlsx."),
    dataset: str = typer.Option(..., "--dataset", "-d", help="数据集名称 dataset name."),
    energy_balance: bool = typer.Option(
        False, "--energy-balance", help="文件是能源平衡表 the file is a city energy balance sheet."
    ),
    region: str | None = typer.Option(None, "--region", "-r", help="能源平衡表的地区 region."),
    year: int | None = typer.Option(None, "--year", "-y", help="能源平衡表的年份 year."),
    factor_set: str | None = typer.Option(
        None, "--factor-set", help="已存因子集 stored factor set to compute this dataset with."
    ),
    gwp: str = typer.Option("AR5", "--gwp", help="GWP集 GWP set recorded with the version."),
    note: str = typer.Option("", "--note", help="备注 note."),
    as_json: bool = JSON,
) -> None:
    """导入活动数据 Import activity data as a new version of a dataset (all rows or none)."""
    data = file.read_bytes()
    records = None
    skipped: list[str] = []
    if energy_balance:
        if region is None or year is None:
            raise InputError("能源平衡表需要 --region 与 --year / an energy balance needs both")
        balance = read_energy_balance(data, region=region, year=year, source=file.name)
        records, skipped = balance.records, balance.skipped
    with session_scope() as db:
        result = service.import_activity(
            db_session=db,
            name=dataset,
            data=data,
            filename=file.name,
            actor="cli",
            records=records,
            factor_set=factor_set,
            gwp_set=gwp,
            note=note,
        )
    if as_json:
        _echo_json({**dataclasses.asdict(result), "skipped": skipped})
        return
    console.print(
        f"已导入 imported {result.rows} 行 rows → 数据集 dataset {result.dataset} "
        f"版本 version {result.version} (sha256 {result.sha256[:12]})"
    )
    for line in skipped:
        console.print(f"  · {line}")


def factors_import_command(
    file: Path = typer.Argument(..., help="因子文件 CSV fuel,parameter,value,unit,source."),
    name: str = typer.Option(..., "--name", "-n", help="因子集名称 name to store it under."),
) -> None:
    """存储因子集 Store a user factor file as a named set (a new version each time)."""
    with session_scope() as db:
        row = service.import_factor_set(
            db_session=db, name=name, data=file.read_bytes(), filename=file.name, actor="cli"
        )
        console.print(
            f"因子集 factor set {row.name} 版本 version {row.version}: "
            f"{row.record_count} 条 records"
        )


def datasets_command(as_json: bool = JSON) -> None:
    """活动数据集列表 Stored activity datasets (latest version of each)."""
    with session_scope() as db:
        rows: list[dict[str, Any]] = [
            {
                "dataset": ds.name,
                "version": v.version,
                "rows": v.row_count,
                "filename": v.filename,
                "sha256": v.sha256,
                "factor_set": v.factor_set,
                "gwp_set": v.gwp_set,
                "imported_at": v.imported_at.isoformat(),
                "imported_by": v.imported_by,
                "note": v.note,
            }
            for ds, v in service.list_datasets(db_session=db)
        ]
    if as_json:
        _echo_json(rows)
        return
    table = Table("数据集 dataset", "版本 v", "行 rows", "文件 file", "GWP", "导入 imported")
    for r in rows:
        table.add_row(
            r["dataset"], str(r["version"]), str(r["rows"]), r["filename"], r["gwp_set"],
            f"{r['imported_at'][:19]} {r['imported_by']}",
        )  # fmt: skip
    console.print(table)


def calc_command(
    input_file: Path = typer.Option(..., "--input", "-i", help="活动数据 tidy CSV/.xlsx."),
    factors: Path | None = FACTORS,
    gwp: str = typer.Option("AR5", "--gwp", help="GWP集 SAR | AR4 | AR5 | AR6."),
    region: str | None = typer.Option(None, "--region", "-r", help="只看 only this region."),
    year: int | None = typer.Option(None, "--year", "-y", help="只看 only this year."),
    by: str = typer.Option("sector", "--by", help="分组 sector | fuel | gas."),
    as_json: bool = JSON,
) -> None:
    """核算 Compute the inventory of a file (no database): totals, rows, factors used."""
    inv, about = load_inventory(
        input_file=input_file, factors=factors, dataset=None, version=None, gwp=gwp
    )
    _print_inventory(inv, about, region, year, by, as_json)


def show_command(
    dataset: str | None = DATASET_NAME,
    version: int | None = VERSION,
    region: str | None = typer.Option(None, "--region", "-r", help="地区 region."),
    year: int | None = typer.Option(None, "--year", "-y", help="年份 year."),
    by: str = typer.Option("sector", "--by", help="分组 sector | fuel | gas."),
    gwp: str | None = GWP,
    as_json: bool = JSON,
) -> None:
    """查看清单 The inventory of a stored dataset (recomputed from its activity records)."""
    inv, about = load_inventory(
        input_file=None, factors=None, dataset=dataset, version=version, gwp=gwp
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
    code = _region_code(region) if region else None
    data = inventory_json(inv, region=code, year=year, by=by, about=about)
    if as_json:
        _echo_json(data)
        return
    if data["illustrative"]:
        console.print(
            "[bold yellow]示意数据 ILLUSTRATIVE: invented activity data, not statistics[/]"
        )
    console.print(f"GWP {data['gwp_set']} · 因子集 factor sets: {', '.join(data['factor_sets'])}")
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
    ex = explain_cell(inv, _region_code(region), year, _category(sector), gas)
    data = explanation_json(ex)
    if fuel is not None:
        data = only_fuel(data, fuel)
    if as_json:
        _echo_json(data)
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
    data = indicators_json(indicator_table(inv, _region_code(region), year))
    if as_json:
        _echo_json(data)
        return
    table = Table(
        "指标 indicator", "方法 method", "值 value", "单位 unit", title=f"{region} {year}"
    )
    for i in data["items"]:
        value = f"{i['value']:,.4g}" if i["value"] is not None else f"n/a ({i['reason']})"
        table.add_row(i["name"], i["method"], value, i["unit"])
    console.print(table)


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
    code = _region_code(region) if region else None
    output.write_bytes(write_workbook(inv, about=about, region=code, year=year))
    console.print(f"已导出 written {output}")
