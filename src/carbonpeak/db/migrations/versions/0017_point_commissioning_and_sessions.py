"""monitoring: a commissioning date (投运日期) per metering point; auth: one row per browser session

- ``mon_points.commissioned``: readings stamped before it are refused (issue 15, finding 10);
- ``auth_sessions``: the id of each login, kept in the signed cookie. Logout deletes its own
  row only; "log out everywhere" and a new password delete all of the user's rows and bump
  ``auth_users.session_version`` (0014). Cookies made before this revision carry no session
  id: their users log in once more.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 07:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mon_points") as batch:
        batch.add_column(sa.Column("commissioned", sa.Date(), nullable=True))
    op.create_table(
        "auth_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["auth_users.id"],
            name=op.f("fk_auth_sessions_user_id_auth_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_sessions")),
    )
    op.create_index(op.f("ix_auth_sessions_user_id"), "auth_sessions", ["user_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_auth_sessions_user_id"), table_name="auth_sessions")
    op.drop_table("auth_sessions")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite ≥ 3.35 drops a column in place; alembic's batch mode would copy and DROP the
        # table instead, and with foreign keys on that cascades to every point's readings
        op.execute("ALTER TABLE mon_points DROP COLUMN commissioned")
    else:
        op.drop_column("mon_points", "commissioned")
