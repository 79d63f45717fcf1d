"""Indexes for the cleaners' directory (`GET /cleaners`), measured on
10,000 cleaners in docs/cleaners-indexes.md.

* `cleaner_areas_text(areas)`: the areas as one text, one per line; an
  IMMUTABLE wrapper, since array_to_string is only STABLE and an index
  expression must be immutable. `ix_cleaner_profiles_areas_trgm`, a trigram
  GIN on it, serves the `area` filter (ILIKE '%text%' on any one area; no
  search holds a line break, so no match spans two areas).
* `ix_cleaner_profiles_services` and `ix_cleaner_profiles_available_days`,
  GINs on the arrays, for `type` and `day` (`@> ARRAY[...]`).
* `ix_cleaner_profiles_hourly_rate_user_id`: `max_rate` and `sort=rate_asc`.
* `ix_offers_user_id_completed`, partial on completed offers: each card's
  jobs done, and `sort=jobs`, count index entries only.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

AREAS_TEXT = """
CREATE FUNCTION cleaner_areas_text(areas text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_to_string(areas, E'\\n')
$$
"""


def upgrade():
    op.execute(AREAS_TEXT)
    op.create_index(
        "ix_cleaner_profiles_areas_trgm",
        "cleaner_profiles",
        [sa.text("cleaner_areas_text(areas) gin_trgm_ops")],
        postgresql_using="gin",
    )
    for column in ("services", "available_days"):
        op.create_index(
            f"ix_cleaner_profiles_{column}",
            "cleaner_profiles",
            [column],
            postgresql_using="gin",
        )
    op.create_index(
        "ix_cleaner_profiles_hourly_rate_user_id",
        "cleaner_profiles",
        ["hourly_rate", "user_id"],
    )
    op.create_index(
        "ix_offers_user_id_completed",
        "offers",
        ["user_id"],
        postgresql_where=sa.text("status = 'completed'"),
    )


def downgrade():
    op.drop_index("ix_offers_user_id_completed", table_name="offers")
    for name in ("hourly_rate_user_id", "available_days", "services", "areas_trgm"):
        op.drop_index(f"ix_cleaner_profiles_{name}", table_name="cleaner_profiles")
    op.execute("DROP FUNCTION cleaner_areas_text(text[])")
