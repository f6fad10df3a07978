"""The scenario file schema: the root keys, and building a checked :class:`Scenario` from merged
data (values are read by :class:`~.builder.Builder`, branches by :mod:`.branches`). Every problem
names the file, line and key path; all are raised together.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carbonpeak.core.errors import InputError, Problem
from carbonpeak.factors import GWP_SETS
from carbonpeak.scenarios.definition import branches
from carbonpeak.scenarios.definition import expressions as ex
from carbonpeak.scenarios.definition.builder import Builder, Loc, Path_, nearest
from carbonpeak.scenarios.model import (
    DemandBranch,
    Fugitive,
    Parameter,
    Power,
    Scenario,
    Sink,
    Variable,
)

ROOT_KEYS = {
    "scenario",
    "parent",
    "title",
    "description",
    "illustrative",
    "region",
    "base_year",
    "end_year",
    "gwp_set",
    "parameters",
    "key_assumptions",
    "demand",
    "power",
    "fugitive",
    "sinks",
    "_chain",
    "_files",
    "_lever_refs",
    "_own_parameters",
}
ROOT_REQUIRED = ("region", "base_year", "end_year", "key_assumptions", "demand", "power")


def build(
    data: Mapping[str, Any], marks: Mapping[Path_, Loc], plan: Mapping[str, Any] | None = None
) -> Scenario:
    """A checked scenario from merged data; ``plan``: target id → pint quantity (optional)."""
    b = Builder(marks, plan)
    b.mapping(data, (), ROOT_KEYS)
    for key in ROOT_REQUIRED:
        if key not in data:
            b.fail((key,), "缺少 / missing (a root scenario must define it)")
    if b.problems:
        _raise(b)
    base_year, end_year, gwp_set = _horizon(b, data)
    params = {}
    for name, value in b.mapping(data.get("parameters"), ("parameters",)).items():
        p = b.parameter(name, value, ("parameters", name))
        if p:
            params[name] = p
    keys = {}
    for name, value in b.mapping(data.get("key_assumptions"), ("key_assumptions",)).items():
        v = b.variable(value, ("key_assumptions", name))
        if v:
            keys[name] = v
    demand = [
        branches.demand(b, key, value, ("demand", key))
        for key, value in b.mapping(data.get("demand"), ("demand",)).items()
    ]
    power = branches.power(b, b.mapping(data.get("power"), ("power",), branches.POWER_KEYS))
    fug = [
        branches.fugitive(b, key, value, ("fugitive", key))
        for key, value in b.mapping(data.get("fugitive"), ("fugitive",)).items()
    ]
    sinks = []
    for key, value in b.mapping(data.get("sinks"), ("sinks",)).items():
        v = b.variable(value, ("sinks", key), unit="t")
        if v:
            sinks.append(Sink(key, v))
    branch_vars = _branch_variables(demand, power, fug)
    _check_references(b, params, keys, [*branch_vars, *(s.value for s in sinks)])
    own = data.get("_own_parameters", list(params))
    variables = [*keys.values(), *branch_vars, *(s.value for s in sinks)]
    _check_unused(b, {n: params[n] for n in own if n in params}, variables, params)
    if b.problems or power is None:
        _raise(b)
    assert power is not None
    return Scenario(
        name=str(data["scenario"]),
        title=str(data.get("title", data["scenario"])),
        chain=tuple(data.get("_chain", [data["scenario"]])),
        region=str(data["region"]),
        base_year=base_year,
        end_year=end_year,
        gwp_set=gwp_set,
        parameters=params,
        key_assumptions=keys,
        demand=tuple(d for d in demand if d),
        power=power,
        fugitive=tuple(f for f in fug if f),
        sinks=tuple(sinks),
        description=str(data.get("description", "") or ""),
        illustrative=str(data.get("illustrative", "") or ""),
        files=tuple(data.get("_files", [])),
        plan_refs={k: tuple(v) for k, v in b.plan_refs.items()},
        lever_refs=_lever_refs(b.plan_refs, data.get("_lever_refs") or {}),
    )


def _lever_refs(
    now: Mapping[str, list[str]], chain: Mapping[str, list[str]]
) -> dict[str, tuple[str, ...]]:
    """Plan targets any file of the chain feeds into a variable (an override that drops the
    plan(...) of its parent keeps the target in the check)."""
    out: dict[str, set[str]] = {k: set(v) for k, v in now.items()}
    for ref, paths in chain.items():
        out.setdefault(ref, set()).update(paths)
    return {k: tuple(sorted(v)) for k, v in sorted(out.items())}


def _horizon(b: Builder, data: Mapping[str, Any]) -> tuple[int, int, str]:
    """Base year, end year and GWP set."""
    base_year = int(b.number(data["base_year"], ("base_year",)) or 0)
    end_year = int(b.number(data["end_year"], ("end_year",)) or 0)
    if end_year <= base_year:
        b.fail(("end_year",), f"应晚于基准年 / must be after the base year {base_year}")
    gwp_set = str(data.get("gwp_set", "AR5"))
    if gwp_set not in GWP_SETS:
        b.fail(("gwp_set",), f"未知 / unknown GWP set (known: {', '.join(GWP_SETS)})")
    return base_year, end_year, gwp_set


def _branch_variables(
    demand: list[DemandBranch | None], power: Power | None, fug: list[Fugitive | None]
) -> list[Variable]:
    """The variables of the branches that were read (demand, fugitive, power, in that order)."""
    out: list[Variable] = []
    for d in demand:
        if d:
            out += [d.activity, d.intensity, *(f.share for f in d.fuels if f.share)]
    for f in fug:
        if f:
            out += [f.activity, f.utilised, *(m.share for m in f.mines)]
    if power:
        out += [power.own_use, power.losses, power.coal_rate]
        for t in power.technologies:
            out += [v for v in (t.capacity, t.hours, t.heat_rate) if v]
        out += power.extra_variables()
    return out


def _check_references(
    b: Builder,
    params: Mapping[str, Parameter],
    keys: Mapping[str, Variable],
    variables: list[Variable],
) -> None:
    """Every name an expression reads is a parameter or key assumption; no key cycles."""
    known = {**params, **keys}
    for v in [*keys.values(), *variables]:
        _check_names(b, v, known)
    _check_cycles(b, keys)


def _check_unused(
    b: Builder,
    own: Mapping[str, Parameter],
    variables: list[Variable],
    params: Mapping[str, Parameter],
) -> None:
    """A parameter written in this file that no expression reads is an error (a misspelt
    override, ``efficency_gain``, would otherwise be silently ignored); inherited parameters a
    child's override no longer reads are allowed."""
    read: set[str] = set()
    for v in variables:
        read |= ex.names(v.expr)
    for name in sorted(set(own) - read):
        b.fail(
            ("parameters", name),
            "未知键 / unknown key: 参数未被任何表达式读取 / no expression reads this parameter"
            + nearest(name, sorted(set(params) - {name})),
        )


def format_problems(problems: list[Problem]) -> str:
    """'plan.yaml line 12, demand.x.intensity.expr: reason; ...'"""
    lines = []
    for p in problems:
        file, _, key = p.field.rpartition(": ")
        at = f"{file} " if file else ""
        at += f"line {p.row}, " if p.row is not None else ""
        lines.append(f"{at}{key}: {p.reason}")
    return "; ".join(lines)


def _raise(b: Builder) -> None:
    raise InputError(
        "情景文件有错误 / scenario file has errors: " + format_problems(b.problems), b.problems
    )


def _check_names(b: Builder, v: Variable, known: Mapping[str, object]) -> None:
    path = tuple(v.path.split("."))
    unknown = sorted(ex.names(v.expr) - set(known))
    if unknown:
        b.fail(
            (*path, "expr"),
            f"未知名称 / unknown name(s) {', '.join(unknown)} (parameters "
            f"and key assumptions: {', '.join(sorted(known)) or 'none'}; base; year)",
        )


def _check_cycles(b: Builder, keys: Mapping[str, Variable]) -> None:
    try:
        order_keys(keys)
    except InputError as exc:
        b.fail(("key_assumptions",), str(exc))


def order_keys(keys: Mapping[str, Variable]) -> list[str]:
    """Key assumptions in an order where each comes after the ones it reads."""
    done: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            raise InputError(f"关键假设循环引用 / key assumptions refer to each other: {name}")
        visiting.add(name)
        for dep in sorted(ex.names(keys[name].expr) & set(keys)):
            visit(dep)
        visiting.discard(name)
        done.append(name)

    for name in keys:
        visit(name)
    return done
