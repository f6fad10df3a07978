"""Rollups (汇总): readings to consumption per point and local hour, day and month.

Read top-down: :mod:`.rollup` (counter deltas, period totals, pure), :mod:`.buckets` (the same
sums, fast, pure), :mod:`.service` (the stored rollups kept up to date, rebuilt), :mod:`.cli`
(``rebuild``).
"""
