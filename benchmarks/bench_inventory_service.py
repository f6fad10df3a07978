"""How long the stored-inventory paths take on the ILLUSTRATIVE Liupanshui demo dataset (4,053
activity rows; 4 districts + the city roll-up, 2005-2024). Prints its figures.

Timed, on a fresh SQLite file in a temporary directory:

- import: parse + check every row + write dataset, version, rows and the audit entry (one commit);
- compute cold: read the version's rows back and ``calculate`` the inventory;
- compute cached: the same call again (the version is unchanged, so the cached result is used);
- GWP switch: ``compute(..., gwp_set="AR6")`` (CO2e and totals only);
- JSON: ``inventory_json`` of the whole calculation (what ``show --json`` prints);
- export: the .xlsx workbook of the whole calculation.

Run: .venv/bin/python benchmarks/bench_inventory_service.py
"""

from __future__ import annotations

import json
import os
import platform
import tempfile
import time
from collections.abc import Callable
from typing import Any

from carbonpeak.db.migrate import upgrade
from carbonpeak.db.session import session_scope
from carbonpeak.inventory.activity import service
from carbonpeak.inventory.demo.dataset import DEMO_FILENAME, DEMO_PATH
from carbonpeak.inventory.output.export_xlsx import write_workbook
from carbonpeak.inventory.output.report import inventory_json


def timed(label: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = fn()
    print(f"{label:<34} {time.perf_counter() - start:8.3f} s")
    return result


def main() -> None:
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")  # fmt: skip
    data = DEMO_PATH.read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        upgrade(url)

        def do_import() -> service.ActivityImport:
            with session_scope(url) as db:
                return service.import_activity(
                    db_session=db, name="bench", data=data, filename=DEMO_FILENAME, actor="bench"
                )

        result = timed("import (4,053 rows, one commit)", do_import)
        print(f"  rows written: {result.rows}")

        def compute(gwp: str | None = None) -> service.StoredInventory:
            with session_scope(url) as db:
                return service.compute(db_session=db, dataset="bench", gwp_set=gwp)

        stored = timed("compute (cold: read + calculate)", compute)
        timed("compute (cached)", compute)
        timed("compute with GWP AR6 (switch)", lambda: compute("AR6"))
        inv = stored.inventory
        print(f"  region-years: {len(inv.region_years)}, rows: {len(inv.rows)}")
        text = timed("inventory_json + json.dumps", lambda: json.dumps(inventory_json(inv)))
        print(f"  JSON size: {len(text) / 1e6:.1f} MB")
        book = timed("export .xlsx", lambda: write_workbook(inv))
        print(f"  workbook size: {len(book) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
