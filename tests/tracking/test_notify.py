"""Notifications: reminders and alerts queued in the outbox, sent through SMTP to a fake
server on localhost (a few lines of socketserver, in a thread)."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes, policy

import pytest
from sqlalchemy.orm import Session

from carbonpeak.core.errors import InputError
from carbonpeak.tracking.notify import service as notify
from carbonpeak.tracking.reporting import service as reporting
from carbonpeak.tracking.settings import TrackingSettings
from carbonpeak.tracking.warnings import service as alerts


class _SMTPHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        server: FakeSMTP = self.server  # type: ignore[assignment]
        self.wfile.write(b"220 fake ESMTP\r\n")
        rcpt: list[str] = []
        while line := self.rfile.readline():
            cmd = line.decode().strip()
            upper = cmd.upper()
            if upper.startswith(("EHLO", "HELO")):
                self.wfile.write(b"250 fake\r\n")
            elif upper.startswith("MAIL FROM"):
                rcpt = []
                self.wfile.write(b"250 OK\r\n")
            elif upper.startswith("RCPT TO"):
                rcpt.append(cmd.split(":", 1)[1].strip(" <>"))
                self.wfile.write(b"250 OK\r\n")
            elif upper == "DATA":
                self.wfile.write(b"354 go on\r\n")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                server.messages.append((rcpt, message_from_bytes(data, policy=policy.default)))
                self.wfile.write(b"250 queued\r\n")
            elif upper == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")


class FakeSMTP(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.messages: list[tuple[list[str], object]] = []


@pytest.fixture
def smtp_server() -> Iterator[FakeSMTP]:
    server = FakeSMTP()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_reminders_and_alerts_sent_by_smtp(db: Session, smtp_server: FakeSMTP) -> None:
    reporting.open_year(db_session=db, plan_id=1, year=2024)
    notify.set_contact(
        db_session=db, unit_name="市能源局", email="nengyuan@example.org", actor="admin"
    )
    with pytest.raises(InputError, match="email"):
        notify.set_contact(db_session=db, unit_name="x", email="not-an-address", actor="admin")
    as_of = date(2024, 4, 20)
    alerts.check(db_session=db, plan_id=1, as_of=as_of, actor="t")
    queued = notify.queue_notifications(db_session=db, plan_id=1, as_of=as_of)
    mine = [m for m in queued.queued if m.unit_name == "市能源局"]
    assert mine and all(m.recipient == "nengyuan@example.org" for m in mine)
    assert "市工业和信息化局" in queued.no_contact  # reported, not silently skipped
    reminder = next(m for m in mine if m.kind == "report_reminder")
    assert "2024Q1" in reminder.body and "已逾期" in reminder.body
    # queued once per key: a second run on the same day queues nothing new
    assert notify.queue_notifications(db_session=db, plan_id=1, as_of=as_of).queued == []

    settings = TrackingSettings(
        smtp_host="127.0.0.1",
        smtp_port=smtp_server.server_address[1],
        smtp_sender="carbonpeak@example.org",
    )
    result = notify.send_pending(db_session=db, send=notify.SmtpMailer(settings))
    assert result.sent == len(mine) and result.failed == 0
    assert len(smtp_server.messages) == len(mine)
    rcpt, msg = smtp_server.messages[0]
    assert rcpt == ["nengyuan@example.org"]
    assert "进展报告" in str(msg["Subject"]) or "预警" in str(msg["Subject"])  # type: ignore[index]
    assert all(m.status == "sent" and m.sent_at for m in mine)


def test_failed_sends_are_retried_then_marked_failed(db: Session) -> None:
    notify.set_contact(db_session=db, unit_name="市能源局", email="a@example.org", actor="admin")
    reporting.open_year(db_session=db, plan_id=1, year=2024)
    notify.queue_notifications(db_session=db, plan_id=1, as_of=date(2024, 4, 20))

    def broken(_to: str, _subject: str, _body: str) -> None:
        raise ConnectionRefusedError("no server")

    first = notify.send_pending(db_session=db, send=broken, max_attempts=2)
    assert first.retry == 1 and first.failed == 0
    second = notify.send_pending(db_session=db, send=broken, max_attempts=2)
    assert second.failed == 1
    row = notify.outbox(db_session=db, status="failed")[0]
    assert row.attempts == 2 and "ConnectionRefusedError" in (row.last_error or "")
    with pytest.raises(InputError, match="SMTP_HOST"):
        notify.SmtpMailer(TrackingSettings(smtp_host=None))
