"""Data quality (数据质量) and alerts (预警), pure: :mod:`.rules` (the rules and their thresholds),
:mod:`.alerts` (alerts once per episode). Running them over the stored data, and the findings
and alerts kept in the database, are in :mod:`carbonpeak.monitoring.findings`.
"""
