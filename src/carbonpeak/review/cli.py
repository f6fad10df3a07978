"""``carbonpeak review``: 节能审查 energy review of new projects. The Typer ``app`` of the domain:
the commands of each sub-package, in the order ``--help`` lists them."""

from __future__ import annotations

import typer

from carbonpeak.review.assessment import cli as assessment
from carbonpeak.review.budgets import cli as budgets
from carbonpeak.review.followup import cli as followup
from carbonpeak.review.ledger import cli as ledger
from carbonpeak.review.projects import cli as projects
from carbonpeak.review.supervision import cli as supervision
from carbonpeak.review.twohigh import cli as twohigh
from carbonpeak.review.workflow import cli as workflow

app = typer.Typer(
    no_args_is_help=True,
    help="节能审查 energy review: 综合评价 assess, 项目 projects/submit/show/export, "
    "审查 decide/opinion/commission, 用能指标 ledger/credit, 事中事后 followup, 两高 twohigh, "
    "用能预算 budget, 节能监察 inspect.",
)
app.command("assess")(assessment.assess_command)
app.command("projects")(projects.projects_command)
app.command("submit")(projects.submit_command)
app.command("show")(projects.show_command)
app.command("export")(projects.export_command)
app.command("decide")(workflow.decide_command)
app.command("opinion")(workflow.opinion_command)
app.command("commission")(workflow.commission_command)
app.command("ledger")(ledger.ledger_command)
app.command("credit")(ledger.credit_command)
app.command("followup")(followup.followup_command)
app.command("twohigh")(twohigh.twohigh_command)
app.command("budget")(budgets.budget_command)
app.command("inspect")(supervision.inspect_command)

__all__ = ["app"]
