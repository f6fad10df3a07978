"""The plan as plain data: what ``carbonpeak plan parse`` prints and the database stores.

Words users know: 行动 action, 任务 task, 牵头单位 lead unit, 责任单位 responsible unit,
目标 target, 工序能耗限额 process energy limit (benchmark).
The JSON form of :class:`Plan` is an interface other tools rely on: keep its keys.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Comparator = Literal[">=", "<=", "~", "=", ">", "<"]
Change = Literal["decrease", "increase"]
TaskKind = Literal["measure", "target"]
UnitKind = Literal["department", "government", "enterprise", "office", "other"]


class Node(BaseModel):
    """A heading: 一、 (level 1) / (一) (2) / 1. (3) / (1) (4)."""

    id: str = Field(description="stable dotted path, e.g. 2.1.3")
    level: int
    marker: str = Field(description="the numbering as written, e.g. (三)")
    title: str
    parent: str | None = None
    lead_units: list[str] = Field(default_factory=list)


class QuantityOut(BaseModel):
    """A value normalised through the pint registry (300 万千瓦 -> 3 GW)."""

    magnitude: float
    unit: str
    text: str


class Task(BaseModel):
    """A concrete measure (or a target paragraph) with the units held to it."""

    id: str
    node: str
    kind: TaskKind = "measure"
    title: str
    text: str
    lead_units: list[str] = Field(default_factory=list)
    responsible_units: list[str] = Field(default_factory=list)
    default_units: list[str] = Field(default_factory=list)


class Target(BaseModel):
    """A quantitative target: 到2025年...达到20%左右."""

    id: str
    year: int | None
    indicator: str
    value: float
    value_max: float | None = Field(default=None, description="upper end of a range (1-2个)")
    unit: str
    quantity: QuantityOut | None
    comparator: Comparator
    aspirational: bool = Field(default=False, description="力争 / 鼓励")
    base_year: int | None = None
    change: Change | None = None
    task: str | None = None
    node: str | None = None
    lead_units: list[str] = Field(default_factory=list)
    source_text: str


class Benchmark(BaseModel):
    """A process limit without a year, e.g. 烧结工序能耗≤45kgce/t."""

    id: str
    process: str
    indicator: str
    value: float
    unit: str
    quantity: QuantityOut | None
    comparator: Comparator
    aspirational: bool = False
    task: str | None = None
    node: str | None = None
    source_text: str


class Unit(BaseModel):
    """An organisation named by the plan, under its canonical name."""

    name: str
    kind: UnitKind = "other"
    aliases_seen: list[str] = Field(default_factory=list)
    lead_tasks: int = 0
    responsible_tasks: int = 0


class ParseWarning(BaseModel):
    code: str
    message: str
    location: str | None = None


class Plan(BaseModel):
    title: str
    nodes: list[Node] = Field(default_factory=list)
    actions: list[str] = Field(default_factory=list, description="node ids of the actions")
    tasks: list[Task] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    benchmarks: list[Benchmark] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    warnings: list[ParseWarning] = Field(default_factory=list)

    def node(self, node_id: str) -> Node:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def action_of(self, node_id: str) -> str | None:
        """The action (行动) a node belongs to, or None."""
        for action in self.actions:
            if node_id == action or node_id.startswith(action + "."):
                return action
        return None
