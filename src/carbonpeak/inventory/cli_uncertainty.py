"""``carbonpeak inventory uncertainty``: the IPCC approach-1 uncertainty (不确定性) of the named
totals of an inventory (a stored dataset or a file computed on the spot).

Input uncertainties come from the activity rows (``uncertainty_pct`` column) and the factor
records (``uncertainty_pct``, where the source gives one; a user factor file may set it);
inputs without one take the defaults given here (``--activity-pct``, ``--factor-pct ncv=5``,
``--defaults FILE.json``), else the term is listed as missing and the total marked incomplete.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from carbonpeak.core.errors import InputError
from carbonpeak.inventory.accounting.regions import find_region
from carbonpeak.inventory.accounting.result import TOTAL_MEANING
from carbonpeak.inventory.accounting.uncertainty import Defaults, parse_defaults, parse_pairs
from carbonpeak.inventory.cli_activity import (
    DATASET_NAME,
    FACTORS,
    GWP,
    INPUT,
    JSON,
    VERSION,
    load_inventory,
)
from carbonpeak.inventory.output.report import inventory_json

console = Console()


def read_defaults(path: Path | None, activity_pct: float | None, factor_pct: list[str]) -> Defaults:
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
    found = find_region(region) if region else None
    if region and found is None:
        raise InputError(f"未知地区 / unknown region {region!r}")
    spec = read_defaults(defaults, activity_pct, factor_pct)
    inv, about = load_inventory(
        input_file=input_file, factors=factors, dataset=dataset, version=version, gwp=gwp
    )
    data = inventory_json(
        inv, region=found.code if found else None, year=year, about=about, uncertainty=spec
    )
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
        console.print(table)
        for line in missing_lines:
            console.print(f"  · {line}")
