"""Trigram indexes for the job listing's text search.

`q` matches words anywhere in a job's name or description (ILIKE '%word%'),
which a B-tree can't serve: without these, a search with few or no matches
reads the whole table. See docs/listing-indexes.md for the plans.

pg_trgm ships with PostgreSQL and is a trusted extension (PostgreSQL 13+),
so a database owner can create it without superuser rights.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index(
        "ix_cleanings_name_trgm",
        "cleanings",
        ["name"],
        postgresql_using="gin",
        postgresql_ops={"name": "gin_trgm_ops"},
    )
    op.create_index(
        "ix_cleanings_description_trgm",
        "cleanings",
        ["description"],
        postgresql_using="gin",
        postgresql_ops={"description": "gin_trgm_ops"},
    )


def downgrade():
    op.drop_index("ix_cleanings_description_trgm", table_name="cleanings")
    op.drop_index("ix_cleanings_name_trgm", table_name="cleanings")
    # The extension stays: other objects may have come to depend on it.
