"""The audit log (审计日志): who changed what, when, with the value before and after.

Every write in the platform calls :func:`record` in the same transaction as the change, so a
change and its audit entry are committed together or not at all. The log is read over HTTP
through :mod:`carbonpeak.auth` (reading needs a principal; auth itself records here)."""

from carbonpeak.audit.orm import AuditRow
from carbonpeak.audit.service import MAX_LIMIT, list_entries, record

__all__ = ["MAX_LIMIT", "AuditRow", "list_entries", "record"]
