"""``carbonpeak review``: 节能审查 energy review of new projects. The Typer ``app`` of the domain:
the commands of each sub-package, in the order ``--help`` lists them."""

from __future__ import annotations

import typer

from carbonpeak.review.assessment import cli as assessment

app = typer.Typer(
    no_args_is_help=True,
    help="节能审查 energy review: 综合评价 assess.",
)
app.command("assess")(assessment.assess_command)

__all__ = ["app"]
