"""review: a decision above the deciding office's authority records the higher authority's
opinion — whose (``on_behalf_of``, the tier of review/data/authority.csv), its document number
and date (审查意见文号, 日期)

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-06 21:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("review_decisions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("on_behalf_of", sa.String(length=16), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column(
                "authority_document", sa.String(length=200), nullable=False, server_default=""
            )
        )
        batch_op.add_column(sa.Column("authority_document_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("review_decisions", schema=None) as batch_op:
        batch_op.drop_column("authority_document_date")
        batch_op.drop_column("authority_document")
        batch_op.drop_column("on_behalf_of")
