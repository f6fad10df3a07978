"""How long parsing and importing the bundled plan takes. Prints its figures.

Run: .venv/bin/python benchmarks/bench_plan.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from importlib import resources
from pathlib import Path

from carbonpeak.bootstrap import DEFAULT_PLAN
from carbonpeak.db.migrate import upgrade
from carbonpeak.db.session import session_scope
from carbonpeak.plan.reading.parser import parse_text
from carbonpeak.plan.reading.reader import read_document
from carbonpeak.plan.registry import service

ROUNDS = 20


def main() -> None:
    data = (resources.files("carbonpeak.data") / DEFAULT_PLAN).read_bytes()
    document = read_document(data, DEFAULT_PLAN)
    parse_text(document.text)  # warm caches (unit table, alias table)
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        plan = parse_text(document.text)
        times.append(time.perf_counter() - start)
    print(
        f"parse {len(document.text)} chars -> {len(plan.tasks)} tasks, {len(plan.targets)} "
        f"targets: median {statistics.median(times) * 1000:.1f} ms, "
        f"max {max(times) * 1000:.1f} ms ({ROUNDS} rounds)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        upgrade(url)
        start = time.perf_counter()
        with session_scope(url) as db:
            service.import_plan(db_session=db, plan=plan, document=document, slug="bench")
        first = time.perf_counter() - start
        start = time.perf_counter()
        with session_scope(url) as db:
            service.import_plan(db_session=db, plan=plan, document=document, slug="bench")
        again = time.perf_counter() - start
    print(
        f"import into SQLite: first {first * 1000:.0f} ms, re-import (no changes) "
        f"{again * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
