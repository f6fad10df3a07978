"""The outline of a plan text: its title, the trailer to ignore, headings as nodes with the
paragraphs under each, and the actions (行动). Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from carbonpeak.plan.model import Node, ParseWarning
from carbonpeak.plan.reading import lexicon as lx
from carbonpeak.plan.reading.aliases import AliasTable
from carbonpeak.plan.reading.annotations import find_annotations, strip_annotations
from carbonpeak.plan.reading.headings import match_heading


@dataclass
class Block:
    """A heading and the paragraphs directly under it, in text order."""

    node: Node
    paragraphs: list[str] = field(default_factory=list)
    has_children: bool = False
    first_item_is_paragraph: bool = False


def cut_trailer(text: str) -> tuple[str, int]:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith(lx.TRAILER_MARKERS):
            rest = [ln for ln in lines[i:] if ln.strip()]
            return "\n".join(lines[:i]), len(rest)
    return text, 0


def untitled(paras: list[str]) -> tuple[str, int]:
    """Title of a text without outline and where its body starts: a short first line without
    sentence punctuation is the title; otherwise the body starts at once."""
    first = paras[0]
    if len(first) <= 40 and not re.search(r"[,;。:]", first):
        return first, 1
    named = [p for p in paras if len(p) <= 40 and re.search(r"(方案|规划|计划)$", p)]
    return (named[-1] if named else title_of([])), 0  # a notice ends with the plan's name


def title_of(preamble: list[str]) -> str:
    candidates = []
    for para in preamble:
        bare = re.sub(r"\([^)]*\)|《|》", "", para).strip()
        if len(bare) <= 40 and re.search(r"(方案|规划|计划)$", bare):
            candidates.append(bare.removeprefix("附件:"))
    if candidates:
        return candidates[-1]
    return preamble[0][:60] if preamble else "未命名方案"


def blocks_of(paras: list[str], aliases: AliasTable, warnings: list[ParseWarning]) -> list[Block]:
    blocks: list[Block] = []
    stack: list[Block] = []
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
        block = Block(node=node)
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


def actions_of(nodes: list[Node]) -> list[str]:
    """The actions (行动): level-2 nodes of the 重点任务 section, else any level-2 '...行动'."""
    for hint in lx.TASK_SECTION_HINTS[:-1]:
        for n in nodes:
            if n.parent is None and hint in n.title:
                return [c.id for c in nodes if c.parent == n.id]
    return [n.id for n in nodes if n.level == 2 and n.title.endswith("行动")]
