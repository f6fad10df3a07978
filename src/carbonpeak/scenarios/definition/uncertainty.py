"""The uncertainties every scenario gets from the engine (``data/_uncertainty/uncertainty.yaml``,
each with its source or marked illustrative), beside the parameters its file declares:

- ``delivery_<branch>``: the share of each lever actually delivered (value = baseline + d ×
  (lever − baseline)), one per branch or technology a scenario changes against its root;
- ``lever_continuation``: how far levers keep moving after 2030 (stated rule, not a cliff);
- ``co2_factor_<fuel>``: the CO2 emission factor of each fuel the projection burns that has a
  sourced 95 % range (:func:`carbonpeak.factors.factor_range`, IPCC 2006 Vol. 2 Table 1.4), a
  multiplier on that fuel's combustion CO2 drawn once per run (:func:`with_fuel_factors`);
- ``co2_factor``: the fallback, emission factors and the base-year inventory together (Liu et al.
  2015), for the fuels without a sourced range, process CO2 and what the calibration holds;
- correlations between parameters (Gaussian copula).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from carbonpeak.factors import factor_range, why_not_available
from carbonpeak.scenarios.definition.expressions import names
from carbonpeak.scenarios.model import DIST_ARGS, Distribution, Parameter, Scenario

CONTINUATION = "lever_continuation"
CO2_FACTOR = "co2_factor"
#: The multiplier on one fuel's combustion CO2: ``co2_factor_<fuel>``.
FUEL_FACTOR_PREFIX = "co2_factor_"


@dataclass(frozen=True)
class Spec:
    """The engine's uncertainty settings as read from the data file."""

    delivery: Parameter
    continuation: Parameter
    horizon: int
    co2_factor: Parameter
    #: the distribution kind a fuel's sourced range is drawn from (``split_normal``)
    fuel_distribution: str
    #: the YAML's explanation of that choice, quoted in every fuel parameter's source
    fuel_note: str
    correlations: tuple[tuple[tuple[str, ...], float], ...]


def _parameter(name: str, raw: dict[str, Any]) -> Parameter:
    d = raw["distribution"]
    dist = Distribution(str(d["type"]), tuple(float(d[a]) for a in DIST_ARGS[str(d["type"])]))
    src = str(raw.get("source", ""))
    if raw.get("illustrative"):
        src = f"示意 illustrative: {src}"
    return Parameter(name, float(raw["value"]), dist, src, "uncertainty.yaml")


@cache
def spec() -> Spec:
    path = resources.files("carbonpeak.scenarios") / "data" / "_uncertainty" / "uncertainty.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Spec(
        delivery=_parameter("delivery", raw["delivery"]),
        continuation=_parameter(CONTINUATION, raw["continuation"]),
        horizon=int(raw["continuation"]["horizon"]),
        co2_factor=_parameter(CO2_FACTOR, raw["co2_factor"]),
        fuel_distribution=str(raw["fuel_factors"]["distribution"]),
        fuel_note=str(raw["fuel_factors"]["note"]),
        correlations=tuple(
            (tuple(c["names"]), float(c["rho"])) for c in raw.get("correlations", [])
        ),
    )


def lever_group(scenario: Scenario, path: str) -> str:
    """The branch or technology a variable belongs to (``industry.steel``, ``solar`` …)."""
    parts = path.split(".")
    if parts[0] == "demand":
        for b in scenario.demand:
            if path.startswith(f"demand.{b.key}."):
                return b.key
    if parts[:2] == ["power", "technologies"] and len(parts) > 2:
        return parts[2]
    if parts[0] in ("key_assumptions", "fugitive", "sinks") and len(parts) > 1:
        return parts[1]
    return parts[0]


def delivery_name(group: str) -> str:
    return "delivery_" + group.replace(".", "_")


def with_levers(scenario: Scenario, root: Scenario | None) -> Scenario:
    """``scenario`` with its levers (variables written differently from ``root``) and the
    engine's uncertain parameters (deliveries, continuation, CO2 factor) added."""
    from dataclasses import replace

    s = spec()
    params = dict(scenario.parameters)
    levers: dict[str, tuple[Any, str]] = {}
    if root is not None and root.name != scenario.name:
        before = {v.path: v for v in root.variables()}
        for v in scenario.variables():
            old = before.get(v.path)
            if old is None or (old.text, old.base) == (v.text, v.base):
                continue
            name = delivery_name(lever_group(scenario, v.path))
            levers[v.path] = (old, name)
            params.setdefault(name, replace(s.delivery, name=name))
        if levers:
            params.setdefault(CONTINUATION, s.continuation)
    # inherited parameters that neither an expression nor a lever's baseline reads drop out
    read: set[str] = set()
    for v in [*scenario.variables(), *(old for old, _ in levers.values())]:
        read |= names(v.expr)
    engine = {CONTINUATION, CO2_FACTOR, *(d for _, d in levers.values())}
    params = {n: p for n, p in params.items() if n in read or n in engine}
    params.setdefault(CO2_FACTOR, s.co2_factor)
    return replace(scenario, parameters=params, levers=levers)


def fuel_factor_name(fuel: str) -> str:
    """The parameter drawing ``fuel``'s CO2 emission factor (``co2_factor_diesel``)."""
    return FUEL_FACTOR_PREFIX + fuel


def fuel_factor(fuel: str) -> Parameter | None:
    """The multiplier on ``fuel``'s combustion CO2 from its sourced 95 % range, or None."""
    rng = factor_range(fuel, "co2_factor")
    if rng is None:
        return None
    kind = spec().fuel_distribution
    args = tuple(float(a) for a in (rng.lower / rng.default, 1.0, rng.upper / rng.default))
    return Parameter(
        fuel_factor_name(fuel),
        1.0,
        Distribution(kind, args),
        f"{rng.citation}; drawn relative to the factor used; {spec().fuel_note}",
        "carbonpeak.factors.factor_range",
    )


def with_fuel_factors(scenario: Scenario, burned: Iterable[str]) -> Scenario:
    """``scenario`` with a ``co2_factor_<fuel>`` parameter for each ``burned`` fuel that has a
    sourced range (the others keep the ``co2_factor`` fallback)."""
    from dataclasses import replace

    params = dict(scenario.parameters)
    for fuel in sorted(set(burned)):
        p = fuel_factor(fuel)
        if p is not None:
            params.setdefault(p.name, p)
    return replace(scenario, parameters=params)


def factor_draws(scenario: Scenario, burned: Iterable[str]) -> dict[str, dict[str, str]]:
    """Which parameter draws each burned fuel's CO2 factor, and its source (or, for the
    fallback, why the fuel has no sourced range)."""
    fallback = scenario.parameters.get(CO2_FACTOR)
    out = {}
    for fuel in sorted(set(burned)):
        own = scenario.parameters.get(fuel_factor_name(fuel))
        if own is not None and own.distribution is not None:
            out[fuel] = {"parameter": own.name, "range": "sourced", "source": own.source}
        else:
            out[fuel] = {
                "parameter": CO2_FACTOR,
                "range": "fallback",
                "source": (
                    f"no sourced range: {why_not_available(fuel, 'co2_factor')}; fallback "
                    f"{CO2_FACTOR}: {fallback.source if fallback else 'not drawn'}"
                ),
            }
    return out
