"""``carbonpeak tracking notify``: reminders and alerts 通知 (outbox, SMTP)."""

from __future__ import annotations

import typer
from rich.console import Console

from carbonpeak.core.cli import ACTOR_OPT, PLAN_OPT, option_date
from carbonpeak.db.session import session_scope
from carbonpeak.plan import get_plan
from carbonpeak.tracking.notify import service as notify

app = typer.Typer(no_args_is_help=True, help="通知 reminders and alerts (outbox, SMTP).")

console = Console()


@app.command("contact")
def notify_contact(
    unit: str = typer.Argument(...), email: str = typer.Argument(...), actor: str = ACTOR_OPT
) -> None:
    """设置单位联系邮箱 Set where a unit's notifications go."""
    with session_scope() as db:
        notify.set_contact(db_session=db, unit_name=unit, email=email, actor=actor)
    console.print(f"{unit} → {email}")


@app.command("queue")
def notify_queue(plan: str = PLAN_OPT, as_of: str = typer.Option(None, "--as-of")) -> None:
    """生成通知 Queue reminders of reports due and alerts of open warnings."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        console.print(
            notify.queue_notifications(
                db_session=db, plan_id=row.id, as_of=option_date(as_of)
            ).summary()
        )


@app.command("send")
def notify_send() -> None:
    """发送通知 Send pending messages through SMTP (CARBONPEAK_SMTP_HOST, _PORT, ...)."""
    mailer = notify.SmtpMailer()
    with session_scope() as db:
        r = notify.send_pending(db_session=db, send=mailer)
    console.print(f"已发送 sent {r.sent}, 失败 failed {r.failed}, 待重试 retry {r.retry}")
