"""Readings refused for an impossible value, kept as sent (拒收读数, 隔离表 quarantine).

Read top-down: :mod:`.service` (keeping and listing them), :mod:`.api`
(``GET /enterprises/{code}/rejected``), :mod:`.cli` (``rejected``).
"""
