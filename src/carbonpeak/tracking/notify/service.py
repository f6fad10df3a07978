"""Notifications (提醒与预警通知): an outbox in the database, filled with reminders of
progress reports due or overdue and alerts of early warnings, and emptied by a mail adapter
(:class:`SmtpMailer`; tests use a local fake SMTP server). A message is queued once per
``dedupe_key``; a unit without a contact address is reported, never silently skipped. The
texts are :mod:`carbonpeak.tracking.notify.messages`.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.audit import record
from carbonpeak.core.errors import InputError
from carbonpeak.db.base import utcnow
from carbonpeak.tracking.notify.messages import (
    Message,
    email_message,
    reminders,
    review_notice,
    warning_alerts,
)
from carbonpeak.tracking.orm import ContactRow, OutboxRow, ProgressReportRow
from carbonpeak.tracking.reporting.service import report_ledger
from carbonpeak.tracking.settings import TrackingSettings, get_tracking_settings
from carbonpeak.tracking.warnings.service import open_warnings

#: The states of an outbox message: queued, sent, given up after the retries.
OutboxStatus = Literal["pending", "sent", "failed"]
OUTBOX_STATUSES: tuple[str, ...] = get_args(OutboxStatus)

Send = Callable[[str, str, str], None]


def set_contact(*, db_session: Session, unit_name: str, email: str, actor: str) -> ContactRow:
    if "@" not in email or len(email) > 254 or email.strip() != email:
        raise InputError(f"email: 邮箱地址无效 / not an e-mail address: {email!r}")
    row = db_session.scalar(select(ContactRow).where(ContactRow.unit_name == unit_name))
    before = {"unit": unit_name, "email": row.email} if row else None
    if row is None:
        row = ContactRow(unit_name=unit_name, email=email)
        db_session.add(row)
    row.email = email
    db_session.flush()
    record(
        db_session=db_session,
        actor=actor,
        action="update" if before else "create",
        entity="tracking_contact",
        entity_id=row.id,
        before=before,
        after={"unit": unit_name, "email": email},
    )
    return row


def contacts(*, db_session: Session) -> dict[str, str]:
    return {r.unit_name: r.email for r in db_session.scalars(select(ContactRow))}


@dataclass
class QueueResult:
    queued: list[OutboxRow] = field(default_factory=list)
    no_contact: set[str] = field(default_factory=set)

    def summary(self) -> str:
        missing = "、".join(sorted(self.no_contact)) or "-"
        return (
            f"已排队 {len(self.queued)} 封；无联系邮箱的单位 units without contact: {missing} / "
            f"{len(self.queued)} messages queued"
        )


def _queue(db_session: Session, result: QueueResult, book: dict[str, str], m: Message) -> None:
    email = book.get(m.unit)
    if email is None:
        result.no_contact.add(m.unit)
        return
    exists = db_session.scalar(select(OutboxRow.id).where(OutboxRow.dedupe_key == m.dedupe_key))
    if exists is not None:
        return
    row = OutboxRow(
        dedupe_key=m.dedupe_key,
        kind=m.kind,
        unit_name=m.unit,
        recipient=email,
        subject=m.subject[:300],
        body=m.body,
        status="pending",
        attempts=0,
    )
    db_session.add(row)
    result.queued.append(row)


def queue_notifications(*, db_session: Session, plan_id: int, as_of: date) -> QueueResult:
    """Queue one reminder per unit and day listing the reports it owes (due within
    ``REMIND_DAYS`` or overdue), and one alert per open early warning and unit."""
    result = QueueResult()
    book = contacts(db_session=db_session)
    owed = report_ledger(db_session=db_session, plan_id=plan_id, as_of=as_of)
    for m in reminders(owed, plan_id=plan_id, as_of=as_of):
        _queue(db_session, result, book, m)
    for w in open_warnings(db_session=db_session, plan_id=plan_id):
        alerts = warning_alerts(
            warning_id=w.id,
            raised_at=w.raised_at,
            kind=w.kind,
            message=w.message,
            units=w.units.split("、"),
        )
        for m in alerts:
            _queue(db_session, result, book, m)
    db_session.flush()
    return result


def notify_review(*, db_session: Session, report: ProgressReportRow) -> QueueResult:
    """Queue the review result of ``report`` for its reporting unit (once per review)."""
    result = QueueResult()
    assert report.reviewed_at is not None, "notify_review follows review_report"
    m = review_notice(
        report_id=report.id,
        reviewed_at=report.reviewed_at,
        unit=report.unit_name,
        period=report.period.key,
        task=report.task_key,
        approved=report.state == "approved",
        comment=report.review_comment,
    )
    _queue(db_session, result, contacts(db_session=db_session), m)
    db_session.flush()
    return result


class SmtpMailer:
    """Sends a message through an SMTP server (``CARBONPEAK_SMTP_*`` settings)."""

    def __init__(self, settings: TrackingSettings | None = None) -> None:
        self.settings = settings or get_tracking_settings()
        if not self.settings.smtp_host:
            raise InputError("CARBONPEAK_SMTP_HOST: 未配置邮件服务器 / no mail server configured")

    def __call__(self, recipient: str, subject: str, body: str) -> None:
        s = self.settings
        msg = email_message(sender=s.smtp_sender, recipient=recipient, subject=subject, body=body)
        assert s.smtp_host is not None
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout) as smtp:
            if s.smtp_starttls:
                smtp.starttls()
            if s.smtp_username:
                smtp.login(s.smtp_username, s.smtp_password or "")
            smtp.send_message(msg)


@dataclass(frozen=True)
class SendResult:
    sent: int
    failed: int
    retry: int


def send_pending(*, db_session: Session, send: Send, max_attempts: int | None = None) -> SendResult:
    """Try every pending message once; a message that fails ``max_attempts`` times is marked
    failed with the last error (kept for the administrator)."""
    limit = max_attempts or get_tracking_settings().notify_max_attempts
    sent = failed = retry = 0
    rows = db_session.scalars(
        select(OutboxRow).where(OutboxRow.status == "pending").order_by(OutboxRow.id)
    )
    for row in list(rows):
        row.attempts += 1
        try:
            send(row.recipient, row.subject, row.body)
        except (OSError, smtplib.SMTPException) as exc:
            row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if row.attempts >= limit:
                row.status = "failed"
                failed += 1
            else:
                retry += 1
            continue
        row.status = "sent"
        row.sent_at = utcnow()
        row.last_error = None
        sent += 1
    db_session.flush()
    return SendResult(sent, failed, retry)


def outbox(
    *, db_session: Session, status: OutboxStatus | None = None, limit: int = 200
) -> list[OutboxRow]:
    stmt = select(OutboxRow)
    if status:
        stmt = stmt.where(OutboxRow.status == status)
    return list(db_session.scalars(stmt.order_by(OutboxRow.id.desc()).limit(limit)))
