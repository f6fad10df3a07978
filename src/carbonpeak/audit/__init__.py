"""The audit log (审计日志): who changed what, when, with the value before and after.

Every write in the platform calls ``carbonpeak.audit.service.record`` in the same transaction
as the change, so a change and its audit entry are committed together or not at all.
"""
