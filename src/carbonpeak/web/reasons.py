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
    # Notes of totals and of the karst memo (accounting/totals.py, engine.py, sinks.py).
    (re.compile(r"^not estimated: (?P<cells>.+)$"), N_("not estimated: %(cells)s")),
    (re.compile(r"^partly not estimated: (?P<cells>.+)$"), N_("partly not estimated: %(cells)s")),
    (re.compile(r"^research grade$"), N_("research grade")),
    (
        re.compile(r"^memo item, not in any total \((?P<ref>[^()]+)\)$"),
        N_("memo item, not in any total (%(ref)s)"),
    ),
    (re.compile(r"^mean of (?P<n>\d+) catchment values$"), N_("mean of %(n)s catchment values")),
    (
        re.compile(r"^range (?P<low>\S+) to (?P<high>\S+) t CO2$"),
        N_("range %(low)s to %(high)s t CO2"),
    ),
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
    >>> bilingual("无此地区 / no region 520200 (e.g. 贵州六盘水)", "zh")
    '无此地区'
    """
    head, sep, tail = text.partition(" / ")
    if not sep or not _CJK.search(head):
        return text
    # The English half may quote a Chinese name, but then it starts in English.
    if _CJK.search(tail) and not re.match(r"[A-Za-z]", tail):
        return text
    return head if lang == "zh" else tail


# The Chinese part ends with the word of its last Chinese character (it may hold codes and
# abbreviations: 单位GDP能耗); the English part starts with a letter and has no Chinese.
_NAMED = re.compile(
    r"^(?P<zh>[^\u3400-\u9fff]*[\u3400-\u9fff](?:.*[\u3400-\u9fff])?\S*)\s+"
    r"(?P<en>[A-Za-z][^\u3400-\u9fff]*)$"
)


def name_in(name: str, lang: str) -> str:
    """A name or a note written ``中文 English`` (a scenario's title, a target's name, the
    illustrative note of a scenario) in the page's language.

    >>> name_in("规划情景 Plan (the plan's levers)", "zh")
    '规划情景'
    >>> name_in("规划情景 Plan (the plan's levers)", "en")
    "Plan (the plan's levers)"
    >>> name_in("单位GDP能耗 energy intensity change 2025 vs 2020", "zh")
    '单位GDP能耗'
    >>> name_in("限期改造或淘汰 upgrade by the deadline or phase out", "en")
    'upgrade by the deadline or phase out'
    >>> name_in("保留 keep (达到标杆水平)", "zh")
    '保留（达到标杆水平）'
    >>> name_in("保留 keep (达到标杆水平)", "en")
    'keep (达到标杆水平)'
    >>> name_in("示意：强化措施均为演示假设 / all enhanced measures are illustrative.", "zh")
    '示意：强化措施均为演示假设'
    """
    if (half := bilingual(name, lang)) != name:  # 中文 / English
        return half
    if (m := _NAMED_WITH_NOTE.match(name)) is not None:  # 中文 English (中文 note)
        return f"{m['zh']}（{m['note']}）" if lang == "zh" else f"{m['en']} ({m['note']})"
    m = _NAMED.match(name)
    if m is None:
        return name
    return m["zh"] if lang == "zh" else m["en"]


# A label with a note in Chinese only: 保留 keep (达到标杆水平) (the two-high dispositions).
_NAMED_WITH_NOTE = re.compile(
    r"^(?P<zh>[^A-Za-z]*[\u3400-\u9fff][^A-Za-z]*?)\s+(?P<en>[A-Za-z][A-Za-z ,'-]*?)\s*"
    r"\((?P<note>[^()]*[\u3400-\u9fff][^()]*)\)$"
)


def _from_msgid(msgid: str, parts: dict[str, str]) -> tuple[re.Pattern[str], str]:
    """The pattern of a note written exactly as its msgid: the text as written, each
    ``%(name)s`` a named part (``parts[name]``, else one word; a name seen again must repeat)."""
    pattern, at = "^", 0
    seen: set[str] = set()
    for m in re.finditer(r"%\((\w+)\)s", msgid):
        name = m[1]
        pattern += re.escape(msgid[at : m.start()])
        part = parts.get(name, r"\S+")
        pattern += f"(?P={name})" if name in seen else f"(?P<{name}>{part})"
        seen.add(name)
        at = m.end()
    return re.compile(pattern + re.escape(msgid[at:]) + "$"), msgid


# (msgid, {part: pattern} where a part is not one word). Order matters: the first match wins.
_FROM_MSGID: tuple[tuple[str, dict[str, str]], ...] = (
    (N_("not applicable: %(what)s %(value)s"), {"what": "sector|region|years"}),
    (N_("not applicable: %(unit)s × %(per)s is not %(gives)s"), {"unit": ".+"}),
    (N_("no record for %(year)s: the %(span)s value of %(id)s stands in"), {"year": r"\d{4}"}),
    (N_("lower precedence (tier): tier %(a)s after %(b)s"), {}),
    (N_("lower precedence (sector): generic sector after a sector-specific record"), {}),
    (
        N_("lower precedence (%(what)s): %(what)s %(a)s less specific than %(b)s"),
        {"what": "fuel|region"},
    ),
    (N_("lower precedence (set order): set %(a)s after %(b)s"), {}),
    (N_("lower precedence (row order): later row of the same set"), {}),
    (
        N_(
            "CH4 volume to mass: ideal gas at 0 °C, 101.325 kPa, M = 16.043 g/mol → "
            "%(density)s kg/m³"
        ),
        {},
    ),
    (N_("Σ districts of %(region)s (%(what)s)"), {"what": ".+"}),
    (N_("Σ districts (%(what)s)"), {"what": ".+"}),
)


# The engine's notes (method notes, district sums, the reference comparison): whole sentences
# matched as one, each a msgid of the catalogs; the parts are kept as written except those
# named in NOTE_WORDS. A note no pattern knows goes through ``bilingual`` and ``reason_text``.
_GRID_RULE = (
    r" \(rule: provincial factor of the year > regional grid of the year > national of the "
    r"year > nearest published year\)"
)
NOTE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"^grid factor of (?P<region>\S+) (?P<year>\d{4}): no published factor for \d{4}; "
            r"the nearest published year (?P<used>\d{4}) \((?P<direction>later|earlier)\) "
            r"stands in: (?P<factor>\S+ = .+?)" + _GRID_RULE + "$"
        ),
        N_(
            "grid factor of %(region)s %(year)s: no published factor for %(year)s; the nearest"
            " published year %(used)s (%(direction)s) stands in: %(factor)s (rule: provincial"
            " factor of the year > regional grid of the year > national of the year > nearest"
            " published year)"
        ),
    ),
    (
        re.compile(
            r"^grid factor of (?P<region>\S+) (?P<year>\d{4}): no provincial \((?P<province>\d+)"
            r"\) factor for (?P<used>\d{4}); the regional grid (?P<grid>\S+) factor "
            r"(?P<factor>.+?) is used" + _GRID_RULE + "$"
        ),
        N_(
            "grid factor of %(region)s %(year)s: no provincial (%(province)s) factor for"
            " %(used)s; the regional grid %(grid)s factor %(factor)s is used (rule: provincial"
            " factor of the year > regional grid of the year > national of the year > nearest"
            " published year)"
        ),
    ),
    (
        re.compile(
            r"^grid factor of (?P<region>\S+) (?P<year>\d{4}) uses the (?P<used>\d{4}) grid "
            r"factor (?P<factor>\S+) \(chosen: --grid-factor-years\)$"
        ),
        N_(
            "grid factor of %(region)s %(year)s uses the %(used)s grid factor %(factor)s"
            " (chosen: --grid-factor-years)"
        ),
    ),
    (
        re.compile(
            r"^(?P<name>[^:]+): all (?P<n>\d+) districts report; city total = their sum; "
            r"the city's own figure differs by (?P<difference>\S+)$"
        ),
        N_(
            "%(name)s: all %(n)s districts report; city total = their sum; the city's own"
            " figure differs by %(difference)s"
        ),
    ),
    (
        re.compile(r"^(?P<name>[^:]+): all (?P<n>\d+) districts report; city total = their sum$"),
        N_("%(name)s: all %(n)s districts report; city total = their sum"),
    ),
    (
        re.compile(
            r"^(?P<name>[^:]+): districts missing \((?P<names>.+)\); city figure stands; "
            r"city minus reported districts = (?P<difference>\S+)$"
        ),
        N_(
            "%(name)s: districts missing (%(names)s); city figure stands; city minus reported"
            " districts = %(difference)s"
        ),
    ),
    (
        re.compile(
            r"^(?P<name>[^:]+): not available — no city figure and districts missing "
            r"\((?P<names>.+)\)$"
        ),
        N_("%(name)s: not available — no city figure and districts missing (%(names)s)"),
    ),
    (
        re.compile(
            r"^参考数据集 reference: (?P<key>\S+) \((?P<title>.+)\); 比较对象 compared: "
            r"(?P<subject>.+)$"
        ),
        # The title is the section's heading and citation already (never repeated here).
        N_("reference: %(key)s; compared: %(subject)s"),
    ),
    (
        re.compile(r"^(?P<path>\w+) path not used: (?P<other>\S+) ranks after (?P<used>\S+)$"),
        N_("%(path)s path not used: %(other)s ranks after %(used)s"),
    ),
    (
        re.compile(r"^activity dataset (?P<dataset>\S+) v(?P<version>\d+)$"),
        N_("activity dataset %(dataset)s v%(version)s"),
    ),
    (
        re.compile(
            r"^coal at its minimum-load floor \(derived hours below min_hours\) in "
            r"(?P<years>[\d, ]+): the surplus is exported$"
        ),
        N_(
            "coal at its minimum-load floor (derived hours below min_hours) in %(years)s:"
            " the surplus is exported"
        ),
    ),
    # The factor lookup's reasons (factors/resolve.py) and the district sums: each pattern is
    # its msgid (the table below, ``_FROM_MSGID``).
    *(_from_msgid(msgid, parts) for msgid, parts in _FROM_MSGID),
    (
        re.compile(r"^县级加总 sum of (?P<n>\d+) counties: (?P<names>.+)$"),
        N_("sum of %(n)s counties: %(names)s"),
    ),
)
#: What the inventory's totals mean (inventory/accounting/result.py TOTAL_MEANING, shown on
#: the trace page after the total's formula): msgids of their own.
TOTAL_MEANINGS = (
    N_("scope-1 CO2, gross, excl. LULUCF and memo items (tCO2; the CEADs boundary)"),
    N_("scope-1 CO2 net of LULUCF removals (tCO2)"),
    N_("scope-1 all gases net of LULUCF removals (tCO2e)"),
    N_("scope-1 all gases, gross, excl. LULUCF (tCO2e)"),
    N_("LULUCF (forest, wetland): removals negative (tCO2e)"),
    N_(
        "fossil energy CO2 + net imported electricity x grid factor, exported electricity "
        "removed (tCO2; the total used for intensity assessment)"
    ),
    N_("grid-supplied electricity and heat consumed x supply factor (tCO2)"),
    N_("karst carbon sink, research grade, memo only (tCO2; not in any total)"),
)
#: Words of the notes shown translated (the other parts are codes, numbers and names).
NOTE_WORDS: dict[str, str] = {
    "later": N_("later"),
    "earlier": N_("earlier"),
    "platform": N_("platform"),
    "direct": N_("direct"),
    "chain": N_("chain"),
    "energy_factor": N_("energy_factor"),
    "sector": N_("sector"),
    "region": N_("region"),
    "years": N_("years"),
    "fuel": N_("fuel"),
}


def note_text(note: str, lang: str) -> str:
    """An engine note in ``lang``: a msgid or a known sentence translated, else its half in ``lang``
    (``bilingual``), else its reasons translated (``reason_text``).

    >>> note_text("六盘水市: all 4 districts report; city total = their sum", "en")
    '六盘水市: all 4 districts report; city total = their sum'
    """
    if not note:
        return note  # (gettext of "" is the catalog's header)
    _ = translator(lang)
    if (whole := _(note)) != note:  # a msgid of its own (the web layer's notes)
        return whole
    for pattern, msgid in NOTE_PATTERNS:
        m = pattern.match(note)
        if m is not None:
            values = {
                k: _(NOTE_WORDS[v]) if v in NOTE_WORDS else v for k, v in m.groupdict().items()
            }
            values.pop("title", None)
            return _(msgid, **values)
    shown = bilingual(note, lang)
    return shown if shown != note else reason_text(note, lang)
