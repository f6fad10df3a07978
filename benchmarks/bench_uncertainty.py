"""How long the approach-1 uncertainty of every named total of the ILLUSTRATIVE Liupanshui demo
inventory takes (``inventory_json(..., uncertainty=...)`` against the same call without it).
Prints its figures. The defaults below are invented for timing only (not sourced numbers).

Run: .venv/bin/python benchmarks/bench_uncertainty.py [RUNS]   (default 5 runs)
"""

from __future__ import annotations

import statistics
import sys
import time

from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.inventory.accounting.uncertainty import Defaults
from carbonpeak.inventory.demo.dataset import demo_activity
from carbonpeak.inventory.output.report import inventory_json

#: Invented for timing (every parameter covered, so every term is combined).
TIMING_DEFAULTS = Defaults(
    5.0,
    {
        p: 5.0
        for p in (
            "ncv",
            "carbon_content",
            "oxidation",
            "co2_factor",
            "ch4_factor",
            "n2o_factor",
            "grid_factor",
            "coal_coefficient",
            "process_factor",
            "sink_factor",
            "carbon_fraction",
            "wood_density",
            "bef",
            "root_shoot_ratio",
            "anode_net_consumption",
            "anode_sulphur",
            "anode_ash",
        )
    },
    "invented for the benchmark",
)


def main(runs: int) -> None:
    activity = demo_activity()
    inv = calculate(activity)
    plain, with_u = [], []
    for _ in range(runs):
        t = time.perf_counter()
        inventory_json(inv)
        plain.append(time.perf_counter() - t)
        t = time.perf_counter()
        data = inventory_json(inv, uncertainty=TIMING_DEFAULTS)
        with_u.append(time.perf_counter() - t)
    terms = sum(u.get("terms", 0) for p in data["inventories"] for u in p["uncertainty"].values())
    print(f"ILLUSTRATIVE demo: {len(activity)} activity records, {len(inv.region_years)} "
          f"region-years, {terms} product terms combined over all totals")  # fmt: skip
    print(f"inventory_json without uncertainty: median {statistics.median(plain):.3f} s")
    print(f"inventory_json with uncertainty:    median {statistics.median(with_u):.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
