"""review: a project not reviewed separately (审查权限 ``none``, 不单独进行节能审查) has an end
state, status ``exempt``, instead of waiting as ``submitted`` for a decision the workflow refuses.
The status check gains the value; projects already stored as submitted with authority ``none``
become exempt, each step recorded in the audit log (``review.exempt``, actor ``system``).
Downgrade: exempt projects go back to submitted (audited too), then the old check.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 23:40:00.000000
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

OLD = "('draft', 'submitted', 'approved', 'conditional', 'rejected', 'commissioned')"
NEW = "('draft', 'submitted', 'approved', 'conditional', 'rejected', 'commissioned', 'exempt')"

projects = sa.table(
    "review_projects",
    sa.column("id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("authority", sa.String()),
)
audit_log = sa.table(
    "audit_log",
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor", sa.String()),
    sa.column("action", sa.String()),
    sa.column("entity", sa.String()),
    sa.column("entity_id", sa.String()),
    sa.column("before", sa.Text()),
    sa.column("after", sa.Text()),
)


def _check(statuses: str) -> None:
    with op.batch_alter_table("review_projects", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_review_projects_status"), type_="check")
        batch_op.create_check_constraint("status", f"status in {statuses}")


def _move(where: sa.ColumnElement[bool], before: str, after: str) -> None:
    """Set ``after`` on the projects ``where`` selects, one audit entry each."""
    conn = op.get_bind()
    ids = list(conn.scalars(sa.select(projects.c.id).where(where).order_by(projects.c.id)))
    if not ids:
        return
    conn.execute(sa.update(projects).where(projects.c.id.in_(ids)).values(status=after))
    at = datetime.now(UTC)  # the audit log keeps UTC instants (db.types.UTCDateTime)
    conn.execute(
        sa.insert(audit_log),
        [
            {
                "at": at,
                "actor": "system",
                "action": "review.exempt",
                "entity": "review_project",
                "entity_id": str(i),
                "before": json.dumps({"status": before}),
                "after": json.dumps(
                    {"status": after, "authority": "none", "by": f"migration {revision}"}
                ),
            }
            for i in ids
        ],
    )


def upgrade() -> None:
    _check(NEW)
    _move(
        sa.and_(projects.c.status == "submitted", projects.c.authority == "none"),
        "submitted",
        "exempt",
    )


def downgrade() -> None:
    _move(projects.c.status == "exempt", "exempt", "submitted")
    _check(OLD)
