"""Conversations: each offer's private thread between the job's owner and
that cleaner. A message belongs to its offer (composite foreign key): a
rescinded offer is deleted, and its thread goes with it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "messages",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("cleaning_id", sa.Integer(), nullable=False),
        sa.Column("cleaner_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True)),
        *[
            sa.Column(
                name,
                sa.DateTime(timezone=True),
                server_default=sa.text("now()"),
                nullable=False,
            )
            for name in ("created_at", "updated_at")
        ],
        sa.CheckConstraint(
            "char_length(body) BETWEEN 1 AND 2000",
            name=op.f("ck_messages_body_length"),
        ),
        sa.ForeignKeyConstraint(
            ["cleaning_id", "cleaner_id"],
            ["offers.cleaning_id", "offers.user_id"],
            name="fk_messages_offer",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["users.id"],
            name=op.f("fk_messages_sender_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
    )
    # One thread in order, its newest after an id (the poll), and the
    # unread counts of a job's threads: all read this index.
    op.create_index(
        "ix_messages_cleaning_id_cleaner_id_id",
        "messages",
        ["cleaning_id", "cleaner_id", "id"],
    )
    op.execute(
        "CREATE TRIGGER messages_set_updated_at BEFORE UPDATE ON messages "
        "FOR EACH ROW EXECUTE FUNCTION set_updated_at()"
    )


def downgrade():
    op.drop_table("messages")
