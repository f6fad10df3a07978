"""How long recomputing the whole ILLUSTRATIVE Liupanshui demo inventory takes. Prints its figures.

One run = ``calculate`` of all demo activity (four districts + the city roll-up, 2005-2024, every
category and gas: CO2, CH4, N2O, CF4, C2F6; CO2e under AR5; all named totals incl. the
territorial and the regional-energy CO2 totals; energy accounts by both methods) + the indicator
table of every region and year (``indicator_tables``) + reading both CO2 totals of every
region-year. The parse of the CSV is timed separately (it is done once per process). The claim:
a run takes **under one second** on the development machine (2 cores, shared).

Run: .venv/bin/python benchmarks/bench_inventory.py [RUNS]   (default 10 runs)
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time

from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.inventory.accounting.indicators import indicator_tables
from carbonpeak.inventory.activity.parse import read_activity_csv
from carbonpeak.inventory.demo.dataset import DEMO_DATASET, DEMO_PATH
from carbonpeak.inventory.model import ActivityRecord

LIMIT_S = 1.0


def run(activity: list[ActivityRecord]) -> dict[str, int]:
    inv = calculate(activity, gwp_set="AR5")
    tables = indicator_tables(inv)
    totals = [
        inv.totals[key].value(name)
        for key in inv.region_years
        for name in ("territorial", "regional_energy_co2")
    ]
    return {
        "rows": len(inv.rows),
        "gases": len({r.gas for r in inv.rows}),
        "region_years": len(inv.region_years),
        "totals": sum(t is not None for t in totals),
        "indicators": sum(len(t.items) for t in tables.values()),
    }


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    start = time.perf_counter()
    activity = read_activity_csv(DEMO_PATH.read_bytes(), source=DEMO_DATASET)
    parse_s = time.perf_counter() - start
    calculate(activity[:10])  # warm the factor tables and unit caches once
    times: list[float] = []
    cpu: list[float] = []
    n: dict[str, int] = {}
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        n = run(activity)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    median, worst = statistics.median(times), max(times)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )
    print(f"parse demo CSV: {len(activity):,} activity records in {parse_s:.2f} s (once)")
    print(
        f"full recompute x{runs}: median {median:.3f} s, max {worst:.3f} s "
        f"({n['rows']:,} result rows, {n['gases']} gases, {n['region_years']} region-years, "
        f"{n['totals']} CO2 totals, {n['indicators']:,} indicator values)"
    )
    print(f"CPU time per recompute: median {statistics.median(cpu):.3f} s (less sensitive to load)")
    verdict = "OK" if worst < LIMIT_S else ("median OK, max over" if median < LIMIT_S else "SLOW")
    print(f"claim < {LIMIT_S:.0f} s per recompute: {verdict}")


if __name__ == "__main__":
    main()
