"""Illustrative (invented) monitoring data for demos (示例, not statistics).

Read top-down: :mod:`.simulate` (six synthetic enterprises and their readings, pure),
:mod:`.service` (loading them into the database, ``carbonpeak demo``), :mod:`.cli`
(``simulate``).
"""
