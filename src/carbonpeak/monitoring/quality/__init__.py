"""Data quality (数据质量) and alerts (预警).

Read top-down: :mod:`.rules` (the rules and their thresholds, pure), :mod:`.alerts` (alerts
once per episode, pure), :mod:`.service` (findings and alerts in the database), :mod:`.api`
(alerts, findings), :mod:`.cli` (``check``, ``findings``, ``alerts``, ``alert-state``).
"""
