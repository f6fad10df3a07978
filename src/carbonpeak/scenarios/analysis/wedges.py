"""Lever wedges (减排楔形): what each lever of a scenario contributes, Kausal-Paths style —
"output with the measure minus output without it".

A lever is one variable (or parameter) the scenario sets differently from its reference
(usually ``plan`` vs ``baseline``). Each wedge = total(reference with only that lever switched
to the scenario's value) − total(reference). Wedges need not add up to the whole difference
(levers interact); the remainder is reported as ``interaction``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from carbonpeak.scenarios.definition.expressions import names
from carbonpeak.scenarios.model import Scenario, Variable
from carbonpeak.scenarios.projection.result import Result


def _index(s: Scenario) -> dict[str, Variable]:
    return {v.path: v for v in s.variables()}


def levers(reference: Scenario, scenario: Scenario) -> list[str]:
    """Variable paths and parameter names whose definition differs."""
    ref, new = _index(reference), _index(scenario)
    out = [p for p, v in new.items() if p in ref and (ref[p].text, ref[p].base) != (v.text, v.base)]
    out += [
        f"parameters.{n}"
        for n, p in scenario.parameters.items()
        if n in reference.parameters and reference.parameters[n].value != p.value
    ]
    return out


def with_lever(reference: Scenario, scenario: Scenario, lever: str) -> Scenario:
    """``reference`` with one lever taken from ``scenario``."""
    if lever.startswith("parameters."):
        name = lever.split(".", 1)[1]
        return replace(
            reference, parameters={**reference.parameters, name: scenario.parameters[name]}
        )
    var = _index(scenario)[lever]
    # parameters and key assumptions the lever reads that the reference does not have
    needed = names(var.expr)
    params = {n: p for n, p in scenario.parameters.items() if n in needed}
    keys = {n: v for n, v in scenario.key_assumptions.items() if n in needed}
    out = replace(
        reference,
        parameters={**params, **reference.parameters},
        key_assumptions={**keys, **reference.key_assumptions},
    )
    return _replace_var(out, var)


def _replace_var(s: Scenario, var: Variable) -> Scenario:
    def sub(v: Any) -> Any:
        return var if isinstance(v, Variable) and v.path == var.path else v

    def each(obj: Any) -> Any:
        if isinstance(obj, Variable):
            return sub(obj)
        if isinstance(obj, tuple):
            return tuple(each(x) for x in obj)
        if hasattr(obj, "__dataclass_fields__") and not isinstance(obj, Scenario):
            return replace(obj, **{f: each(getattr(obj, f)) for f in obj.__dataclass_fields__})
        return obj

    return replace(
        s,
        key_assumptions={k: sub(v) for k, v in s.key_assumptions.items()},
        demand=each(s.demand),
        power=each(s.power),
        fugitive=each(s.fugitive),
        sinks=each(s.sinks),
    )


def wedges(
    reference: Scenario,
    scenario: Scenario,
    project: Callable[[Scenario], Result],
    *,
    metric: str = "regional_energy_co2",
) -> dict[str, Any]:
    """Per lever, the change of ``metric`` per year (t; negative = a reduction)."""
    base = project(reference).total(metric)
    full = project(scenario)
    out: dict[str, list[float]] = {}
    for lever in levers(reference, scenario):
        out[lever] = (project(with_lever(reference, scenario, lever)).total(metric) - base).tolist()
    whole = full.total(metric) - base
    interaction = whole - np.sum([np.asarray(v) for v in out.values()], axis=0) if out else whole
    return {
        "metric": metric,
        "years": list(full.years),
        "reference": reference.name,
        "scenario": scenario.name,
        "wedges_t": out,
        "total_change_t": whole.tolist(),
        "interaction_t": np.asarray(interaction).tolist(),
    }
