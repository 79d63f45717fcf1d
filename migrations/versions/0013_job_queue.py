"""The job queue: procrastinate's tables, types, functions and triggers.

The SQL is procrastinate's own (`SchemaManager.get_schema()`, from the
version pinned in requirements.txt, 3.10.0); its tables are not in our
models' metadata, and migrations/env.py keeps autogenerate and the
models-vs-migrations check away from them. They carry no updated_at
trigger: procrastinate writes its own timestamps and events.

Upgrading procrastinate: its release notes list SQL migrations between
versions (procrastinate/sql/migrations); apply those in a new revision.
A fresh database running this one with the newer package gets the newer
schema directly, which is where those migrations lead too.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

from alembic import op
from procrastinate.schema import SchemaManager

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TABLES = (
    "procrastinate_events",
    "procrastinate_periodic_defers",
    "procrastinate_jobs",
    "procrastinate_workers",
)
TYPES = (
    "procrastinate_job_to_defer_v1",
    "procrastinate_job_event_type",
    "procrastinate_job_status",
)


def upgrade():
    # A bare DB-API cursor: the schema is one script whose '%' signs (in
    # RAISE messages) and casts no parameter formatting should touch.
    cursor = op.get_bind().connection.cursor()
    try:
        cursor.execute(SchemaManager.get_schema())
    finally:
        cursor.close()


def downgrade():
    bind = op.get_bind()
    # Tables first (their triggers go with them), then every procrastinate_
    # function whatever its arguments, then the types they used.
    bind.exec_driver_sql(f"DROP TABLE IF EXISTS {', '.join(TABLES)} CASCADE")
    functions = bind.exec_driver_sql(
        "SELECT p.oid::regprocedure::text FROM pg_proc p"
        " JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = current_schema()"
        " AND starts_with(p.proname, 'procrastinate_')"
    ).scalars()
    for signature in list(functions):
        bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {signature} CASCADE")
    bind.exec_driver_sql(f"DROP TYPE IF EXISTS {', '.join(TYPES)} CASCADE")
