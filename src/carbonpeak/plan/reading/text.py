"""Plan text clean-up: decoding, width normalisation, and mending text pasted from PDFs.

Plans arrive as UTF-8 or GB18030 text, with full-width punctuation, and (from PDFs) with
line breaks and spaces inside sentences and numbers (到 2030 年, 15%以\\n上).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from carbonpeak.core.errors import InputError

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# A paragraph ends where a line ends a sentence or closes an annotation.
_PARAGRAPH_END = re.compile(r"[。!?;:〕】)”’\]]$")
# A short line of its own ending like a document's name is a title (某市碳达峰实施方案, ...的通知).
_TITLE_END = re.compile(r"(方案|规划|计划|通知|意见|要点|清单|分工)$")
TITLE_MAX = 40
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}\W\d])[ \t\u3000]+|[ \t\u3000]+(?=[{_CJK}\W\d])")


def decode(data: bytes, *, name: str = "file") -> str:
    """Decode a plan file: UTF-8 (with or without BOM), else GB18030; refuse binaries."""
    if not data.strip():
        raise InputError(f"{name}: 文件为空 / the file is empty")
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: 不是文本文件 / not a text file (binary content)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise InputError(
        f"{name}: 无法识别的编码或不是方案文本 / cannot decode as UTF-8 or GB18030 text"
    )


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t")
    return controls <= len(sample) * 0.01


# CJK Radicals Supplement glyphs that PDFs emit for common characters (⻛ for 风, ⻅ for 见).
# NFKC maps the Kangxi radicals (⾊ → 色) but not these; pairs from Unicode's
# EquivalentUnifiedIdeograph.txt (Unicode 15.1), the ones that are whole characters in
# simplified Chinese.
# The horizontal bar ― (U+2015) that fonts map the Chinese dash to is the em dash — here; fonts
# that share one glyph between a common character and a rare variant may name the variant
# (㬵 U+3B35 for 胶, seen in Chromium's PDF of the seed with Noto Sans CJK).
_RADICALS = str.maketrans(
    "⺁⺇⺌⺕⺟⺠⺢⺮⺶⻄⻅⻆⻉⻋⻓⻔⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻯⻰⻳―㬵",
    "厂几小彐母民水竹羊西见角贝车长门青韦页风飞食马骨鬼鱼鸟卤麦黄黾齐齿龙龙龟—胶",
)


def normalize(text: str) -> str:
    """NFKC (full-width ASCII and punctuation to half-width; Kangxi radicals from PDFs such as
    ⾊ to 色), traditional characters to simplified, and tidy whitespace."""
    text = to_simplified(unicodedata.normalize("NFKC", text).translate(_RADICALS))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.strip() for line in text.split("\n"))


# Share of Chinese characters that must change under OpenCC's t2s before a text counts as
# written in traditional characters (a simplified text changes a few, e.g. 著 in 显著).
TRADITIONAL_SHARE = 0.02


def to_simplified(text: str) -> str:
    """A text in traditional characters (萬, 達到, 力爭) converted to simplified with OpenCC;
    a simplified text is returned unchanged."""
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if not cjk:
        return text
    converted = _t2s()(text)
    if len(converted) != len(text):
        return text  # t2s maps character to character; anything else is not ours to change
    changed = sum(1 for a, b in zip(text, converted, strict=True) if a != b)
    return converted if changed >= max(3, cjk * TRADITIONAL_SHARE) else text


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    import opencc

    converter = opencc.OpenCC("t2s.json")
    return lambda text: str(converter.convert(text))


def squeeze_spaces(line: str) -> str:
    """Remove spaces PDFs put inside Chinese text and numbers; keep them between Latin words."""
    return _SPACE_NEAR_CJK.sub("", line)


def paragraphs(text: str, *, is_heading: object = None) -> list[str]:
    """Join wrapped lines into paragraphs.

    A line ends its paragraph when it is blank, ends a sentence or an annotation, or when
    the next line is a heading (``is_heading`` is a predicate on a line).
    """
    heading = is_heading if callable(is_heading) else (lambda _line: False)
    out: list[str] = []
    buf = ""
    for raw in normalize(text).split("\n"):
        line = squeeze_spaces(raw)
        if not line:
            if buf:
                out.append(buf)
                buf = ""
            continue
        if buf and heading(line):
            out.append(buf)
            buf = ""
        title_line = not buf and len(line) <= TITLE_MAX and _TITLE_END.search(line)
        buf = _join(buf, line)
        if heading(buf) or _PARAGRAPH_END.search(buf) or title_line:
            out.append(buf)
            buf = ""
    if buf:
        out.append(buf)
    return out


def _join(left: str, right: str) -> str:
    if not left:
        return right
    if left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].isalpha():
        return f"{left} {right}"
    return left + right


def split_outside_brackets(text: str, seps: str) -> list[str]:
    """Split on any char of ``seps`` that is not inside (), [], 〔〕, 【】 or “”."""
    depth = 0
    items: list[str] = []
    cur: list[str] = []
    for ch in text:
        if ch in "([〔【“":
            depth += 1
        elif ch in ")]〕】”" and depth:
            depth -= 1
        if ch in seps and depth == 0:
            items.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    items.append("".join(cur))
    return items
