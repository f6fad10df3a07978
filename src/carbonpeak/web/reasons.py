"""The accounting engine's "not available" reasons in the page's language (pure).

The engine (``inventory/accounting``) says why a number cannot be given in English, built from
a few phrases (``no scope-1 or LULUCF rows``, ``this year: …``, ``numerator …``). Each phrase
is a msgid of the web catalogs here, matched by a pattern whose parts are translated in turn
(a nested reason, the name of a total); a reason no pattern knows is shown as the engine wrote
it. ``reason_text`` is the ``reason`` filter of the templates.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from carbonpeak.web.i18n import N_, translator

# (pattern over the whole reason, msgid with the same named parts). Parts named ``reason``
# are reasons themselves; ``what`` is a name from WHAT; the others are kept as written.
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^no (?P<what>.+?) rows \(not estimated: (?P<cells>.+)\)$"),
        N_("no %(what)s rows (not estimated: %(cells)s)"),
    ),
    (re.compile(r"^no (?P<what>.+?) rows$"), N_("no %(what)s rows")),
    (
        re.compile(r"^no inventory for (?P<region>\S+) (?P<year>\d{4})$"),
        N_("no inventory for %(region)s %(year)s"),
    ),
    (re.compile(r"^this year: (?P<reason>.+)$"), N_("this year: %(reason)s")),
    (re.compile(r"^numerator (?P<reason>.+)$"), N_("numerator: %(reason)s")),
    (re.compile(r"^denominator (?P<reason>.+)$"), N_("denominator: %(reason)s")),
    (
        re.compile(r"^a district's (?P<what>.+?) is not available: (?P<reason>.+)$"),
        N_("a district's %(what)s is not available: %(reason)s"),
    ),
    (
        re.compile(r"^no population for this region and year$"),
        N_("no population for this region and year"),
    ),
    (re.compile(r"^no energy account$"), N_("no energy account")),
    (re.compile(r"^division by zero: (?P<what>.+?) is 0$"), N_("division by zero: %(what)s is 0")),
    (
        re.compile(r"^GDP of (?P<label>.+) is not at the same price base$"),
        N_("GDP of %(label)s is not at the same price base"),
    ),
    (re.compile(r"^(?P<label>base year|\d{4}): (?P<reason>.+)$"), N_("%(label)s: %(reason)s")),
)
# Names the engine puts inside its reasons.
WHAT: dict[str, str] = {
    "scope-1 or LULUCF": N_("scope-1 or LULUCF"),
    "scope-1 CO2": N_("scope-1 CO2"),
    "scope-1": N_("scope-1"),
    "LULUCF": N_("LULUCF"),
    "scope-2": N_("scope-2"),
    "energy CO2": N_("energy CO2"),
    "karst memo": N_("karst memo"),
    "base year": N_("base year"),
    "the base year value": N_("the base year value"),
}


def reason_text(reason: str, lang: str) -> str:
    """``reason`` in ``lang``; several reasons joined by ``; `` are translated one by one.

    >>> reason_text("no scope-1 or LULUCF rows", "en")
    'no scope-1 or LULUCF rows'
    """
    return _translate(reason, translator(lang), "；" if lang == "zh" else "; ")


def _translate(reason: str, _: Callable[..., str], sep: str) -> str:
    parts = reason.split("; ")
    if len(parts) > 1:
        return sep.join(_translate(p.strip(), _, sep) for p in parts)
    for pattern, msgid in PATTERNS:
        m = pattern.match(reason)
        if m is None:
            continue
        values = {k: _part(k, v, _, sep) for k, v in m.groupdict().items()}
        return _(msgid, **values)
    return reason


def _part(name: str, value: str, _: Callable[..., str], sep: str) -> str:
    if name == "reason":
        return _translate(value, _, sep)
    if name in ("what", "label") and value in WHAT:
        return _(WHAT[value])
    return value


_CJK = re.compile(r"[\u3400-\u9fff]")


def bilingual(text: str, lang: str) -> str:
    """The half of a ``中文 / English`` note in the page's language (the whole note when it
    is not written so).

    >>> bilingual("参考数据无此值 / no reference value", "zh")
    '参考数据无此值'
    >>> bilingual("ceads-city 无分行业数据，仅比较合计 / has no sectors: totals only", "en")
    'has no sectors: totals only'
    >>> bilingual("钟山区 / Zhongshan", "zh") == "钟山区"
    True
    """
    head, sep, tail = text.partition(" / ")
    if not sep or not _CJK.search(head) or _CJK.search(tail):
        return text
    return head if lang == "zh" else tail
