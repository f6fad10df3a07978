"""Data-quality findings and alerts in the database: :mod:`.service` runs the quality rules
(:mod:`carbonpeak.monitoring.quality`) over stored readings, monthly totals and refused values
and keeps findings and alerts (open, acknowledged, closed, by whom); :mod:`.api` (alerts,
findings), :mod:`.cli` (``check``, ``findings``, ``alerts``, ``alert-state``).
"""
