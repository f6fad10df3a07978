"""``carbonpeak inventory default`` (show or set the city's default dataset), and where the
accounting and output commands take their inventory from (:func:`load_inventory`:
``--input FILE`` computed on the spot, no database; or a stored dataset, ``--dataset NAME`` or
the city default — the same one the web pages use)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from carbonpeak.core.cli import print_json
from carbonpeak.core.errors import InputError
from carbonpeak.db.session import session_scope
from carbonpeak.factors import read_user_factors
from carbonpeak.inventory.accounting.electricity import parse_grid_years
from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.inventory.accounting.result import Inventory
from carbonpeak.inventory.activity import service as activity
from carbonpeak.inventory.activity.cli import JSON
from carbonpeak.inventory.activity.parse import read_activity
from carbonpeak.inventory.default_dataset import service

REASON_ZH = {
    "asked": "指定",
    "default": "城市默认数据集",
    "demo": "未设定默认，使用演示数据集",
    "only": "未设定默认，唯一的数据集",
}


def load_inventory(
    *,
    input_file: Path | None,
    factors: Path | None,
    dataset: str | None,
    version: int | None,
    gwp: str | None,
    method: str | None = None,
    grid_years: str | None = None,
) -> tuple[Inventory, dict[str, Any]]:
    """The inventory asked for on the command line, and what it was computed from."""
    if input_file is not None:
        records = read_activity(input_file.read_bytes(), filename=input_file.name)
        overrides = read_user_factors(factors, name=factors.stem) if factors else None
        inv = calculate(
            records,
            overrides=overrides,
            gwp_set=gwp or "AR5",
            method=method,
            grid_years=parse_grid_years(grid_years),
        )
        about: dict[str, Any] = {"input": str(input_file)}
        about["user_factors"] = str(factors) if factors else None
        return inv, about
    if factors is not None:
        raise InputError(
            "--factors 只用于 --input / --factors applies to --input; a stored dataset uses the "
            "factor set recorded at import (import again with --factor-set NAME)"
        )
    with session_scope() as db:
        choice = service.require(db_session=db, dataset=dataset, version=version)
        stored = activity.compute(
            db_session=db,
            dataset=choice.dataset,
            version=choice.version,
            gwp_set=gwp,
            method=method,
            grid_years=parse_grid_years(grid_years),
            grid_years_text=grid_years or "",
        )
    return stored.inventory, stored.about()


def default_command(
    dataset: str | None = typer.Argument(
        None, help="设为城市默认的数据集 dataset to make default."
    ),
    version: int | None = typer.Option(
        None, "--version", help="固定版本 pin a version (default: always the latest)."
    ),
    as_json: bool = JSON,
) -> None:
    """城市默认数据集 Show, or set (NAME), the activity dataset the pages and commands use."""
    with session_scope() as db:
        if dataset is not None:
            service.set_default(db_session=db, dataset=dataset, version=version, actor="cli")
        choice = service.resolve(db_session=db)
    out = (
        {"dataset": choice.dataset, "version": choice.version, "reason": choice.reason}
        if choice
        else None
    )
    if as_json:
        print_json(out)
        return
    if choice is None:
        typer.echo("未设定城市默认数据集 / no default: `carbonpeak inventory default NAME`")
        return
    shown = f"v{choice.version}" if choice.version else "最新版本 latest"
    typer.echo(f"{choice.dataset} {shown}（{REASON_ZH[choice.reason]} / {choice.reason}）")
