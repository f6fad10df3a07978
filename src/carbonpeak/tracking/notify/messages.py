"""The texts of notifications (pure): the daily reminder of the progress reports a unit owes,
the alert of an early warning, and the e-mail they are sent as. Each message has a
``dedupe_key`` so that it is queued once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage

from carbonpeak.tracking.model import Owed

#: Reports due within this many days are reminded of.
REMIND_DAYS = 7


@dataclass(frozen=True)
class Message:
    """One message for one unit."""

    dedupe_key: str
    kind: str
    unit: str
    subject: str
    body: str


def reminders(owed: Iterable[Owed], *, plan_id: int, as_of: date) -> list[Message]:
    """One reminder per unit (in name order) listing the reports it owes that are due within
    ``REMIND_DAYS`` of ``as_of`` or overdue."""
    lines_of: dict[str, list[str]] = defaultdict(list)
    horizon = as_of + timedelta(days=REMIND_DAYS)
    for item in owed:
        if item.due_on > horizon:
            continue
        flag = "【已逾期 overdue】" if item.overdue else ""
        line = f"- {item.period} {item.task}「{item.task_title}」截止 due {item.due_on} {flag}"
        for unit in item.lead_units:
            lines_of[unit].append(line)
    return [
        Message(
            dedupe_key=f"reminder:{plan_id}:{unit}:{as_of}",
            kind="report_reminder",
            unit=unit,
            subject=f"进展报告提醒（{len(lines)} 项） / progress reports due ({len(lines)})",
            body="您单位尚有以下进展报告待提交 / your unit still owes these progress reports:\n"
            + "\n".join(lines),
        )
        for unit, lines in sorted(lines_of.items())
    ]


def warning_alerts(
    *, warning_id: int, raised_at: datetime, kind: str, message: str, units: Iterable[str]
) -> list[Message]:
    """One alert of an early warning per unit concerned (raised again: alerted again)."""
    return [
        Message(
            dedupe_key=f"warning:{warning_id}:{raised_at:%Y%m%dT%H%M%S}:{unit}",
            kind=kind,
            unit=unit,
            subject=f"预警 warning: {message[:120]}",
            body=message,
        )
        for unit in units
        if unit
    ]


def review_notice(
    *,
    report_id: int,
    reviewed_at: datetime,
    unit: str,
    period: str,
    task: str,
    approved: bool,
    comment: str | None,
) -> Message:
    """The note to the reporting unit that the climate office approved (通过) or returned
    (退回) its progress report, with the review comment."""
    verdict = "已通过审核" if approved else "已被退回，请修改后重新提交"
    body = f"您单位报送的 {period} 任务 {task} 进展报告{verdict}。"
    if comment:
        body += f"\n审核意见：{comment}"
    return Message(
        # one message per review: the outcome and the time to the microsecond, so a return and
        # an approval within one second are two messages (not one deduplicated away)
        dedupe_key=(
            f"review:{report_id}:{'approved' if approved else 'returned'}:"
            f"{reviewed_at:%Y%m%dT%H%M%S.%f}"
        ),
        kind="report_review",
        unit=unit,
        subject=f"进展报告审核结果：{period} {task} {'通过' if approved else '退回'}",
        body=body,
    )


def email_message(*, sender: str, recipient: str, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = recipient
    msg["Subject"] = subject
    msg.set_content(body)
    return msg
