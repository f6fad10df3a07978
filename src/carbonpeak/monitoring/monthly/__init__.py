"""Monthly totals (月数据) per metering point, and the daily-vs-monthly check (日/月一致性).

Read top-down: :mod:`.check` (month labels, values, the CSV file, pure), :mod:`.service`
(storing, the check against the stored rollups), :mod:`.api` (``POST /monthly``...),
:mod:`.cli` (``monthly``).
"""
