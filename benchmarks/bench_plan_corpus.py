"""How well the plan reader reads real plans other than the seed: target recall and precision and
lead-unit recall on tests/plan/fixtures/corpus (hand-labelled; sources in corpus.yaml).
Goal: target recall ≥ 0.9, lead-unit recall ≥ 0.85. Prints one line per plan and the totals.

The scorer is the package's (carbonpeak.plan.reading.evaluate); the corpus is data read from
its folder, by default the tests' fixtures, or the folder given (a corpus.yaml and its plans).

Run: .venv/bin/python benchmarks/bench_plan_corpus.py [CORPUS_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from carbonpeak.plan.reading.evaluate import plans, score, totals

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "plan" / "fixtures" / "corpus"


def main(corpus: Path = CORPUS) -> None:
    scores = [score(entry, corpus) for entry in plans(corpus)]
    for s in scores:
        leads = f"{s.matched_leads}/{s.expected_leads}" if s.expected_leads else "-"
        print(
            f"{s.name:<42} targets {s.matched_targets}/{s.expected_targets} found "
            f"{s.found_targets}  leads {leads}"
        )
        for item in s.missed:
            print(f"    missed {item}")
        for item in s.extra:
            print(f"    extra  {item}")
    recall, precision, leads = totals(scores)
    print(
        f"corpus of {len(scores)} plans: target recall {recall:.2f}, precision {precision:.2f}, "
        f"lead-unit recall {leads:.2f} (goal ≥ 0.9 / ≥ 0.85)"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
