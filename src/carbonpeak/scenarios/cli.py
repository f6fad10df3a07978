"""``carbonpeak scenario``: list, show, run, compare, montecarlo, wedges, export (情景分析)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from carbonpeak.core.cli import JSON_OPT, print_json
from carbonpeak.core.errors import InputError
from carbonpeak.db.session import session_scope
from carbonpeak.inventory import compute_inventory, get_default_dataset
from carbonpeak.scenarios import service
from carbonpeak.scenarios.analysis.montecarlo import MonteCarlo
from carbonpeak.scenarios.definition import loader
from carbonpeak.scenarios.runs import iamc, report, runner
from carbonpeak.scenarios.runs.report import ScenarioRun

app = typer.Typer(
    no_args_is_help=True,
    help="情景分析 scenarios: 基准/规划/强化情景 baseline, plan and enhanced projections, "
    "达峰 peak year, 目标校核 target checks, 蒙特卡洛 Monte Carlo, 减排楔形 wedges. The demo "
    "base year is the ILLUSTRATIVE demo inventory.",
)
console = Console()
METRIC_OPT = typer.Option(
    report.DEFAULT_METRIC,
    "--metric",
    "-m",
    help="达峰口径 total for the peak: territorial (范围一CO2) | regional_energy_co2 "
    "(能源活动CO2含净调入电力) | co2e_net.",
)
END_OPT = typer.Option(None, "--end-year", help="结束年份 end year (e.g. 2060; default 2035).")
FILE_OPT = typer.Option(
    None, "--file", "-f", help="自定义情景文件 a scenario YAML file (may name a bundled parent)."
)


def _custom(path: Path | None) -> loader.Source | None:
    return loader.read_file(path) if path else None


def _mt(v: float | None) -> str:
    return "—" if v is None else f"{v / 1e6:,.2f}"


@app.command("list")
def list_(json_out: bool = JSON_OPT) -> None:
    """内置情景 bundled scenarios."""
    rows = [runner.load(n) for n in runner.scenario_names()]
    if json_out:
        print_json(
            [
                {
                    "name": s.name,
                    "title": s.title,
                    "parent": s.parent,
                    "years": [s.base_year, s.end_year],
                }
                for s in rows
            ]
        )
        return
    table = Table("name 名称", "parent 父情景", "title 标题", "years 年份")
    for s in rows:
        table.add_row(s.name, s.parent or "—", s.title, f"{s.base_year}-{s.end_year}")
    console.print(table)


@app.command()
def show(
    name: str = typer.Argument(..., help="情景名 scenario name."),
    file: Path | None = FILE_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """情景定义 a scenario's variables, expressions, sources and plan targets."""
    d = report.describe(runner.load(name, custom=_custom(file)))
    if json_out:
        print_json(d)
        return
    console.print(
        f"[bold]{d['title']}[/] ({' → '.join(d['chain'])}) {d['base_year']}-{d['end_year']}"
    )
    if d["illustrative"]:
        console.print(f"[yellow]{d['illustrative']}[/]")
    table = Table("variable 变量", "unit 单位", "expr 表达式", "where 位置")
    for v in d["variables"]:
        table.add_row(v["path"], v["unit"], v["expr"], v["where"])
    console.print(table)
    for ref, info in d["plan_targets"].items():
        console.print(f"  plan {ref} ({info.get('indicator', '')}) → {', '.join(info['feeds'])}")


def _city_default(version: int | None) -> tuple[str | None, int | None]:
    """The city default dataset an administrator set (as the web pages use it), if any."""
    try:
        with session_scope() as db:
            choice = get_default_dataset(db_session=db)
    except SQLAlchemyError:  # no database yet: the bundled demo inventory
        return None, version
    if choice is None:
        return None, version
    return choice.dataset, version if version is not None else choice.version


@app.command("run")
def run_(
    name: str = typer.Argument(..., help="情景名 scenario name (baseline | plan | enhanced ...)."),
    draws: int = typer.Option(0, "--draws", "-n", help="蒙特卡洛抽样次数 Monte Carlo draws."),
    seed: int = typer.Option(0, "--seed", "-s", help="随机种子 random seed."),
    metric: str = METRIC_OPT,
    end_year: int | None = END_OPT,
    file: Path | None = FILE_OPT,
    save: bool = typer.Option(False, "--save", help="保存运行 store the run in the database."),
    dataset: str | None = typer.Option(
        None,
        "--dataset",
        help="基准年活动数据集 stored activity dataset (default: the city default set with "
        "`inventory default`, else the demo data).",
    ),
    version: int | None = typer.Option(None, "--version", help="数据集版本 dataset version."),
    json_out: bool = JSON_OPT,
) -> None:
    """预测 project a scenario: emissions, peak, targets (and Monte Carlo with --draws).

    The base year is the accounting engine's inventory of --dataset (an imported activity
    dataset) or, by default, of the illustrative demo data."""
    base: dict[str, Any] = {}
    if dataset is None:
        dataset, version = _city_default(version)
    if dataset is not None:
        with session_scope() as db:
            stored = compute_inventory(db_session=db, dataset=dataset, version=version)
            label = f"activity dataset {dataset} v{stored.version.version}"
            base = {"inventory": stored.inventory, "inventory_label": label}
    run = runner.run_scenario(
        name,
        draws=draws,
        seed=seed,
        metric=metric,
        end_year=end_year,
        custom=_custom(file),
        **base,
    )
    rep = run.as_json()
    if save:
        options = {
            "draws": draws,
            "seed": seed,
            "metric": metric,
            "end_year": end_year,
            "dataset": dataset,
            "version": version,
        }
        definition = file.read_text(encoding="utf-8") if file else ""
        with session_scope() as db:
            row = service.save_run(
                db_session=db, report=rep, options=options, actor="cli", definition=definition
            )
            rep = {**rep, "run_id": row.id}
    if json_out:
        print_json(rep)
        return
    _print_run(run)
    if "run_id" in rep:
        console.print(f"已保存 / saved as run {rep['run_id']}")


def _print_run(run: ScenarioRun) -> None:
    """The run as people read it: the path, the peak, the targets (and the Monte Carlo)."""
    p = run.peak
    console.print(f"[bold]{run.title}[/] — {run.metric} (Mt CO2)")
    console.print(
        " ".join(f"{y}:{_mt(v)}" for y, v in zip(run.years, run.emissions_t, strict=True))
    )
    state = "peaked 已达峰" if p.peaked else "not peaked 未达峰 within horizon"
    console.print(
        f"peak 峰值: {p.year} {_mt(p.value)} Mt ({state}); plateau 平台期 {list(p.plateau)}"
    )
    table = Table("target 目标", "year", "required", "projected", "met 达成")
    for t in run.targets:
        proj = "—" if t.projected is None else f"{t.projected:.2f}"
        met = {True: "✔", False: "✘", None: "n/a"}[t.met]
        required = f"{t.comparator} {t.required:.4g} {t.unit}"
        table.add_row(t.name, str(t.year), required, proj, met)
    console.print(table)
    if run.montecarlo is not None:
        _print_mc(run.montecarlo)
    if run.sensitivity is not None:
        _print_top(run.sensitivity)
    console.print(f"[yellow]{run.illustrative}[/]")


def _print_mc(mc: MonteCarlo) -> None:
    q = mc.peak_year_quantiles
    console.print(
        f"Monte Carlo {mc.draws} draws (seed {mc.seed}): "
        f"P(peak ≤ 2030) = {mc.p_peak_by_2030:.3f}; peak year P10/P50/P90 "
        f"{q['p10']:.0f}/{q['p50']:.0f}/{q['p90']:.0f}"
    )
    for total, by in mc.p_peak_by.items():
        shown = ", ".join(f"≤{y}: {p:.0%}" for y, p in by.items())
        console.print(f"  P(peak) {total}: {shown}")
    if mc.factor_draws:
        sourced = [f for f, d in mc.factor_draws.items() if d["range"] == "sourced"]
        fallback = [f for f, d in mc.factor_draws.items() if d["range"] != "sourced"]
        console.print(
            "  CO2 factors drawn from their IPCC 2006 Table 1.4 range: "
            f"{', '.join(sourced) or '–'}; co2_factor fallback: {', '.join(fallback) or '–'}"
        )
    missed = {k: p for k, p in mc.p_target_met.items() if p < 0.5}
    if missed:
        console.print(
            "  P(target met) < 50 %: " + ", ".join(f"{k} {p:.0%}" for k, p in missed.items())
        )
    for row in mc.tornado:
        console.print(
            f"  tornado {row['parameter']}: peak year {row['peak_year']}, "
            f"swing {_mt(row['swing_t'])} Mt"
        )


@app.command()
def montecarlo(
    name: str = typer.Argument(..., help="情景名 scenario name."),
    draws: int = typer.Option(1000, "--draws", "-n", help="抽样次数 draws."),
    seed: int = typer.Option(0, "--seed", "-s", help="随机种子 seed."),
    metric: str = METRIC_OPT,
    end_year: int | None = END_OPT,
    file: Path | None = FILE_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """蒙特卡洛 P(peak ≤ 2025/2030/2035) for both totals, peak-year distribution, P(target
    met), fan chart, tornado."""
    if draws < 1:
        raise InputError(f"抽样次数 / --draws must be at least 1 for a Monte Carlo, got {draws}")
    run = runner.run_scenario(
        name, draws=draws, seed=seed, metric=metric, end_year=end_year, custom=_custom(file)
    )
    mc = run.montecarlo
    assert mc is not None
    if json_out:
        print_json(mc.as_dict())
        return
    _print_mc(mc)


@app.command()
def sensitivity(
    name: str = typer.Argument(..., help="情景名 scenario name."),
    draws: int = typer.Option(512, "--draws", "-n", help="Sobol 基础样本数 base samples N."),
    seed: int = typer.Option(0, "--seed", "-s", help="随机种子 seed."),
    metric: str = METRIC_OPT,
    file: Path | None = FILE_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """全局敏感性 Sobol indices (S1, ST) for 2030 emissions and peaking by 2030; the five
    drivers that matter most."""
    data = runner.sensitivity(name, n=draws, seed=seed, metric=metric, custom=_custom(file))
    if json_out:
        print_json(data)
        return
    _print_top(data)


def _print_top(data: dict[str, Any]) -> None:
    console.print(
        f"Sobol ({data['runs']} runs, N={data['n']}, {len(data['parameters'])} parameters, "
        f"{data['metric']}): top drivers 主要不确定因素"
    )
    table = Table("parameter 参数", "ST 2030 emissions", "ST peak ≤ 2030", "S1 2030 emissions")
    for row in data["top"]:
        table.add_row(
            row["parameter"],
            f"{row['ST_emissions_2030']:.2f}",
            f"{row['ST_peak_by_2030']:.2f}",
            f"{row['S1_emissions_2030']:.2f}",
        )
    console.print(table)


@app.command()
def compare(
    names: list[str] = typer.Argument(None, help="情景 scenarios (default: all bundled)."),
    metric: str = METRIC_OPT,
    end_year: int | None = END_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """情景对比 peak year and value, targets met, side by side."""
    data = runner.compare(names or runner.scenario_names(), metric=metric, end_year=end_year)
    if json_out:
        print_json(data)
        return
    table = Table("scenario 情景", "peak year 达峰年", "peak Mt", "peaked", "targets met 达标")
    for row in data["scenarios"]:
        p = row["peak"]
        table.add_row(
            row["scenario"],
            str(p["year"]),
            _mt(p["value_t"]),
            "yes" if p["peaked_within_horizon"] else "no",
            f"{row['targets_met']}/{row['targets_checked']}",
        )
    console.print(table)


@app.command()
def wedges(
    reference: str = typer.Argument("baseline", help="参照情景 reference scenario."),
    name: str = typer.Argument("plan", help="情景 scenario with the levers."),
    metric: str = METRIC_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """减排楔形 each lever's contribution (with the lever minus without it)."""
    data = runner.lever_wedges(reference, name, metric=metric)
    if json_out:
        print_json(data)
        return
    i = data["years"].index(2030) if 2030 in data["years"] else -1
    table = Table("lever 措施", f"Δ {data['years'][i]} Mt")
    for lever, values in sorted(data["wedges_t"].items(), key=lambda kv: kv[1][i]):
        table.add_row(lever, _mt(values[i]))
    table.add_row("interaction 交互", _mt(data["interaction_t"][i]))
    console.print(table)


@app.command()
def runs(
    scenario: str | None = typer.Option(None, "--scenario", help="只看该情景 only this scenario."),
    json_out: bool = JSON_OPT,
) -> None:
    """已保存的运行 saved runs, newest first."""
    with session_scope() as db:
        rows = [service.summary(r) for r in service.list_runs(db_session=db, scenario=scenario)]
    if json_out:
        print_json(rows)
        return
    table = Table("id", "scenario 情景", "peak year", "peak Mt", "P(≤2030)", "by 保存人", "at")
    for r in rows:
        p = "—" if r["p_peak_by_2030"] is None else f"{r['p_peak_by_2030']:.3f}"
        table.add_row(
            str(r["id"]),
            r["scenario"],
            str(r["peak_year"]),
            _mt(r["peak_value_t"]),
            p,
            r["created_by"],
            r["created_at"][:19],
        )
    console.print(table)


@app.command("districts")
def districts_(
    name: str = typer.Argument("plan", help="情景名 scenario name."),
    metric: str = METRIC_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """梯次有序达峰 the order in which the districts peak."""
    data = runner.districts(name, metric=metric)
    if json_out:
        print_json(data)
        return
    table = Table("district 区县", "peak year 达峰年", "peak Mt", "peaked")
    for row in data["districts"]:
        p = row["peak"]
        table.add_row(
            row["name"],
            str(p["year"]),
            _mt(p["value_t"]),
            "yes" if p["peaked_within_horizon"] else "no",
        )
    console.print(table)


@app.command()
def export(
    names: list[str] = typer.Argument(None, help="情景 scenarios (default: all bundled)."),
    output: Path = typer.Option(
        ..., "--output", "-o", help="输出文件 .csv or .xlsx (IAMC format)."
    ),
    end_year: int | None = END_OPT,
) -> None:
    """导出 IAMC format (model, scenario, region, variable, unit, years) for pyam."""
    runs_ = [runner.run_scenario(n, end_year=end_year) for n in names or runner.scenario_names()]
    if output.suffix == ".xlsx":
        output.write_bytes(iamc.to_xlsx(runs_))
    else:
        output.write_text(iamc.to_csv(runs_), encoding="utf-8")
    console.print(f"已导出 / wrote {output}")
