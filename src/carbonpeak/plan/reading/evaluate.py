"""How well the reader reads plans a person has labelled by hand: target recall and precision,
lead-unit recall. A corpus is a folder of plan files and its ``corpus.yaml``: ``plans``, each
with ``file``, ``targets`` (``[year, value, unit]`` as the plan states them) and ``leads``
(``[a fragment of the task's text or heading, [its 牵头单位]]``). The project's corpus of real
plans is tests/plan/fixtures/corpus (each plan's source in its corpus.yaml), scored by
tests/plan/test_corpus.py and benchmarks/bench_plan_corpus.py; a city can label its own plans the
same way and score the reader on them before trusting it with their style.

>>> totals([Score("a.txt", 10, 10, 9, 4, 3, [], []), Score("b.txt", 10, 8, 8, 0, 0, [], [])])
(0.85, 0.9444444444444444, 0.75)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from carbonpeak.plan.reading.aliases import load_aliases
from carbonpeak.plan.reading.parser import parse_text
from carbonpeak.plan.reading.reader import read_path


@dataclass
class Score:
    """One plan's counts: targets expected, found and matched; lead units expected and matched;
    the targets missed and those found but not expected."""

    name: str
    expected_targets: int
    found_targets: int
    matched_targets: int
    expected_leads: int
    matched_leads: int
    missed: list[tuple[Any, ...]]
    extra: list[tuple[Any, ...]]


def plans(corpus: Path) -> list[dict[str, Any]]:
    """The labelled plans of the corpus folder ``corpus`` (its ``corpus.yaml``)."""
    data = yaml.safe_load((corpus / "corpus.yaml").read_text(encoding="utf-8"))
    return list(data["plans"])


def score(entry: dict[str, Any], corpus: Path) -> Score:
    """Read ``entry``'s plan file (in ``corpus``) and score it. A target matches on (year,
    value, unit), each expected one at most once; a lead unit counts when the task whose text or
    heading holds the fragment names it (aliases resolved)."""
    plan = parse_text(read_path(corpus / entry["file"]).text)
    expected = Counter((t[0], float(t[1]), str(t[2])) for t in entry["targets"])
    found = Counter((t.year, t.value, t.unit) for t in plan.targets)
    matched = expected & found
    aliases = load_aliases()
    expected_leads = matched_leads = 0
    for fragment, leads in entry.get("leads") or []:
        titles = {n.id: n.title for n in plan.nodes}
        task = next((t for t in plan.tasks if fragment in t.text + titles[t.node]), None)
        got = {aliases.resolve(u).name for u in task.lead_units} if task else set()
        want = [aliases.resolve(u).name for u in leads]
        expected_leads += len(want)
        matched_leads += sum(1 for u in want if u in got)
    return Score(
        name=entry["file"],
        expected_targets=sum(expected.values()),
        found_targets=sum(found.values()),
        matched_targets=sum(matched.values()),
        expected_leads=expected_leads,
        matched_leads=matched_leads,
        missed=sorted((expected - found).elements(), key=str),
        extra=sorted((found - expected).elements(), key=str),
    )


def totals(scores: list[Score]) -> tuple[float, float, float]:
    """Target recall, target precision, lead-unit recall over the whole corpus."""
    matched = sum(s.matched_targets for s in scores)
    recall = matched / sum(s.expected_targets for s in scores)
    precision = matched / max(1, sum(s.found_targets for s in scores))
    leads = sum(s.matched_leads for s in scores) / max(1, sum(s.expected_leads for s in scores))
    return recall, precision, leads
