"""How long importing the full CEADs reference files takes. Prints its figures.

Imports the three files of ``../shared/data/ceads`` (about 262,700 rows) into a temporary
SQLite database, then re-imports them (every value replaced), and does the same in a fresh
PostgreSQL schema when ``CARBONPEAK_TEST_POSTGRES_URL`` is set (the schema is dropped after).

Run: .venv/bin/python benchmarks/bench_reference_import.py [DATA_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from carbonpeak.db.migrate import upgrade
from carbonpeak.db.session import get_engine, session_scope
from carbonpeak.inventory.reference import service

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ceads"


def run(url: str, label: str, data: Path) -> None:
    upgrade(url)
    for attempt in ("first import", "re-import"):
        start = time.perf_counter()
        with session_scope(url) as db:
            result = service.import_reference(db_session=db, directory=data, actor="bench")
        seconds = time.perf_counter() - start
        rows = sum(r.rows for r in result)
        parts = ", ".join(f"{r.key} {r.rows:,} rows {r.seconds:.1f} s" for r in result)
        print(
            f"{label} {attempt}: {rows:,} rows in {seconds:.1f} s "
            f"({rows / seconds:,.0f} rows/s; commit included) [{parts}]"
        )
    with session_scope(url) as db:
        start = time.perf_counter()
        s = service.region_series(db_session=db, dataset="ceads-province", region="Guizhou")
        query = time.perf_counter() - start
    print(f"{label} query Guizhou series ({len(s.points)} years): {query * 1000:.0f} ms")
    get_engine(url).dispose()


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    if not (data / "ceads_province_sector_fuel_co2.csv.gz").is_file():
        sys.exit(f"full CEADs files not found in {data}")
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", "SQLite", data)
    base = os.environ.get("CARBONPEAK_TEST_POSTGRES_URL")
    if not base:
        print("PostgreSQL: CARBONPEAK_TEST_POSTGRES_URL not set, skipped")
        return
    schema = f"cp_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        run(url.render_as_string(hide_password=False), "PostgreSQL", data)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
