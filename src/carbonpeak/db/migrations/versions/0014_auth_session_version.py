"""auth: a session version per user, so logout and a password change end every session

The browser session is a signed cookie; it carries the user's session version, and a request
whose version is not the user's current one is anonymous. Logout and a password change bump
the version (server-side invalidation that works across server processes: it is in the DB).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 04:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("auth_users") as batch:
        batch.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("auth_users") as batch:
        batch.drop_column("session_version")
