"""Who a user is here for (`users.role`) and a cleaner's profile: what
they clean, their usual rate, where and on which days (CONTRACT "Cleaners:
directory and invitations").

A `cleaner_profiles` row exists once a cleaner has filled in their fields,
so its services, rate and areas are never empty; a user who stops being a
cleaner keeps the row (their role alone takes them out of the directory).
`cleaner_areas_ok` holds the per-entry rules of `areas`, which a CHECK
cannot say with array operators alone.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

AREAS_FUNCTION = """
CREATE FUNCTION cleaner_areas_ok(areas text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    -- Each entry 2-80 characters without surrounding spaces, no NULL
    -- entry, no two alike ignoring case.
    SELECT coalesce(
               bool_and(coalesce(char_length(a) BETWEEN 2 AND 80
                                 AND a = btrim(a), false)),
               false)
           AND count(DISTINCT lower(a)) = count(*)
    FROM unnest(areas) AS a
$$
"""

CHECKS = {
    "services_known": "array_ndims(services) = 1 AND cardinality(services) "
    "BETWEEN 1 AND 3 AND services <@ ARRAY['dust_up', 'spot_clean', "
    "'full_clean']::text[]",
    "hourly_rate_range": "hourly_rate > 0 AND hourly_rate < 100000",
    "areas_entries": "array_ndims(areas) = 1 AND cardinality(areas) BETWEEN 1 "
    "AND 5 AND cleaner_areas_ok(areas)",
    "available_days_known": "cardinality(available_days) <= 7 AND "
    "available_days <@ ARRAY['mon', 'tue', 'wed', 'thu', 'fri', 'sat', "
    "'sun']::text[]",
}


def upgrade():
    op.add_column(
        "users",
        sa.Column("role", sa.String(20), server_default="hire", nullable=False),
    )
    op.create_check_constraint(
        op.f("ck_users_role"), "users", "role IN ('hire', 'clean', 'both')"
    )
    op.execute(AREAS_FUNCTION)
    op.create_table(
        "cleaner_profiles",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("services", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("hourly_rate", sa.Numeric(10, 2), nullable=False),
        sa.Column("areas", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column(
            "available_days",
            postgresql.ARRAY(sa.Text()),
            server_default="{}",
            nullable=False,
        ),
        *[
            sa.Column(
                name,
                sa.DateTime(timezone=True),
                server_default=sa.text("now()"),
                nullable=False,
            )
            for name in ("created_at", "updated_at")
        ],
        *[
            sa.CheckConstraint(condition, name=op.f(f"ck_cleaner_profiles_{name}"))
            for name, condition in CHECKS.items()
        ],
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_cleaner_profiles_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_cleaner_profiles")),
    )
    op.execute(
        "CREATE TRIGGER cleaner_profiles_set_updated_at BEFORE UPDATE ON "
        "cleaner_profiles FOR EACH ROW EXECUTE FUNCTION set_updated_at()"
    )


def downgrade():
    op.drop_table("cleaner_profiles")
    op.execute("DROP FUNCTION cleaner_areas_ok(text[])")
    op.drop_constraint(op.f("ck_users_role"), "users", type_="check")
    op.drop_column("users", "role")
