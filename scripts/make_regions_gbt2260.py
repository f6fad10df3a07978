"""Make ``src/carbonpeak/regions/data/gbt2260.csv`` from the areacodes summary table.

Source: yescallop/areacodes ``result.csv`` (CC0 1.0; compiled from the Ministry of Civil
Affairs' 中华人民共和国县级以上行政区划代码 1981-, 县级以上行政区划变更情况 and the State
Council Gazette). Only the data is taken: code, name, level, status, years in use and the new
code(s). Run: python scripts/make_regions_gbt2260.py result.csv
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/carbonpeak/regions/data/gbt2260.csv"
LEVEL = {"省级": "province", "地级": "city", "县级": "county"}
STATUS = {"在用": "current", "变更": "changed", "弃用": "abolished"}


def main(source: str) -> None:
    with open(source, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "name", "level", "status", "since", "until", "new_codes"])
        for r in rows:
            writer.writerow(
                [
                    r["代码"],
                    r["名称"],
                    LEVEL[r["级别"]],
                    STATUS[r["状态"]],
                    r["启用时间"],
                    r["变更/弃用时间"],
                    r["新代码"],
                ]
            )
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
