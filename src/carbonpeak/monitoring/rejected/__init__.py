"""Readings refused for an impossible value, kept as sent (拒收读数, 隔离表 quarantine).

Read top-down: :mod:`.service` (keeping and listing them), :mod:`.cli` (``rejected``). The
HTTP listing ``GET /enterprises/{code}/rejected`` is served with the readings
(:mod:`carbonpeak.monitoring.readings.api`).
"""
