"""Quantitative targets and process limits in a paragraph of plan text.

Pure functions: text in, :class:`Found` values out. The rules, in the order applied:

* sentences split on 。, clauses on , and ; (not inside brackets); text in parentheses is a
  note, not a target (390万千瓦(抽水蓄能340+50万千瓦) is one target);
* the year comes from 到2025年 / “十四五” (2025) / “十五五” (2030) and holds until the next
  year phrase in the same sentence; 比2005年下降 gives a base year and a change;
* a value needs a unit from the registry's word list (万千瓦, %, 亿立方米, 座 ...); a value
  followed by a noun (66万千瓦级, 2500t/d水泥熟料生产线) describes something and is not a
  target, unless an achievement verb comes before it (建设1-2个示范基地);
* values joined by 、 share their indicator and verb; with 分别 (or as many subjects as
  values) the subjects are split: 光伏、风电和水电装机分别达到300万千瓦、95万千瓦、130万千瓦;
* a clause with no subject of its own continues the previous one: it takes its indicator and
  its 力争 (aspirational) flag;
* a yearless value in a per-tonne unit (kgce/t, kWh/t) or written with ≤ ≥ < > is a benchmark.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from carbonpeak.core.units import unit_words
from carbonpeak.plan.reading import lexicon as lx
from carbonpeak.plan.reading.text import split_outside_brackets

_NUM = r"-?\d+(?:\.\d+)?"
_YEAR = re.compile(
    r"(?:到|至|截至)(20\d\d)年(?:底|末)?"
    r"|^(?:在)?(?:20\d\d\s*[—–~-]\s*)?(20\d\d)年(?:底|末|度)?(?!\d|以来|起|前|之前|以前|以后|后|的|水平)"
)
_PERIOD = re.compile(r"“?(十[四五六]五)”?(?:期间|时期|末)")
_BASE = re.compile(r"(?:比|较)(20\d\d)年(?:水平)?(?:下降|降低|减少|提高|增长)")
_PAREN = re.compile(r"\([^()]*\)")
_OBJECT_SHARE = re.compile(r"(?:实现|完成|开展)?对(?P<who>[\u4e00-\u9fff]{0,6})$")
_GOAL_TAIL = re.compile(r"^的?(?:激励|约束性|预期性)?(?:目标|任务|要求)")


@dataclass(frozen=True)
class Found:
    """A value found in text, before ids and units are attached by the parser."""

    kind: str  # "target" | "benchmark"
    year: int | None
    indicator: str
    value: float
    value_max: float | None
    unit: str
    comparator: str
    aspirational: bool
    base_year: int | None
    change: str | None
    process: str | None
    source_text: str


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int  # after unit and suffix marker
    value: float
    value_max: float | None
    unit: str
    comparator: str | None  # from a symbol or suffix marker
    symbol: bool
    noun_after: str  # the noun a value describes (建设1-2个[示范基地])
    whole: bool = False  # noun_after is the whole indicator (对全市80%重点用能单位的在线监测)


def extract(paragraph: str) -> list[Found]:
    """All targets and benchmarks in one paragraph (annotations already removed)."""
    found: list[Found] = []
    for sentence in split_outside_brackets(paragraph, "。!?"):
        sentence = sentence.strip()
        if sentence:
            found.extend(_sentence(sentence))
    return found


def _sentence(sentence: str) -> list[Found]:
    out: list[Found] = []
    year: int | None = None
    prev: Found | None = None
    previous_clause = ""
    for raw in split_outside_brackets(sentence, ",;:"):
        clause = _tidy(raw)
        year = _year_in(clause, year)
        hits = _hits(clause)
        if not hits:
            previous_clause = clause
            continue
        for group in _groups(clause, hits):
            made = _from_group(clause, group, hits, year, prev, sentence, previous_clause)
            out.extend(made)
            prev = made[-1] if made else prev
    return out


def _tidy(clause: str) -> str:
    clause = _PAREN.sub("", clause.strip())
    # 2500吨左右/日 -> 2500吨/日左右: keep the unit whole, the marker after it.
    return re.sub(r"(吨|千瓦时|立方米|万吨)左右/(日|天|年)", r"\1/\2左右", clause)


def _year_in(clause: str, current: int | None) -> int | None:
    for m in _YEAR.finditer(clause):
        current = int(m.group(1) or m.group(2))
    for m in _PERIOD.finditer(clause):
        current = lx.PERIOD_YEARS[m.group(1)]
    return current


def _hits(clause: str) -> list[_Hit]:
    units = unit_words()
    hits: list[_Hit] = []
    for m in re.finditer(rf"(?<![\d.]){_NUM}(?:-(\d+(?:\.\d+)?))?", clause):
        start, pos = m.start(), m.end()
        if start > 0 and clause[start - 1].isascii() and clause[start - 1].isalpha():
            continue  # CO2, 5G: part of a name
        rest = clause[pos:].lstrip()
        unit = next((u for u in units if rest.startswith(u)), None)
        if unit is None or (
            unit.isascii()
            and unit.isalpha()
            and rest[len(unit) : len(unit) + 1].isascii()
            and rest[len(unit) : len(unit) + 1].isalpha()
        ):
            continue
        end = pos + (len(clause[pos:]) - len(rest)) + len(unit)
        comparator, symbol, whole = None, False, False
        before = clause[:start].rstrip()
        if before and before[-1] in lx.SYMBOL_COMPARATORS:
            comparator, symbol = lx.SYMBOL_COMPARATORS[before[-1]], True
        after = clause[end:]
        for word, comp in lx.SUFFIX_COMPARATORS:
            if after.startswith(word):
                if word.startswith("及"):
                    break  # 30万千瓦级及以下: a class of things, not a target
                comparator = comparator or comp
                end += len(word)
                break
        else:
            word = ""
        tail = clause[end:]
        if word.startswith("及") or tail.startswith("级"):
            continue
        noun = ""
        share = _OBJECT_SHARE.search(before)
        if share and "的" in tail:
            # 实现对全市80%重点用能单位的在线监测: the share of a group that something covers;
            # 实现对1.5亿平方米公共建筑的碳排放实时监测: the amount covered
            group, _, what = tail.partition("的")
            what = re.split(r"[,;]", what)[0]
            noun = f"{share.group('who')}{group}{what}" + ("比例" if unit == "%" else "")
            tail, whole = "", True
        elif _GOAL_TAIL.match(tail):
            tail = ""  # 下降14.5%的激励目标: the value is the goal itself
        if tail and _is_cjk(tail[0]):
            if tail.startswith("的"):
                noun = tail[1:]
            elif word in ("", "内"):
                noun = tail
            if not before.endswith((*lx.ACHIEVEMENT_VERBS, "至少")) and not (
                tail.startswith("的") and _verb_before(before)
            ):
                if word != "内":
                    continue
                noun = tail
        value_max = float(m.group(1)) if m.group(1) else None
        value = float(m.group(0).split("-")[0]) if value_max is not None else float(m.group(0))
        hits.append(_Hit(start, end, value, value_max, unit, comparator, symbol, noun, whole))
    return hits


def _verb_before(before: str) -> bool:
    return any(before.endswith(v) for v in lx.ACHIEVEMENT_VERBS)


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or ch in "“"


def _groups(clause: str, hits: list[_Hit]) -> list[list[_Hit]]:
    """Values separated only by 、 (or 和/及) share indicator and verb."""
    groups: list[list[_Hit]] = [[hits[0]]]
    for prev, hit in itertools.pairwise(hits):
        between = clause[prev.end : hit.start]
        if between in ("、", "和", "及", "与"):
            groups[-1].append(hit)
        else:
            groups.append([hit])
    return groups


def _from_group(
    clause: str,
    group: list[_Hit],
    hits: list[_Hit],
    year: int | None,
    prev: Found | None,
    sentence: str,
    previous_clause: str,
) -> list[Found]:
    first = group[0]
    index = hits.index(first)
    head_start = hits[index - 1].end if index else 0
    head = clause[head_start : first.start].lstrip("、和及与")
    head_no_year = _YEAR.sub("", _PERIOD.sub("", head))
    aspirational = any(w in head for w in lx.ASPIRATIONAL)
    encouraged = any(w in head for w in lx.ENCOURAGED)

    base_year = change = None
    base = _BASE.search(head_no_year)
    if base:
        base_year = int(base.group(1))
        head_no_year = head_no_year[: base.start()] + head_no_year[base.start() :].replace(
            base.group(0), base.group(0)[-2:]
        )
    indicator, verb = _split_verb(head_no_year)
    if verb in lx.CHANGE_WORDS:
        change = lx.CHANGE_WORDS[verb]
    comparator_from_verb = lx.PREFIX_COMPARATORS.get(verb or "", "=")
    if verb is None and any(v in head for v in (*lx.ACHIEVEMENT_VERBS, "至少")):
        comparator_from_verb = ">="  # 建成加氢站5座, 每年至少开展1次: at least
    indicator = _strip_fillers(indicator)
    if first.whole:
        indicator = first.noun_after
    elif first.noun_after:
        # 建设1-2个[示范基地]: the noun is the indicator; 电网具备2%的[响应能力]: subject + noun.
        describes = clause[first.end :].startswith("的") or not _verb_before(head.rstrip())
        indicator = indicator + first.noun_after if describes else first.noun_after
    inherited = False
    if not indicator and prev is not None:
        indicator, inherited = prev.indicator, True
        aspirational = aspirational or prev.aspirational
    if not indicator:
        indicator = _strip_fillers(head_no_year) or clause
    if indicator in lx.BARE_VERBS and previous_clause:
        # 改造提升至90万吨/年以上: the thing measured was named in the clause before.
        indicator = _named_before(previous_clause, indicator, first.unit)

    names = _split_subjects(indicator, len(group))
    out: list[Found] = []
    for hit, name in zip(group, names, strict=True):
        comparator = hit.comparator or comparator_from_verb
        if hit.value_max is not None and hit.comparator is None:
            comparator = "="  # 1-2个: within the range [value, value_max]
        is_benchmark = (
            year is None
            and (hit.unit in lx.BENCHMARK_UNITS or hit.symbol)
            and _about_energy_use(name, prev)
        )
        process = _process(name, sentence, clause) if is_benchmark else None
        out.append(
            Found(
                kind="benchmark" if is_benchmark else "target",
                year=year,
                indicator=name,
                value=hit.value,
                value_max=hit.value_max,
                unit=hit.unit,
                comparator=comparator,
                aspirational=aspirational or (is_benchmark and encouraged),
                base_year=base_year,
                change=change,
                process=process,
                source_text=sentence,
            )
        )
    if inherited and prev is not None and prev.kind == "benchmark" and out:
        out = [replace(f, process=f.process or prev.process) for f in out]
    return out


def _named_before(previous_clause: str, verb: str, unit: str) -> str:
    """引导45万吨/年及以下煤矿实施煤炭产业结构战略性调整 + 改造 (万吨/年) ->
    45万吨/年及以下煤矿改造后产能: the object the previous clause acts on, the verb, and what
    a capacity measures."""
    subject = _YEAR.sub("", _PERIOD.sub("", previous_clause)).strip()
    for word in lx.GUIDING_VERBS:
        if subject.startswith(word):
            subject = subject[len(word) :]
            break
    cuts = [i for w in lx.OBJECT_ENDS if (i := subject.find(w)) > 0]
    if cuts:
        subject = subject[: min(cuts)]
    subject = _strip_fillers(subject)
    suffix = lx.AFTER_WORK_SUFFIX if unit.endswith("/年") else ""
    return f"{subject}{verb}{suffix}"


def _about_energy_use(indicator: str, prev: Found | None) -> bool:
    """A process limit is about energy used per product (烧结工序能耗, 电解铝电耗); a yield such
    as TRT发电量 (power recovered per tonne of iron) is not one."""
    if indicator.endswith(lx.PROCESS_ENDINGS):
        return True
    return not indicator and prev is not None and prev.kind == "benchmark"


def _split_verb(head: str) -> tuple[str, str | None]:
    """'煤电装机容量约' -> ('煤电装机容量', '约'); the verb is the last comparator word."""
    head = head.rstrip()
    while head and head[-1] in lx.SYMBOL_COMPARATORS:
        head = head[:-1].rstrip()
    best: tuple[int, str] | None = None
    for word in lx.PREFIX_COMPARATORS:
        if head.endswith(word) and (best is None or len(word) > len(best[1])):
            best = (len(head) - len(word), word)
    if best is None:
        for verb in lx.ACHIEVEMENT_VERBS:
            if head.endswith(verb):
                return head[: -len(verb)], None
        return head, None
    return head[: best[0]], best[1]


def _strip_fillers(text: str) -> str:
    text = text.strip(" ,、")
    changed = True
    while changed and text:
        changed = False
        for word in lx.LEADING_FILLERS + lx.STRIPPED_VERBS:
            if text.startswith(word):
                text, changed = text[len(word) :], True
        for word in lx.TRAILING_FILLERS:
            if text.endswith(word) and len(text) > len(word):
                text, changed = text[: -len(word)], True
    return text.strip(" ,、")


def _split_subjects(indicator: str, count: int) -> list[str]:
    """光伏、风电和水电发电装机容量 with three values -> three indicators."""
    if count == 1:
        return [indicator]
    items = [s for s in re.split(r"、|和|及|与", indicator) if s]
    if len(items) != count:
        return [indicator] * count
    last = items[-1]
    suffix = next((s for s in lx.INDICATOR_SUFFIXES if last.endswith(s) and last != s), None)
    if suffix is None:
        suffix = last[len(items[-2]) :]
    items[-1] = last[: len(last) - len(suffix)]
    return [item + suffix for item in items]


def _process(indicator: str, sentence: str, clause: str) -> str:
    """烧结工序能耗 -> 烧结工序; 能耗 alone -> the last 工序 named before it in the sentence."""
    name = indicator
    for ending in lx.PROCESS_ENDINGS:
        if name.endswith(ending) and len(name) > len(ending):
            return _strip_fillers(name[: -len(ending)])
    upto = sentence[: sentence.find(clause)] if clause in sentence else sentence
    named = re.findall(r"[\u4e00-\u9fff]{2,6}?工序", upto)
    return _strip_fillers(named[-1]) if named else name
