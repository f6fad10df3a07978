"""Consumption (能耗): tce and CO2 of enterprises, unit consumption of processes against limits.

Read top-down: :mod:`.convert` (amounts to tce and CO2 through the factor library, pure),
:mod:`.limits` (单位产品能耗 limits, pure), :mod:`.service` (from the stored rollups),
:mod:`.api` (consumption, processes, totals), :mod:`.cli` (``consumption``, ``processes``).
"""
