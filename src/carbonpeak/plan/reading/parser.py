"""Plan text -> :class:`Plan`: headings, tasks with their units, targets, benchmarks.

Pure: no files, no database. ``read_plan_file`` in ``reader.py`` turns a file into text.
What the parser is unsure of goes to ``Plan.warnings``; nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import normalised, short_text
from carbonpeak.plan.model import (
    Benchmark,
    Node,
    ParseWarning,
    Plan,
    QuantityOut,
    Target,
    Task,
    Unit,
)
from carbonpeak.plan.reading import lexicon as lx
from carbonpeak.plan.reading.aliases import AliasTable, load_aliases
from carbonpeak.plan.reading.annotations import find_annotations, strip_annotations
from carbonpeak.plan.reading.headings import match_heading
from carbonpeak.plan.reading.targets import Found, extract
from carbonpeak.plan.reading.text import normalize, paragraphs

# A task's title is its lead phrase when the first sentence is at most this long.
LEAD_PHRASE_MAX = 30
_STARTS_WITH_TIME = re.compile(r"^(?:到|至)?\s*(?:20\d\d年|“?十[四五六]五”?)")


@dataclass
class _Block:
    """A heading and the paragraphs directly under it, in text order."""

    node: Node
    paragraphs: list[str] = field(default_factory=list)
    has_children: bool = False
    first_item_is_paragraph: bool = False


def parse_text(text: str, *, aliases: AliasTable | None = None) -> Plan:
    """Parse a plan's text. A text without headings is read as one section (warning
    ``no_headings``); targets before the first heading are kept as ``preamble:tN``."""
    aliases = aliases or load_aliases()
    warnings: list[ParseWarning] = []
    body, trailer = _cut_trailer(normalize(text))
    if trailer:
        warnings.append(
            ParseWarning(
                code="trailer_ignored",
                message=f"忽略正文后的网页附加内容 {trailer} 行 / ignored {trailer} lines of page "
                "furniture after the plan (原标题, 版权声明 ...)",
            )
        )
    paras = paragraphs(body, is_heading=lambda line: match_heading(line) is not None)
    if not any("\u4e00" <= ch <= "\u9fff" for p in paras for ch in p):
        raise InputError("不是方案文本: 没有中文正文 / not a plan: no Chinese text found")
    levels = [(i, h.level) for i, p in enumerate(paras) if (h := match_heading(p))]
    # The outline starts at the first 一、; a plan numbered from (一) or 1. starts at its first
    # heading; a text with no outline at all (a news summary) is read as one section.
    first = next((i for i, level in levels if level == 1), levels[0][0] if levels else None)
    if first is None:
        title, start = _untitled(paras)
        warnings.append(
            ParseWarning(
                code="no_headings",
                message="未找到标题结构,全文作为一节读取 / no headings: the text was read as "
                "one section",
            )
        )
        blocks = [_Block(node=Node(id="1", level=1, marker="", title=title))]
        blocks[0].paragraphs = paras[start:]
        blocks[0].first_item_is_paragraph = True
        preamble: list[str] = []
    else:
        title = _title(paras[:first])
        preamble = [p for p in paras[:first] if p != title]
        if first:
            warnings.append(
                ParseWarning(
                    code="preamble",
                    message=f"标题前 {first} 段作为前言,不含任务 / {first} paragraphs before the "
                    "first heading were read as the preamble (no tasks)",
                )
            )
        blocks = _blocks(paras[first:], aliases, warnings)
    plan = Plan(title=title, nodes=[b.node for b in blocks])
    plan.actions = _actions(plan.nodes)
    _preamble_targets(plan, preamble, warnings)
    _tasks_and_targets(plan, blocks, aliases, warnings)
    plan.units = _units(plan, aliases, warnings)
    plan.warnings = warnings
    return plan


def _cut_trailer(text: str) -> tuple[str, int]:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith(lx.TRAILER_MARKERS):
            rest = [ln for ln in lines[i:] if ln.strip()]
            return "\n".join(lines[:i]), len(rest)
    return text, 0


def _untitled(paras: list[str]) -> tuple[str, int]:
    """Title of a text without outline and where its body starts: a short first line without
    sentence punctuation is the title; otherwise the body starts at once."""
    first = paras[0]
    if len(first) <= 40 and not re.search(r"[,;。:]", first):
        return first, 1
    named = [p for p in paras if len(p) <= 40 and re.search(r"(方案|规划|计划)$", p)]
    return (named[-1] if named else _title([])), 0  # a notice ends with the plan's name


def _preamble_targets(plan: Plan, preamble: list[str], warnings: list[ParseWarning]) -> None:
    """Targets in a news lead or an issuing notice before the plan: kept, with ids
    ``preamble:tN`` and no task, and a warning saying they come from the preamble."""
    found = [f for para in preamble for f in extract(para)]
    _add_found(plan, [f for f in found if f.kind == "target"], None, None, {})
    if any(f.kind == "target" for f in found):
        warnings.append(
            ParseWarning(
                code="preamble_targets",
                message=f"前言中的 {sum(f.kind == 'target' for f in found)} 个目标已读取,"
                "标为前言 / targets in the preamble were read and marked as such (preamble:tN)",
                location="preamble",
            )
        )


def _title(preamble: list[str]) -> str:
    candidates = []
    for para in preamble:
        bare = re.sub(r"\([^)]*\)|《|》", "", para).strip()
        if len(bare) <= 40 and re.search(r"(方案|规划|计划)$", bare):
            candidates.append(bare.removeprefix("附件:"))
    if candidates:
        return candidates[-1]
    return preamble[0][:60] if preamble else "未命名方案"


def _blocks(paras: list[str], aliases: AliasTable, warnings: list[ParseWarning]) -> list[_Block]:
    blocks: list[_Block] = []
    stack: list[_Block] = []
    counts: dict[str | None, int] = {}
    for para in paras:
        heading = match_heading(para)
        if heading is None:
            if stack:
                block = stack[-1]
                if not block.paragraphs and not block.has_children:
                    block.first_item_is_paragraph = True
                block.paragraphs.append(para)
            continue
        while stack and stack[-1].node.level >= heading.level:
            stack.pop()
        parent = stack[-1] if stack else None
        parent_id = parent.node.id if parent else None
        counts[parent_id] = counts.get(parent_id, 0) + 1
        node_id = f"{parent_id}.{counts[parent_id]}" if parent_id else str(counts[parent_id])
        anns = find_annotations(heading.title)
        lead = [aliases.resolve(n).name for a in anns for n in a.lead]
        node = Node(
            id=node_id,
            level=heading.level,
            marker=heading.marker,
            title=strip_annotations(heading.title, anns),
            parent=parent_id,
            lead_units=lead,
        )
        if parent:
            parent.has_children = True
        block = _Block(node=node)
        blocks.append(block)
        stack.append(block)
        if heading.body:
            # 2. 一句话的任务。(牵头单位:…): the sentence is the task, not only its title
            only_note = not strip_annotations(heading.body, find_annotations(heading.body))
            block.paragraphs.append(
                f"{heading.title}。{heading.body}" if only_note else heading.body
            )
            block.first_item_is_paragraph = True
    return blocks


def _actions(nodes: list[Node]) -> list[str]:
    """The actions (行动): level-2 nodes of the 重点任务 section, else any level-2 '...行动'."""
    for hint in lx.TASK_SECTION_HINTS[:-1]:
        for n in nodes:
            if n.parent is None and hint in n.title:
                return [c.id for c in nodes if c.parent == n.id]
    return [n.id for n in nodes if n.level == 2 and n.title.endswith("行动")]


def _tasks_and_targets(
    plan: Plan, blocks: list[_Block], aliases: AliasTable, warnings: list[ParseWarning]
) -> None:
    by_id = {b.node.id: b for b in blocks}
    defaults: list[str] = []
    section = ""
    for block in blocks:
        node = block.node
        top = node.id.split(".")[0]
        if top != section:
            section, defaults = top, []
        in_task_section = not any(w in by_id[top].node.title for w in lx.NON_TASK_SECTIONS)
        n_task = 0
        for index, para in enumerate(block.paragraphs):
            anns = find_annotations(para)
            text = strip_annotations(para, anns)
            is_task = in_task_section and not _is_intro(block, index, text, bool(anns))
            task: Task | None = None
            if is_task:
                n_task += 1
                for ann in anns:
                    if ann.standing:
                        defaults = _resolve_all(ann.standing, aliases)
                    if ann.empty_items:
                        warnings.append(
                            ParseWarning(
                                code="unit_empty",
                                message="单位列表中有空项 / an empty item in a unit list",
                                location=f"{node.id}-{n_task}",
                            )
                        )
                lead = _resolve_all([n for a in anns for n in a.lead], aliases)
                responsible = _resolve_all([n for a in anns for n in a.responsible], aliases)
                if not lead:
                    lead = _inherited_lead(node, by_id)
                task = Task(
                    id=f"{node.id}-{n_task}",
                    node=node.id,
                    kind="target" if _STARTS_WITH_TIME.match(text) else "measure",
                    title=_task_title(text),
                    text=text,
                    lead_units=lead,
                    responsible_units=[u for u in responsible if u not in lead],
                    default_units=list(defaults),
                )
                plan.tasks.append(task)
                if not lead:
                    warnings.append(
                        ParseWarning(
                            code="task_without_lead",
                            message=f"任务未注明牵头单位 / task has no lead unit: {task.title}",
                            location=task.id,
                        )
                    )
            _add_found(plan, extract(text), task, node, by_id)


def _is_intro(block: _Block, index: int, text: str, annotated: bool) -> bool:
    """An opening paragraph that frames the section rather than assigning work."""
    if annotated or index != 0 or block.node.level > 3 or block.node.lead_units:
        return False
    if not block.first_item_is_paragraph:
        return False
    followed = len(block.paragraphs) > 1 or block.has_children
    return followed and _lead_phrase(text) is None


def _lead_phrase(text: str) -> str | None:
    first, sep, _ = text.partition("。")
    if sep and len(first) <= LEAD_PHRASE_MAX and not re.search(r"[,;:]", first):
        return first
    return None


def _task_title(text: str) -> str:
    first, sep, _ = text.partition("。")
    if sep and len(first) <= LEAD_PHRASE_MAX and not _STARTS_WITH_TIME.match(first):
        return first
    rest = _STARTS_WITH_TIME.sub("", text).lstrip(",期间 ")
    clause = re.split(r"[,;。]", rest, maxsplit=1)[0]
    return clause if len(clause) <= LEAD_PHRASE_MAX else clause[:LEAD_PHRASE_MAX] + "…"


def _inherited_lead(node: Node, by_id: dict[str, _Block]) -> list[str]:
    current: Node | None = node
    while current is not None:
        if current.lead_units:
            return list(current.lead_units)
        current = by_id[current.parent].node if current.parent else None
    return []


def _resolve_all(names: list[str], aliases: AliasTable) -> list[str]:
    out: list[str] = []
    for name in names:
        canonical = aliases.resolve(name).name
        if canonical not in out:
            out.append(canonical)
    return out


def _add_found(
    plan: Plan,
    found: list[Found],
    task: Task | None,
    node: Node | None,
    by_id: dict[str, _Block],
) -> None:
    """Add targets and benchmarks found in a paragraph of ``task`` or ``node`` (neither: the
    preamble)."""
    owner = task.id if task else node.id if node else "preamble"
    lead = task.lead_units if task else _inherited_lead(node, by_id) if node else []
    nt = sum(1 for t in plan.targets if t.id.startswith(owner + ":"))
    nb = sum(1 for b in plan.benchmarks if b.id.startswith(owner + ":"))
    for f in found:
        q = _quantity(f.value, f.unit)
        if f.kind == "benchmark":
            nb += 1
            plan.benchmarks.append(
                Benchmark.model_validate(
                    dict(
                        id=f"{owner}:b{nb}",
                        process=f.process or f.indicator,
                        indicator=f.indicator,
                        value=f.value,
                        unit=f.unit,
                        quantity=q,
                        comparator=f.comparator,
                        aspirational=f.aspirational,
                        task=task.id if task else None,
                        node=node.id if node else None,
                        source_text=f.source_text,
                    )
                )
            )
        else:
            nt += 1
            plan.targets.append(
                Target.model_validate(
                    dict(
                        id=f"{owner}:t{nt}",
                        year=f.year,
                        indicator=f.indicator,
                        value=f.value,
                        value_max=f.value_max,
                        unit=f.unit,
                        quantity=q,
                        comparator=f.comparator,
                        aspirational=f.aspirational,
                        base_year=f.base_year,
                        change=f.change,
                        task=task.id if task else None,
                        node=node.id if node else None,
                        lead_units=list(lead),
                        source_text=f.source_text,
                    )
                )
            )


def _quantity(value: float, unit: str) -> QuantityOut | None:
    try:
        q = normalised(value, unit)
    except InputError:
        return None
    return QuantityOut(magnitude=float(q.magnitude), unit=str(q.units), text=short_text(q))


def _units(plan: Plan, aliases: AliasTable, warnings: list[ParseWarning]) -> list[Unit]:
    units: dict[str, Unit] = {}
    reported: set[str] = set()
    for task in plan.tasks:
        for role, names in (
            ("lead", task.lead_units),
            ("responsible", task.responsible_units),
            ("default", task.default_units),
        ):
            for name in names:
                res = aliases.resolve(name)
                unit = units.setdefault(
                    res.name, Unit.model_validate({"name": res.name, "kind": res.kind})
                )
                if role == "lead":
                    unit.lead_tasks += 1
                elif role == "responsible":
                    unit.responsible_tasks += 1
                if res.status in ("unknown", "suspect") and name not in reported:
                    reported.add(name)
                    hint = (
                        f" (是否为 {res.suggestion}? / did you mean {res.suggestion}?)"
                        if res.suggestion
                        else ""
                    )
                    warnings.append(
                        ParseWarning(
                            code=f"unit_{res.status}",
                            message=f"无法识别的单位名称 / unresolved unit name: {name}{hint}",
                            location=task.id,
                        )
                    )
    for alias_written in _written_aliases(plan, aliases):
        canonical = aliases.resolve(alias_written).name
        if canonical in units and alias_written not in units[canonical].aliases_seen:
            units[canonical].aliases_seen.append(alias_written)
    return sorted(units.values(), key=lambda u: (-u.lead_tasks, u.name))


def _written_aliases(plan: Plan, aliases: AliasTable) -> list[str]:
    seen: list[str] = []
    for task in plan.tasks:
        for ann in find_annotations(task.text):
            for name in ann.lead + ann.responsible:
                if aliases.resolve(name).status == "alias":
                    seen.append(name)
    return seen
