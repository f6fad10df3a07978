"""Unit annotations: who leads a task and who shares it, read by the rules in the tables below.

Forms seen in real plans (brackets 〔〕 【】 () [] of any width; : or ：; ; , 。 or a space
between clauses):

* role labels — 六盘水市碳达峰实施方案 (2023, the seed): ``〔牵头单位:市能源局、市生态环境局;
  责任单位:市发展改革委〕``; other city plans (quoted in issue 13): ``(牵头单位:市交通运输局
  参加单位:市公安局、市财政局)``, ``(负责单位:…)``;
* by duty — provincial plans (issue 13): ``(省能源局、省住房城乡建设厅按职责分工负责)``; with a
  trailing clause: ``(市商务局、市市场监管局等按职责分工负责,各县区人民政府落实)``;
* verb clauses — ``(市能源局牵头,市发展改革委、市财政局配合)``, ``(…,各区县人民政府负责)``;
* the standing clause ``以下重点任务除特别注明外均需X、Y落实`` (default units of a section).

A verb clause names units only if each name looks like a government unit (``looks_like_unit``):
``(抽水蓄能340+50万千瓦)`` or ``(由企业自行负责)`` are notes, not annotations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from carbonpeak.plan.reading.aliases import looks_like_unit
from carbonpeak.plan.reading.text import split_outside_brackets

LEAD, RESPONSIBLE = "lead", "responsible"

# Role labels written before a list (牵头单位: A、B). Label → role.
ROLE_LABELS: dict[str, str] = {
    "牵头单位": LEAD,
    "牵头部门": LEAD,
    "主办单位": LEAD,
    "主责单位": LEAD,
    "负责单位": LEAD,
    "负责部门": LEAD,
    "责任单位": RESPONSIBLE,
    "责任部门": RESPONSIBLE,
    "配合单位": RESPONSIBLE,
    "配合部门": RESPONSIBLE,
    "参与单位": RESPONSIBLE,
    "参与部门": RESPONSIBLE,
    "参加单位": RESPONSIBLE,
    "参加部门": RESPONSIBLE,
    "协同单位": RESPONSIBLE,
    "协同部门": RESPONSIBLE,
    "协办单位": RESPONSIBLE,
}
# Verbs written after a list (A、B按职责分工负责; A牵头; B配合), longest first. Verb → role;
# ``None``: lead if the note has named no lead yet, else responsible (…牵头,各区县人民政府负责).
CLAUSE_VERBS: tuple[tuple[str, str | None], ...] = (
    ("按职责分工负责", LEAD),
    ("按职责分工落实", LEAD),
    ("按职责负责", LEAD),
    ("分别负责", LEAD),
    ("共同负责", LEAD),
    ("牵头负责", LEAD),
    ("牵头", LEAD),
    ("负责", None),
    ("配合", RESPONSIBLE),
    ("参与", RESPONSIBLE),
    ("参加", RESPONSIBLE),
    ("协同", RESPONSIBLE),
    ("落实", RESPONSIBLE),
)
_LABEL = re.compile("(" + "|".join(sorted(ROLE_LABELS, key=len, reverse=True)) + r")\s*:\s*")
_STANDING = re.compile(r"除特别注明外[^需]*需(?P<units>.+?)(?:落实|负责|执行)")
_CLAUSE_SEPARATORS = ";。, "
_PAIRS = {"〔": "〕", "【": "】", "(": ")", "[": "]", "「": "」"}


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
    """Parse the inside of brackets by the rules above; None if it names no units."""
    ann = Annotation(0, 0)
    role: str | None = None
    labelled = bool(_LABEL.search(body))
    # A space separates clauses only between role labels (牵头单位:A 参加单位:B).
    text = _LABEL.sub(lambda m: f";{m.group(1)}:", body.strip())
    standing = _STANDING.search(text)
    if standing:  # its sentence (commas included) is the standing clause, nothing else
        ann.standing, _ = _names(standing.group("units"))
        start = max(text.rfind(c, 0, standing.start()) for c in ";。") + 1
        ends = [i for c in ";。" if (i := text.find(c, standing.end())) >= 0]
        text = text[:start] + text[min(ends) if ends else len(text) :]
    separators = _CLAUSE_SEPARATORS if labelled else _CLAUSE_SEPARATORS.replace(" ", "")
    segments: list[str | None] = []
    for sentence in split_outside_brackets(text, "。"):  # a new sentence needs its own role
        segments.append(None)
        segments.extend(split_outside_brackets(sentence, separators))
    for segment in segments:
        if segment is None:
            role = None
            continue
        segment = segment.strip()
        if not segment:
            continue
        label = _LABEL.match(segment)
        if label:
            role = ROLE_LABELS[label.group(1)]
            segment = segment[label.end() :]
        clause = None if label else _verb_clause(segment, has_lead=bool(ann.lead))
        if clause is not None:
            clause_role, names = clause
            (ann.lead if clause_role == LEAD else ann.responsible).extend(names)
            role = None  # a list after a verb clause needs its own label or verb
            continue
        if role is None:
            continue
        names, empty = _names(segment)
        ann.empty_items += empty
        (ann.lead if role == LEAD else ann.responsible).extend(names)
    if not (ann.lead or ann.responsible or ann.standing or (labelled and ann.empty_items)):
        return None
    return ann


def _verb_clause(segment: str, *, has_lead: bool) -> tuple[str, list[str]] | None:
    """'A、B等按职责分工负责' -> (lead, [A, B]) when every name looks like a unit."""
    for verb, verb_role in CLAUSE_VERBS:
        if segment.endswith(verb) and len(segment) > len(verb):
            listing = segment[: -len(verb)].removeprefix("由").rstrip("等")
            names, empty = _names(listing)
            if empty or not names or not all(looks_like_unit(n) for n in names):
                return None
            role = verb_role or (RESPONSIBLE if has_lead else LEAD)
            return role, names
    return None


def _names(listing: str) -> tuple[list[str], int]:
    """Split 'A、B,C' (not inside brackets); count empty items like the one in '、B'."""
    items = [s.strip() for s in split_outside_brackets(listing, "、,")]
    names = [s for s in items if s]
    return names, len(items) - len(names)


def strip_annotations(text: str, annotations: list[Annotation]) -> str:
    for ann in sorted(annotations, key=lambda a: a.start, reverse=True):
        text = text[: ann.start] + text[ann.end :]
    return text.strip()
