"""The reader on real plans of other styles (fixtures/corpus, hand-labelled, sources cited):
target recall and precision, lead-unit recall. benchmarks/bench_plan_corpus.py prints details."""

from __future__ import annotations

from pathlib import Path

from carbonpeak.plan.reading.evaluate import plans, score, totals

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def test_every_fixture_cites_its_source() -> None:
    entries = plans(CORPUS)
    assert len(entries) >= 6
    for entry in entries:
        assert entry["source"].startswith("http") and entry["style"] and entry["targets"]
        assert (CORPUS / entry["file"]).exists()
    assert any(entry["leads"] for entry in entries)


def test_recall_and_precision_on_the_corpus() -> None:
    recall, precision, leads = totals([score(entry, CORPUS) for entry in plans(CORPUS)])
    assert recall >= 0.9
    assert precision >= 0.9
    assert leads >= 0.85
