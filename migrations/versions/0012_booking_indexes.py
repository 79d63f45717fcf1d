"""Indexes for the listing's booking filters and expiry.

* `ix_cleanings_start_id` on (coalesce(starts_at, 'infinity'), id): the
  listing's "start" (undated jobs last). Leaving out expired jobs
  (`start > now()`), the `from`/`to` range and `sort=soonest` are each a
  range or an ordered walk of it; on plain `starts_at`, `starts_at IS NULL
  OR starts_at > now()` could only be filtered.
* `ix_cleanings_area_trgm`, a trigram GIN on `area`: `area` is ILIKE
  '%text%', which a B-tree can't serve (pg_trgm: migration 0005).

`min_bedrooms` has none: measured, the planner never chose one (see
docs/listing-indexes.md, "Bookings").

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_cleanings_start_id",
        "cleanings",
        [sa.text("coalesce(starts_at, 'infinity'::timestamptz)"), "id"],
    )
    op.create_index(
        "ix_cleanings_area_trgm",
        "cleanings",
        ["area"],
        postgresql_using="gin",
        postgresql_ops={"area": "gin_trgm_ops"},
    )


def downgrade():
    op.drop_index("ix_cleanings_area_trgm", table_name="cleanings")
    op.drop_index("ix_cleanings_start_id", table_name="cleanings")
