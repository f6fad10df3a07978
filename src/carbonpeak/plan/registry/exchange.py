"""The human-editable YAML form of a plan (export, correct by hand, import back).

Ids are the keys that link the rest of the platform to the plan, so they must survive a
round trip unchanged; everything else may be corrected.
"""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import ValidationError

from carbonpeak.core.errors import InputError
from carbonpeak.plan.model import Plan

HEADER = (
    "# carbonpeak plan export. Edit titles, texts, units, targets; keep the ids.\n"
    "# 可修改标题、正文、单位和目标;请勿修改 id。导入: carbonpeak plan import FILE\n"
)


def to_yaml(plan: Plan, *, slug: str | None = None) -> str:
    doc: dict[str, Any] = {"format": "carbonpeak-plan/1"}
    if slug:
        doc["slug"] = slug
    doc.update(plan.model_dump(mode="json"))
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    return HEADER + body


def from_yaml(text: str, *, name: str = "plan.yaml") -> tuple[Plan, str | None]:
    """Parse an exported plan; errors name the field (tasks.3.lead_units ...)."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{name}: YAML 格式错误 / invalid YAML: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("format") != "carbonpeak-plan/1":
        raise InputError(
            f"{name}: 不是 carbonpeak 方案导出文件 / not a carbonpeak plan export "
            "(missing 'format: carbonpeak-plan/1')"
        )
    slug = doc.pop("slug", None)
    doc.pop("format")
    try:
        plan = Plan.model_validate(doc)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:10]
        )
        raise InputError(f"{name}: 字段错误 / invalid fields: {problems}") from exc
    _check_unique(plan, name)
    return plan, slug


def _check_unique(plan: Plan, name: str) -> None:
    for label, ids in (
        ("nodes", [n.id for n in plan.nodes]),
        ("tasks", [t.id for t in plan.tasks]),
        ("targets", [t.id for t in plan.targets]),
        ("benchmarks", [b.id for b in plan.benchmarks]),
    ):
        seen: set[str] = set()
        for ident in ids:
            if ident in seen:
                raise InputError(f"{name}: {label}: id {ident!r} 重复 / duplicate id")
            seen.add(ident)
    node_ids = {n.id for n in plan.nodes}
    for i, task in enumerate(plan.tasks):
        if task.node not in node_ids:
            raise InputError(
                f"{name}: tasks.{i}.node: 标题 {task.node!r} 不存在 / unknown node {task.node!r}"
            )
