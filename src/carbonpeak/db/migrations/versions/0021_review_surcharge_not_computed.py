"""review: an inspection's tiered-price surcharge may be unknown (``surcharge_yuan`` nullable:
NULL when the rule's bands or rates are not verified, 75号 cement / 2803号 steel, instead of a
misleading 0.0). Existing rows keep their value.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 21:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("review_inspections", schema=None) as batch_op:
        batch_op.alter_column("surcharge_yuan", existing_type=sa.Float(), nullable=True)


def downgrade() -> None:
    # an unknown surcharge goes back to the old 0.0
    op.execute("UPDATE review_inspections SET surcharge_yuan = 0.0 WHERE surcharge_yuan IS NULL")
    with op.batch_alter_table("review_inspections", schema=None) as batch_op:
        batch_op.alter_column("surcharge_yuan", existing_type=sa.Float(), nullable=False)
