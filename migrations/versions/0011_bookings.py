"""Bookings: when, where and how big a job is, when it was done, the hired
cleaner's review of the resident, and private calendar links.

Every new job column is nullable (or has a default), so the jobs posted
before keep their rows and stay valid: they read "Date to be agreed".

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

CHECKS = {
    "hours_half_steps": "hours BETWEEN 1 AND 12 AND hours * 2 = trunc(hours * 2)",
    "bedrooms_range": "bedrooms BETWEEN 0 AND 20",
    "bathrooms_range": "bathrooms BETWEEN 1 AND 20",
    "area_length": "char_length(area) BETWEEN 2 AND 80",
    "done_after_start": "done_at >= starts_at",
}


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column(
            name,
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        )
        for name in ("created_at", "updated_at")
    ]


def _updated_at_trigger(table: str) -> None:
    op.execute(
        f"CREATE TRIGGER {table}_set_updated_at BEFORE UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION set_updated_at()"
    )


def upgrade():
    op.add_column("cleanings", sa.Column("starts_at", sa.DateTime(timezone=True)))
    op.add_column("cleanings", sa.Column("hours", sa.Numeric(3, 1)))
    op.add_column("cleanings", sa.Column("area", sa.String(80)))
    op.add_column(
        "cleanings",
        sa.Column("address", sa.String(200), server_default="", nullable=False),
    )
    op.add_column("cleanings", sa.Column("bedrooms", sa.SmallInteger()))
    op.add_column("cleanings", sa.Column("bathrooms", sa.SmallInteger()))
    op.add_column("cleanings", sa.Column("done_at", sa.DateTime(timezone=True)))
    for name, condition in CHECKS.items():
        op.create_check_constraint(op.f(f"ck_cleanings_{name}"), "cleanings", condition)

    op.create_table(
        "client_reviews",
        sa.Column("cleaning_id", sa.Integer(), nullable=False),
        sa.Column("cleaner_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.Column("comment", sa.Text(), server_default="", nullable=False),
        *_timestamps(),
        sa.CheckConstraint(
            "rating BETWEEN 1 AND 5", name=op.f("ck_client_reviews_rating_range")
        ),
        sa.ForeignKeyConstraint(
            ["cleaning_id", "cleaner_id"],
            ["offers.cleaning_id", "offers.user_id"],
            name="fk_client_reviews_offer",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_client_reviews_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cleaning_id", name=op.f("pk_client_reviews")),
    )
    op.create_index(
        "ix_client_reviews_client_id_created_at",
        "client_reviews",
        ["client_id", "created_at"],
    )
    _updated_at_trigger("client_reviews")

    op.create_table(
        "calendar_links",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.String(32), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_links_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_calendar_links")),
    )
    _updated_at_trigger("calendar_links")


def downgrade():
    op.drop_table("calendar_links")
    op.drop_table("client_reviews")
    for name in CHECKS:
        op.drop_constraint(op.f(f"ck_cleanings_{name}"), "cleanings", type_="check")
    for column in (
        "done_at",
        "bathrooms",
        "bedrooms",
        "address",
        "area",
        "hours",
        "starts_at",
    ):
        op.drop_column("cleanings", column)
