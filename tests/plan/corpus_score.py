"""Scores the reader on the corpus of real plans (fixtures/corpus/corpus.yaml): target recall
and precision, lead-unit recall. Used by tests/plan/test_corpus.py and
benchmarks/bench_plan_corpus.py."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from carbonpeak.plan.reading.aliases import load_aliases
from carbonpeak.plan.reading.parser import parse_text
from carbonpeak.plan.reading.reader import read_path

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@dataclass
class Score:
    name: str
    expected_targets: int
    found_targets: int
    matched_targets: int
    expected_leads: int
    matched_leads: int
    missed: list[tuple[Any, ...]]
    extra: list[tuple[Any, ...]]


def plans() -> list[dict[str, Any]]:
    data = yaml.safe_load((CORPUS / "corpus.yaml").read_text(encoding="utf-8"))
    return list(data["plans"])


def score(entry: dict[str, Any]) -> Score:
    """A target matches on (year, value, unit), each expected one at most once."""
    plan = parse_text(read_path(CORPUS / entry["file"]).text)
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
