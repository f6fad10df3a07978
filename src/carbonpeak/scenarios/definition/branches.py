"""Building the branches of a scenario (demand, power & heat, fugitive) from file data; values
are read by :class:`~.builder.Builder`, so problems name the file, line and key as in
:mod:`.schema`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carbonpeak.factors import fuels, kinds
from carbonpeak.inventory import MINES
from carbonpeak.scenarios.definition.builder import Builder, Path_
from carbonpeak.scenarios.model import (
    DISPATCH_MODES,
    TECH_KINDS,
    DemandBranch,
    FuelShare,
    Fugitive,
    MineShare,
    Power,
    PowerTech,
)

DEMAND_KEYS = {
    "name",
    "categories",
    "activity",
    "intensity",
    "fuels",
    "process",
    "output",
    "note",
    "source",
}
POWER_KEYS = {
    "own_use",
    "losses",
    "coal_rate",
    "heat_fuel",
    "heat_efficiency",
    "technologies",
    "dispatch",
    "max_variable_share",
    "exports",
    "imports",
    "storage_hours",
    "storage_efficiency",
    "note",
    "source",
}
TECH_KEYS = {"kind", "fuel", "capacity", "hours", "heat_rate", "min_hours", "note", "source"}
FUGITIVE_KEYS = {"activity", "mines", "utilised", "note", "source"}


def demand(b: Builder, key: str, value: Any, path: Path_) -> DemandBranch | None:
    spec = b.mapping(value, path, DEMAND_KEYS)
    if not spec:
        return None
    cats = spec.get("categories") or []
    if not isinstance(cats, list):
        b.fail((*path, "categories"), "应为列表 / expected a list of IPCC categories")
        cats = []
    activity = b.variable(spec.get("activity"), (*path, "activity"))
    intensity = b.variable(spec.get("intensity"), (*path, "intensity"))
    shares: list[FuelShare] = []
    remainder = 0
    for fuel, share in b.mapping(spec.get("fuels"), (*path, "fuels")).items():
        if fuel not in fuels():
            b.fail(
                (*path, "fuels", fuel), "未知燃料 / unknown fuel id (see factors/data/fuels.csv)"
            )
            continue
        if share == "remainder":
            remainder += 1
            shares.append(FuelShare(fuel, None))
            continue
        v = b.variable(share, (*path, "fuels", fuel), unit="percent")
        if v:
            shares.append(FuelShare(fuel, v))
    if not shares:
        b.fail((*path, "fuels"), "至少一种燃料 / at least one fuel share")
    if remainder > 1:
        b.fail((*path, "fuels"), "只能有一个 remainder / only one fuel may be the remainder")
    process = str(spec.get("process") or "")
    if process and process not in kinds():
        b.fail((*path, "process"), f"未知活动类型 / unknown activity kind {process!r}")
    output = str(spec.get("output") or process)
    if output and output not in kinds():
        b.fail((*path, "output"), f"未知活动类型 / unknown activity kind {output!r}")
    if activity is None or intensity is None:
        return None
    return DemandBranch(
        key,
        str(spec.get("name", key)),
        tuple(map(str, cats)),
        activity,
        intensity,
        tuple(shares),
        process,
        output,
    )


def power(b: Builder, spec: Mapping[str, Any]) -> Power | None:
    path: Path_ = ("power",)
    techs: list[PowerTech] = []
    for key, value in b.mapping(spec.get("technologies"), (*path, "technologies")).items():
        tp = (*path, "technologies", key)
        t = b.mapping(value, tp, TECH_KEYS)
        kind = t.get("kind", "thermal")
        if kind not in TECH_KINDS:
            b.fail((*tp, "kind"), f"未知技术 / unknown kind (known: {', '.join(TECH_KINDS)})")
        fuel = str(t.get("fuel") or "")
        if kind == "thermal" and fuel not in fuels():
            b.fail((*tp, "fuel"), "火电需要燃料 / a thermal technology needs a known fuel id")
        capacity = b.variable(t.get("capacity"), (*tp, "capacity"))
        hours = b.variable(t["hours"], (*tp, "hours")) if kind != "storage" else None
        rate = b.variable(t.get("heat_rate"), (*tp, "heat_rate")) if kind == "thermal" else None
        floor = b.variable(t["min_hours"], (*tp, "min_hours")) if "min_hours" in t else None
        if capacity:
            techs.append(PowerTech(key, str(kind), capacity, hours, fuel, rate, floor))
    own = b.variable(spec.get("own_use"), (*path, "own_use"), unit="percent")
    losses = b.variable(spec.get("losses"), (*path, "losses"), unit="percent")
    coal_rate = b.variable(spec.get("coal_rate"), (*path, "coal_rate"))
    heat_fuel = str(spec.get("heat_fuel") or "")
    if heat_fuel and heat_fuel not in fuels():
        b.fail((*path, "heat_fuel"), "未知燃料 / unknown fuel id")
    eff = spec.get("heat_efficiency")
    heat_eff = b.variable(eff, (*path, "heat_efficiency"), unit="percent") if eff else None
    if heat_fuel and heat_eff is None:
        b.fail((*path, "heat_efficiency"), "供热需要效率 / heat_fuel needs heat_efficiency")
    dispatch = str(spec.get("dispatch", "merit_order"))
    if dispatch not in DISPATCH_MODES:
        b.fail(
            (*path, "dispatch"),
            f"未知调度方式 / unknown dispatch (known: {', '.join(DISPATCH_MODES)})",
        )

    def optional(key: str, unit: str | None = None) -> Any:
        return b.variable(spec[key], (*path, key), unit=unit) if key in spec else None

    if own is None or losses is None or coal_rate is None:
        return None
    return Power(
        tuple(techs),
        own,
        losses,
        coal_rate,
        heat_fuel,
        heat_eff,
        dispatch,
        optional("max_variable_share", "percent"),
        optional("exports"),
        optional("imports"),
        optional("storage_hours", "h"),
        optional("storage_efficiency", "percent"),
    )


def fugitive(b: Builder, key: str, value: Any, path: Path_) -> Fugitive | None:
    """Coal-mine methane: CH4 factors per mine class come from the inventory engine (no
    ``ch4_factor`` here); ``mines`` (percent of output by class) is needed only without a
    base-year inventory that has coal output."""
    spec = b.mapping(value, path, FUGITIVE_KEYS)
    act = b.variable(spec.get("activity"), (*path, "activity"))
    used = b.variable(spec.get("utilised", 0), (*path, "utilised"), unit="m**3")
    mines: list[MineShare] = []
    for kind, share in b.mapping(spec.get("mines"), (*path, "mines")).items():
        if kind not in MINES:
            b.fail(
                (*path, "mines", kind),
                f"未知矿井类型 / unknown mine class (known: {', '.join(MINES)})",
            )
            continue
        v = b.variable(share, (*path, "mines", kind), unit="percent")
        if v:
            mines.append(MineShare(str(kind), v))
    if act is None or used is None:
        return None
    return Fugitive(key, act, used, tuple(mines))
