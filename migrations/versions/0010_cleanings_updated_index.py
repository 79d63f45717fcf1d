"""The API feed's edits: jobs whose updated_at differs from created_at, newest
edit first (cleaning_app/api/queries.py `feed`), so a page reads its rows
from an index instead of sorting every job.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_cleanings_edited_updated_at_id",
        "cleanings",
        [sa.text("updated_at DESC"), sa.text("id DESC")],
        postgresql_where=sa.text("updated_at <> created_at"),
    )


def downgrade():
    op.drop_index("ix_cleanings_edited_updated_at_id", table_name="cleanings")
