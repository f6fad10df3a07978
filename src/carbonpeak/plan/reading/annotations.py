"""Unit annotations: who leads a task and who shares it.

Forms seen in plans (all handled):
〔牵头单位:A、B;责任单位:C〕  (牵头单位:A;配合单位:B)  【责任单位:A】  (A、B按职责分工负责)
and the standing clause 以下重点任务除特别注明外均需X、Y落实 (default units).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from carbonpeak.plan.reading.text import split_outside_brackets

LEAD_ROLES = ("牵头单位", "牵头部门", "主办单位")
RESPONSIBLE_ROLES = ("责任单位", "责任部门", "配合单位", "参与单位", "协办单位", "配合部门")
_ROLE = re.compile("(" + "|".join(LEAD_ROLES + RESPONSIBLE_ROLES) + r")\s*:")
_BY_DUTY = re.compile(r"^(?P<units>.+?)(?:等)?(?:按职责分工负责|按职责负责|分别负责)$")
_STANDING = re.compile(r"除特别注明外[^需]*需(?P<units>.+?)(?:落实|负责|执行)")
_PAIRS = {"〔": "〕", "【": "】", "(": ")", "[": "]"}


@dataclass
class Annotation:
    start: int
    end: int
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    standing: list[str] = field(default_factory=list)  # default units from a standing clause
    empty_items: int = 0


def find_annotations(text: str) -> list[Annotation]:
    """Every bracketed unit annotation in ``text`` (balanced brackets, nested allowed)."""
    found: list[Annotation] = []
    i = 0
    while i < len(text):
        close = _PAIRS.get(text[i])
        if close is None:
            i += 1
            continue
        end = _matching(text, i, text[i], close)
        if end is None:
            i += 1
            continue
        ann = parse_annotation(text[i + 1 : end])
        if ann is not None:
            ann.start, ann.end = i, end + 1
            found.append(ann)
            i = end + 1
        else:
            i += 1
    return found


def _matching(text: str, start: int, open_ch: str, close_ch: str) -> int | None:
    depth = 0
    for j in range(start, len(text)):
        if text[j] == open_ch:
            depth += 1
        elif text[j] == close_ch:
            depth -= 1
            if depth == 0:
                return j
    return None


def parse_annotation(body: str) -> Annotation | None:
    """Parse the inside of brackets; None if it names no units."""
    by_duty = _BY_DUTY.match(body.strip())
    if by_duty and not _ROLE.search(body):
        ann = Annotation(0, 0)
        ann.lead, ann.empty_items = _names(by_duty.group("units"))
        return ann
    if not _ROLE.search(body):
        return None
    ann = Annotation(0, 0)
    role: str | None = None
    for segment in split_outside_brackets(body, ";。"):
        segment = segment.strip()
        if not segment:
            continue
        standing = _STANDING.search(segment)
        if standing:
            ann.standing, _ = _names(standing.group("units"))
            continue
        m = _ROLE.match(segment)
        if m:
            role = m.group(1)
            segment = segment[m.end() :]
        if role is None:
            continue
        names, empty = _names(segment)
        ann.empty_items += empty
        (ann.lead if role in LEAD_ROLES else ann.responsible).extend(names)
    return ann


def _names(listing: str) -> tuple[list[str], int]:
    """Split 'A、B,C' (not inside brackets); count empty items like the one in '、B'."""
    items = [s.strip() for s in split_outside_brackets(listing, "、,")]
    names = [s for s in items if s]
    return names, len(items) - len(names)


def strip_annotations(text: str, annotations: list[Annotation]) -> str:
    for ann in sorted(annotations, key=lambda a: a.start, reverse=True):
        text = text[: ann.start] + text[ann.end :]
    return text.strip()
