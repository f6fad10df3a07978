"""Scenarios as plain data (情景): key assumptions, branches, parameters (pure, frozen).

Words: 关键假设 key assumptions (GDP, population ...), 需求分支 demand branch (activity 活动水平
× intensity 能源强度 × fuel shares 燃料结构), 电力热力 power & heat (capacity 装机 × hours
利用小时 → generation 发电量), 逸散 fugitive, 碳汇 sinks, 基准情景 baseline, 规划情景 plan,
强化情景 enhanced. A scenario is a set of variable expressions and parameters; a child scenario
inherits everything from its parent and overrides what differs (LEAP's search order: own →
parent → … → root; the root holds the base year, like LEAP's Current Accounts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

# The syntax tree of a parsed expression (definition/expressions.py parses and evaluates it).


@dataclass(frozen=True, slots=True)
class Num:
    value: float
    text: str


@dataclass(frozen=True, slots=True)
class Str:
    value: str


@dataclass(frozen=True, slots=True)
class Name:
    name: str


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Node


@dataclass(frozen=True, slots=True)
class BinOp:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call:
    func: str
    args: tuple[Node, ...]


Node = Num | Str | Name | Neg | BinOp | Call


DistKind = Literal["normal", "uniform", "triangular", "lognormal", "split_normal", "choice"]
DIST_KINDS: tuple[str, ...] = get_args(DistKind)
#: Arguments each distribution takes, in order.
DIST_ARGS: dict[str, tuple[str, ...]] = {
    "normal": ("mean", "sd"),
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "lognormal": ("mean", "sd"),  # of the value itself (not of its log)
    # a 95 % interval around a central value: median at ``median``, 2.5 % at ``low95``, 97.5 %
    # at ``high95``, a half normal on each side (sd = distance to the bound / 1.96)
    "split_normal": ("low95", "median", "high95"),
    "choice": ("values",),
}
TechKind = Literal["thermal", "hydro", "wind", "solar", "nuclear", "biomass", "storage"]
TECH_KINDS: tuple[str, ...] = get_args(TechKind)
DISPATCH_MODES: tuple[str, ...] = ("merit_order", "accounting")
#: Technologies whose output varies with weather (curtailed above ``max_variable_share``).
VARIABLE_KINDS: tuple[str, ...] = ("wind", "solar")
#: Technologies whose generation is primary (non-fossil) electricity.
NONFOSSIL_KINDS: tuple[str, ...] = ("hydro", "wind", "solar", "nuclear", "biomass")


@dataclass(frozen=True, slots=True)
class Distribution:
    """A parameter's uncertainty: ``normal(mean, sd)``, ``choice(values)`` ..."""

    kind: str
    args: tuple[float, ...]
    weights: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class Parameter:
    """A named number expressions may read (``gdp_growth``), optionally uncertain."""

    name: str
    value: float
    distribution: Distribution | None = None
    source: str = ""
    where: str = ""


@dataclass(frozen=True, slots=True)
class Variable:
    """One time series input: unit, base-year value, expression, where it was written.

    ``base`` None means the base year comes from the base-year input (the inventory).
    """

    path: str
    unit: str
    expr: Node
    text: str
    base: float | None
    where: str
    source: str = ""
    illustrative: bool = False


@dataclass(frozen=True, slots=True)
class FuelShare:
    """A fuel's share of a branch's final energy (percent); ``share`` None = the remainder."""

    fuel: str
    share: Variable | None


@dataclass(frozen=True, slots=True)
class DemandBranch:
    """需求分支: energy = activity × intensity, split by fuel shares.

    ``categories``: the IPCC categories of the inventory this branch stands for (base year);
    ``process_kind``: an activity kind (``clinker``) whose process CO2 is tied to the activity;
    ``output``: the activity kind whose inventory quantity is the base-year activity (default:
    the process kind).
    """

    key: str
    name: str
    categories: tuple[str, ...]
    activity: Variable
    intensity: Variable
    fuels: tuple[FuelShare, ...]
    process_kind: str = ""
    output: str = ""


@dataclass(frozen=True, slots=True)
class PowerTech:
    """A generation technology: capacity (GW) × hours → generation. In merit order the hours of
    non-fossil plants are their available hours, of gas plants their maximum, and coal's are
    derived (the residual), with ``min_hours`` its minimum-load floor."""

    key: str
    kind: str
    capacity: Variable
    hours: Variable | None
    fuel: str = ""
    heat_rate: Variable | None = None
    min_hours: Variable | None = None


@dataclass(frozen=True, slots=True)
class Power:
    """电力热力: technologies, own use and losses (%), heat plants, 发电煤耗 for the
    coal-equivalent method."""

    technologies: tuple[PowerTech, ...]
    own_use: Variable
    losses: Variable
    coal_rate: Variable
    heat_fuel: str = ""
    heat_efficiency: Variable | None = None
    #: ``merit_order`` (LEAP's dispatch: non-fossil first, coal the residual) or ``accounting``
    #: (every plant capacity × its hours, LEAP's accounting mode)
    dispatch: str = "merit_order"
    max_variable_share: Variable | None = None  # percent of generation wind+solar may supply
    exports: Variable | None = None  # electricity sent out of the region (kWh-like unit)
    imports: Variable | None = None  # electricity bought in before coal runs
    storage_hours: Variable | None = None  # h/yr a GW of storage recovers curtailed energy
    storage_efficiency: Variable | None = None  # percent round trip

    def extra_variables(self) -> list[Variable]:
        """The dispatch settings and floors that are variables."""
        out = [
            v
            for v in (
                self.max_variable_share,
                self.exports,
                self.imports,
                self.storage_hours,
                self.storage_efficiency,
            )
            if v is not None
        ]
        return out + [t.min_hours for t in self.technologies if t.min_hours is not None]


@dataclass(frozen=True, slots=True)
class MineShare:
    """A mine gas class's share of coal output (percent); ``kind`` is its activity kind:
    ``coal_output_high_gas`` 高瓦斯, ``_outburst`` 突出, ``_low_gas`` 低瓦斯, ``_open_pit`` 露天."""

    kind: str
    share: Variable


@dataclass(frozen=True, slots=True)
class Fugitive:
    """煤矿瓦斯: coal output × Σ share × (mining + post-mining CH4 per t of the class)
    − methane drained and utilised. The factors are the inventory engine's (1.B.1.a); the class
    shares come from the base-year inventory (``mines`` in the file where there is none)."""

    key: str
    activity: Variable
    utilised: Variable
    mines: tuple[MineShare, ...] = ()


@dataclass(frozen=True, slots=True)
class Sink:
    """碳汇: a removal in tCO2 per year (negative)."""

    key: str
    value: Variable


@dataclass(frozen=True)
class Scenario:
    """One scenario after inheritance: everything needed to run it."""

    name: str
    title: str
    chain: tuple[str, ...]
    region: str
    base_year: int
    end_year: int
    gwp_set: str
    parameters: dict[str, Parameter]
    key_assumptions: dict[str, Variable]
    demand: tuple[DemandBranch, ...]
    power: Power
    fugitive: tuple[Fugitive, ...] = ()
    sinks: tuple[Sink, ...] = ()
    description: str = ""
    illustrative: str = ""
    files: tuple[str, ...] = ()
    plan_refs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: plan targets any file of the inheritance chain reads (kept in the target check when a
    #: child overrides the lever)
    lever_refs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: lever variables: path → (the root scenario's variable, its delivery parameter)
    levers: dict[str, tuple[Variable, str]] = field(default_factory=dict)

    @property
    def parent(self) -> str | None:
        return self.chain[-2] if len(self.chain) > 1 else None

    @property
    def years(self) -> range:
        return range(self.base_year, self.end_year + 1)

    def variables(self) -> list[Variable]:
        """Every variable of the scenario (for listing and validation)."""
        out = list(self.key_assumptions.values())
        for b in self.demand:
            out += [b.activity, b.intensity, *(f.share for f in b.fuels if f.share)]
        p = self.power
        out += [p.own_use, p.losses, p.coal_rate]
        out += [p.heat_efficiency] if p.heat_efficiency else []
        for t in p.technologies:
            out += [v for v in (t.capacity, t.hours, t.heat_rate) if v]
        out += p.extra_variables()
        for f in self.fugitive:
            out += [f.activity, f.utilised, *(m.share for m in f.mines)]
        out += [s.value for s in self.sinks]
        return out
