"""Plan text -> :class:`Plan`: headings, tasks with their units, targets, benchmarks.

Pure: no files, no database. ``read_plan_file`` in ``reader.py`` turns a file into text.
What the parser is unsure of goes to ``Plan.warnings``; nothing is dropped silently.
"""

from __future__ import annotations

import re

from carbonpeak.core.errors import InputError
from carbonpeak.plan.model import Node, ParseWarning, Plan, Task
from carbonpeak.plan.reading import lexicon as lx
from carbonpeak.plan.reading.aliases import AliasTable, load_aliases
from carbonpeak.plan.reading.annotations import find_annotations, strip_annotations
from carbonpeak.plan.reading.collect import add_found, one_name_per_indicator, units_of
from carbonpeak.plan.reading.headings import match_heading
from carbonpeak.plan.reading.outline import (
    Block,
    actions_of,
    blocks_of,
    cut_trailer,
    title_of,
    untitled,
)
from carbonpeak.plan.reading.targets import extract
from carbonpeak.plan.reading.text import normalize, paragraphs

# A task's title is its lead phrase when the first sentence is at most this long.
LEAD_PHRASE_MAX = 30
_STARTS_WITH_TIME = re.compile(r"^(?:到|至)?\s*(?:20\d\d年|“?十[四五六]五”?)")


def parse_text(text: str, *, aliases: AliasTable | None = None) -> Plan:
    """Parse a plan's text. A text without headings is read as one section (warning
    ``no_headings``); targets before the first heading are kept as ``preamble:tN``."""
    aliases = aliases or load_aliases()
    warnings: list[ParseWarning] = []
    body, trailer = cut_trailer(normalize(text))
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
        title, start = untitled(paras)
        warnings.append(
            ParseWarning(
                code="no_headings",
                message="未找到标题结构,全文作为一节读取 / no headings: the text was read as "
                "one section",
            )
        )
        blocks = [Block(node=Node(id="1", level=1, marker="", title=title))]
        blocks[0].paragraphs = paras[start:]
        blocks[0].first_item_is_paragraph = True
        preamble: list[str] = []
    else:
        title = title_of(paras[:first])
        preamble = [p for p in paras[:first] if p != title]
        if first:
            warnings.append(
                ParseWarning(
                    code="preamble",
                    message=f"标题前 {first} 段作为前言,不含任务 / {first} paragraphs before the "
                    "first heading were read as the preamble (no tasks)",
                )
            )
        blocks = blocks_of(paras[first:], aliases, warnings)
    plan = Plan(title=title, nodes=[b.node for b in blocks])
    plan.actions = actions_of(plan.nodes)
    _preamble_targets(plan, preamble, warnings)
    _tasks_and_targets(plan, blocks, aliases, warnings)
    one_name_per_indicator(plan)
    plan.units = units_of(plan, aliases, warnings)
    plan.warnings = warnings
    return plan


def _preamble_targets(plan: Plan, preamble: list[str], warnings: list[ParseWarning]) -> None:
    """Targets in a news lead or an issuing notice before the plan: kept, with ids
    ``preamble:tN`` and no task, and a warning saying they come from the preamble."""
    found = [f for para in preamble for f in extract(para)]
    add_found(plan, [f for f in found if f.kind == "target"], None, None, [])
    if any(f.kind == "target" for f in found):
        warnings.append(
            ParseWarning(
                code="preamble_targets",
                message=f"前言中的 {sum(f.kind == 'target' for f in found)} 个目标已读取,"
                "标为前言 / targets in the preamble were read and marked as such (preamble:tN)",
                location="preamble",
            )
        )


def _tasks_and_targets(
    plan: Plan, blocks: list[Block], aliases: AliasTable, warnings: list[ParseWarning]
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
            lead = task.lead_units if task else _inherited_lead(node, by_id)
            add_found(plan, extract(text), task, node, lead)


def _is_intro(block: Block, index: int, text: str, annotated: bool) -> bool:
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


def _inherited_lead(node: Node, by_id: dict[str, Block]) -> list[str]:
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
