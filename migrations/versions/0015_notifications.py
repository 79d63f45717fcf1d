"""Notifications, the kinds each user also gets by email, and the
reminders already sent.

`notifications` is read two ways: a user's page, newest first (keyset on
(created_at, id)), and the navigation's unread count on every page (a
partial index holding only the unread rows). `notification_settings` keeps
only the choices a user changed; a kind without a row takes its default
(cleaning_app/notifications/preferences.py). A `reminders` row says one
booking (job, hired cleaner, start) was reminded: its key is what lets two
workers or two runs remind it once.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

KINDS = (
    "offer_received",
    "offer_accepted",
    "offer_rejected",
    "offer_cancelled",
    "message_received",
    "job_done",
    "review_received",
    "reminder",
    "invited",
)
KIND_CHECK = f"kind IN ({', '.join(repr(kind) for kind in KINDS)})"
TABLES = ("notifications", "notification_settings", "reminders")


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


def upgrade():
    op.create_table(
        "notifications",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("cleaning_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(KIND_CHECK, name=op.f("ck_notifications_kind")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cleaning_id"],
            ["cleanings.id"],
            name=op.f("fk_notifications_cleaning_id_cleanings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_notifications_actor_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(
        "ix_notifications_user_id_created_at_id",
        "notifications",
        ["user_id", sa.text("created_at DESC"), sa.text("id DESC")],
    )
    op.create_index(
        "ix_notifications_unread",
        "notifications",
        ["user_id"],
        postgresql_where=sa.text("read_at IS NULL"),
    )
    op.create_index(
        op.f("ix_notifications_cleaning_id"), "notifications", ["cleaning_id"]
    )
    op.create_index(op.f("ix_notifications_actor_id"), "notifications", ["actor_id"])

    op.create_table(
        "notification_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("email", sa.Boolean(), nullable=False),
        *_timestamps(),
        sa.CheckConstraint(KIND_CHECK, name=op.f("ck_notification_settings_kind")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notification_settings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "user_id", "kind", name=op.f("pk_notification_settings")
        ),
    )

    op.create_table(
        "reminders",
        sa.Column("cleaning_id", sa.Integer(), nullable=False),
        sa.Column("cleaner_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["cleaning_id", "cleaner_id"],
            ["offers.cleaning_id", "offers.user_id"],
            name="fk_reminders_offer",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "cleaning_id", "cleaner_id", "starts_at", name=op.f("pk_reminders")
        ),
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_set_updated_at BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION set_updated_at()"
        )


def downgrade():
    for table in reversed(TABLES):
        op.drop_table(table)
