"""How long parsing and importing the bundled plan takes. Prints its figures.

The PDF leg reads the plan as a user most often receives it, a PDF: the seed printed by
headless Chromium and by LibreOffice (the text read as UTF-8), both by
``scripts/make_seed_pdf.py`` as tests/plan/test_inputs.py prints it, each read from its bytes to
the parsed plan (``read_document``: the glyphs by pdfminer.six, lines and paragraphs rebuilt,
then ``parse_text``), best and median of ``PDF_ROUNDS``; a printer that is not installed is
skipped with a note.

Run: .venv/bin/python benchmarks/bench_plan.py
"""

from __future__ import annotations

import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path
from types import ModuleType

from carbonpeak.bootstrap import DEFAULT_PLAN
from carbonpeak.db.migrate import upgrade
from carbonpeak.db.session import session_scope
from carbonpeak.plan.reading.parser import parse_text
from carbonpeak.plan.reading.reader import read_document
from carbonpeak.plan.registry import service

ROUNDS = 20
PDF_ROUNDS = 3
ROOT = Path(__file__).resolve().parents[1]


def _seed_pdf_script() -> ModuleType:
    """scripts/make_seed_pdf.py, the seed's printers, shared with tests/plan/test_inputs.py."""
    spec = importlib.util.spec_from_file_location(
        "make_seed_pdf", ROOT / "scripts" / "make_seed_pdf.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _print_pdfs(tmp: Path) -> list[Path]:
    """The seed as PDF, by each printer installed (Chromium, LibreOffice)."""
    made = []
    if Path("/usr/bin/chromium").exists():
        out = tmp / "seed_chromium.pdf"
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "make_seed_pdf.py"), str(out)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        made.append(out)
    else:
        print("PDF by Chromium: skipped (/usr/bin/chromium not installed)")
    printers = _seed_pdf_script()
    if printers.SOFFICE:
        text = tmp / "seed_libreoffice.txt"
        text.write_bytes((resources.files("carbonpeak.data") / DEFAULT_PLAN).read_bytes())
        made.append(printers.libreoffice_pdf(text))
    else:
        print("PDF by LibreOffice: skipped (soffice not installed)")
    return made


def bench_pdf() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for pdf in _print_pdfs(Path(folder)):
            data = pdf.read_bytes()
            times, plan = [], None
            for _ in range(PDF_ROUNDS):
                start = time.perf_counter()
                plan = parse_text(read_document(data, pdf.name).text)
                times.append(time.perf_counter() - start)
            assert plan is not None
            print(
                f"read {pdf.name} ({len(data):,} bytes) -> {len(plan.tasks)} tasks, "
                f"{len(plan.targets)} targets: best {min(times) * 1000:.0f} ms, median "
                f"{statistics.median(times) * 1000:.0f} ms ({PDF_ROUNDS} rounds)"
            )


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
    bench_pdf()


if __name__ == "__main__":
    main()
