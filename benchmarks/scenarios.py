"""Scenario benchmarks under the name the issue uses (``benchmarks/scenarios.py``).

The one implementation is :mod:`bench_scenarios` (benchmarks are ``bench_<x>.py`` scripts); this
file only runs it, so both names print the same figures.

Run: .venv/bin/python benchmarks/scenarios.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scenarios import main

if __name__ == "__main__":
    main()
