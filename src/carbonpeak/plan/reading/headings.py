"""Heading levels of Chinese plans: 一、 / (一) / 1. / (1), half- or full-width."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NUM_ZH = "零一二三四五六七八九十"
_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(r"^(?P<m>[一二三四五六七八九十]+)\s*[、.]\s*(?P<t>.+)$")),
    (2, re.compile(r"^(?P<m>\([一二三四五六七八九十]+\))\s*(?P<t>.+)$")),
    (3, re.compile(r"^(?P<m>\d{1,2})\s*[、.](?!\d)\s*(?P<t>.+)$")),
    (4, re.compile(r"^(?P<m>\(\d{1,2}\))\s*(?P<t>.+)$")),
]
# Longest title a heading line may carry before it reads as a numbered paragraph.
MAX_TITLE = 40


@dataclass(frozen=True)
class Heading:
    level: int
    marker: str
    title: str
    body: str  # text after the title on the same line (1.标题。正文...), or ""


def match_heading(line: str) -> Heading | None:
    """The heading on ``line``, or None.

    A numbered line whose first sentence is long is a numbered paragraph, not a heading.
    An annotation (〔牵头单位:...〕) may follow a title; it stays in ``title`` for the caller.
    """
    for level, pattern in _PATTERNS:
        m = pattern.match(line)
        if not m:
            continue
        rest = m.group("t").strip()
        title, body = _split_title(rest)
        if not title or len(_without_brackets(title)) > MAX_TITLE:
            return None
        if level == 3 and re.match(r"^\d", rest):
            return None
        marker = m.group("m") + {1: "、", 3: "."}.get(level, "")
        return Heading(level=level, marker=marker, title=title, body=body)
    return None


def starts_with_marker(line: str) -> bool:
    """Whether ``line`` begins with a heading's number (一、 (一) 1. (1)), half- or full-width,
    whatever follows it (a numbered paragraph too)."""
    line = unicodedata.normalize("NFKC", line)
    return any(pattern.match(line) for _, pattern in _PATTERNS)


def _split_title(rest: str) -> tuple[str, str]:
    """Title and same-line body: 推进煤炭消费替代。正文... -> (推进煤炭消费替代, 正文...)."""
    depth = 0
    for i, ch in enumerate(rest):
        depth += ch in "(〔【"
        depth -= ch in ")〕】" and depth > 0
        if depth == 0 and ch == "。":
            return rest[:i], rest[i + 1 :].strip()
    if any(p in _without_brackets(rest) for p in ",;"):
        return "", ""
    return rest, ""


def _without_brackets(text: str) -> str:
    return re.sub(r"[〔【(][^〕】)]*[〕】)]", "", text)


def chinese_numeral(text: str) -> int:
    """一 -> 1, 十一 -> 11, 二十 -> 20 (enough for plan headings)."""
    text = text.strip("()")
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_NUM_ZH.index(tens) if tens else 1) * 10 + (_NUM_ZH.index(ones) if ones else 0)
    return _NUM_ZH.index(text)
