"""How long the product-output check takes on the demo (``carbonpeak inventory reconcile-outputs``
and the /stats page call the same service): with the bundled statistics only (no output of the
city or a district is published, so the activity data are not read) and with one published city
output added (the activity kinds standing for it are read and summed). Best of ``ROUNDS``, with
the load average beside each figure.

Run: .venv/bin/python benchmarks/bench_reconcile_outputs.py
"""

from __future__ import annotations

import os
import tempfile
import time

from carbonpeak.db.migrate import upgrade
from carbonpeak.db.session import session_scope
from carbonpeak.inventory import load_demo_activity, reconcile_outputs
from carbonpeak.statistics import import_bundled, import_values

ROUNDS = 5
CITY_STEEL = (
    "region,year,indicator,name_as_published,value,unit,status,"
    "publisher,title,published,url,section\n"
    "六盘水市,2020,output_crude_steel,粗钢,500,万吨,preliminary,"
    "benchmark,benchmark row,2021,https://example.org,s\n"
)


def best_ms(url: str) -> tuple[float, int]:
    best, pairs = float("inf"), 0
    with session_scope(url) as db:
        for _ in range(ROUNDS):
            start = time.perf_counter()
            found = reconcile_outputs(db_session=db)
            best = min(best, time.perf_counter() - start)
            pairs = len(found.pairs)
    return best * 1000, pairs


def main() -> None:
    url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    upgrade(url)
    with session_scope(url) as db:
        import_bundled(db_session=db)
        load_demo_activity(db_session=db)
    ms, n = best_ms(url)
    print(f"bundled statistics only: {ms:.1f} ms ({n} pairs)  load average {os.getloadavg()}")
    with session_scope(url) as db:
        import_values(db_session=db, data=CITY_STEEL.encode(), filename="b.csv", actor="bench")
    ms, n = best_ms(url)
    print(f"one city output added:   {ms:.1f} ms ({n} pairs)  load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
