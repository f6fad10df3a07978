"""What a stored plan's tasks look like to the people who do them (plain types): a task with
its 牵头/责任 units, a unit's task counts, the action/task tree."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class UnitCount:
    name: str
    kind: str
    lead: int = 0
    responsible: int = 0
    default: int = 0


@dataclass
class TaskView:
    key: str
    node_key: str
    action_key: str | None
    kind: str
    title: str
    text: str
    lead_units: list[str] = field(default_factory=list)
    responsible_units: list[str] = field(default_factory=list)
    default_units: list[str] = field(default_factory=list)


@dataclass
class TreeNode:
    key: str
    level: int
    marker: str
    title: str
    is_action: bool
    children: list[TreeNode] = field(default_factory=list)
    tasks: list[TaskView] = field(default_factory=list)
