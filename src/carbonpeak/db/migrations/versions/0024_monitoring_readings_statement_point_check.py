"""monitoring, PostgreSQL: ``point_id`` of ``mon_readings`` and ``mon_rollups`` is checked
against ``mon_points`` once per statement instead of once per row (issue 17,
docs/deployment.md).

PostgreSQL checks a foreign key row by row: each inserted row runs a ``SELECT … FOR KEY
SHARE`` on ``mon_points``. That check was three quarters of a bulk insert of readings: ``COPY``
of 1,000,000 readings took 13.0 s with it and 3.7-4.1 s without it or with the statement check
below (stop 33, this machine); 5,000 hourly rollups took 32 ms with it and 15 ms without. A
group commit's joint insert of gateway packages (160 rows of 160 points) took 1.75-1.77 ms with
it and 1.33-1.37 ms with the check below (medians of 300). The two foreign keys are replaced by
triggers that keep the same guarantees:

- ``<table>_points_inserted`` (``AFTER INSERT … FOR EACH STATEMENT``, the statement's new rows
  as a transition table): every distinct ``point_id`` must name a ``mon_points`` row, and those
  rows are locked ``FOR KEY SHARE`` to the commit, as the foreign key's check locks them, so a
  point cannot be deleted under rows not yet committed. A missing point raises
  ``foreign_key_violation`` (SQLSTATE 23503), as the foreign key did.
- ``<table>_points_updated`` (``AFTER UPDATE OF point_id … FOR EACH ROW``, only when the point
  changes): the same check for the row. Updates that keep the point (corrections, the rollups'
  upserts) do not fire it, as they did not fire the foreign key's.
- ``mon_points_deleted`` (``AFTER DELETE … FOR EACH STATEMENT``): the readings and rollups of
  deleted points are deleted, as ``ON DELETE CASCADE`` did (also when the delete itself
  cascades from ``mon_enterprises``).

The triggers on ``mon_readings`` sit on the partitioned table, so they see statements on
``mon_readings``; the platform never writes to a monthly partition by its name.

SQLite: a no-op. Its foreign key check is cheap (stop 28: 359 k against 353 k readings/s without
it) and stays as the ORM declares it.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 19:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

#: the tables whose ``point_id`` PostgreSQL checked row by row
_TABLES = ("mon_readings", "mon_rollups")

#: PL/pgSQL: what the foreign key raised for a missing point (SQLSTATE 23503)
_REFUSE = """        RAISE foreign_key_violation USING
            MESSAGE = TG_TABLE_NAME || '.point_id names no mon_points row',
            TABLE = TG_TABLE_NAME;"""

_STATEMENT_CHECK = f"""
CREATE FUNCTION mon_points_check_statement() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids integer[];
    locked bigint;
BEGIN
    -- the ids as an array: an index probe each (joined to the transition table, whose size
    -- the planner does not know, mon_points was read whole)
    ids := ARRAY(SELECT DISTINCT point_id FROM new_rows);
    PERFORM 1 FROM mon_points WHERE id = ANY (ids) FOR KEY SHARE;
    GET DIAGNOSTICS locked = ROW_COUNT;
    IF locked < cardinality(ids) THEN
{_REFUSE}
    END IF;
    RETURN NULL;
END
$$
"""

_ROW_CHECK = f"""
CREATE FUNCTION mon_points_check_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM mon_points WHERE id = NEW.point_id FOR KEY SHARE;
    IF NOT FOUND THEN
{_REFUSE}
    END IF;
    RETURN NULL;
END
$$
"""

_CASCADE = """
CREATE FUNCTION mon_points_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM mon_readings WHERE point_id IN (SELECT id FROM old_rows);
    DELETE FROM mon_rollups WHERE point_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for function in (_STATEMENT_CHECK, _ROW_CHECK, _CASCADE):
        op.execute(function)
    for table in _TABLES:
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT fk_{table}_point_id_mon_points")
        op.execute(
            f"CREATE TRIGGER {table}_points_inserted AFTER INSERT ON {table}"
            " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
            " EXECUTE FUNCTION mon_points_check_statement()"
        )
        # an update that keeps point_id (a correction, an upsert) costs nothing
        op.execute(
            f"CREATE TRIGGER {table}_points_updated AFTER UPDATE OF point_id ON {table}"
            " FOR EACH ROW WHEN (OLD.point_id IS DISTINCT FROM NEW.point_id)"
            " EXECUTE FUNCTION mon_points_check_row()"
        )
    op.execute(
        "CREATE TRIGGER mon_points_deleted AFTER DELETE ON mon_points"
        " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"
        " EXECUTE FUNCTION mon_points_cascade()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER mon_points_deleted ON mon_points")
    for table in _TABLES:
        op.execute(f"DROP TRIGGER {table}_points_inserted ON {table}")
        op.execute(f"DROP TRIGGER {table}_points_updated ON {table}")
        # validates every stored row in one pass
        op.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT fk_{table}_point_id_mon_points"
            " FOREIGN KEY (point_id) REFERENCES mon_points (id) ON DELETE CASCADE"
        )
    for function in ("mon_points_cascade", "mon_points_check_row", "mon_points_check_statement"):
        op.execute(f"DROP FUNCTION {function}()")
