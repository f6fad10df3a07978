"""A small scenario written for the tests (numbers chosen for easy hand arithmetic)."""

from __future__ import annotations

from carbonpeak.scenarios.definition import loader
from carbonpeak.scenarios.model import Scenario

SMALL = """\
scenario: small
title: small test model
region: "520200"
base_year: 2020
end_year: 2030
parameters:
  g: {value: 10%, distribution: {type: normal, mean: 10%, sd: 2%}}
key_assumptions:
  gdp: {unit: 亿元, base: 100, expr: "growth(g)"}
demand:
  industry:
    categories: ["1.A.2.m"]
    activity: {unit: 亿元, base: 100, expr: "growth_as(gdp, 1)"}
    intensity: {unit: tce/万元, base: 1, expr: "base"}
    fuels: {raw_coal: 80, electricity: remainder}
power:
  dispatch: accounting
  own_use: {unit: percent, base: 5}
  losses: {unit: percent, base: 5}
  coal_rate: {unit: gce/kWh, base: 300}
  technologies:
    coal:
      fuel: raw_coal
      capacity: {unit: GW, base: 1}
      hours: {unit: h, base: 5000}
      heat_rate: {unit: gce/kWh, base: 300}
    hydro: {kind: hydro, capacity: {unit: GW, base: 0.5}, hours: {unit: h, base: 3000}}
"""

CHILD = """\
scenario: greener
parent: small
demand:
  industry:
    intensity: "interp(2030, base * 0.5)"
"""


def sources(*extra: str) -> dict[str, loader.Source]:
    out = {}
    for i, text in enumerate((SMALL, *extra)):
        src = loader.read_source(text, f"f{i}.yaml")
        out[src.name] = src
    return out


def small(*extra: str, name: str = "small") -> Scenario:
    return loader.build(name, sources(*extra))
