"""Invitations: a job's owner asks a cleaner to offer (CONTRACT "Cleaners:
directory and invitations"). One per (job, cleaner), the pair the key; it
goes with the job or the cleaner. At most 10 per job is counted under the
job's row lock (invitations/services.py), as offers are.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "invitations",
        sa.Column("cleaning_id", sa.Integer(), nullable=False),
        sa.Column("cleaner_id", sa.Integer(), nullable=False),
        *[
            sa.Column(
                name,
                sa.DateTime(timezone=True),
                server_default=sa.text("now()"),
                nullable=False,
            )
            for name in ("created_at", "updated_at")
        ],
        sa.ForeignKeyConstraint(
            ["cleaning_id"],
            ["cleanings.id"],
            name=op.f("fk_invitations_cleaning_id_cleanings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cleaner_id"],
            ["users.id"],
            name=op.f("fk_invitations_cleaner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "cleaning_id", "cleaner_id", name=op.f("pk_invitations")
        ),
    )
    # A user's deletion cascades here; the key serves the job's side.
    op.create_index("ix_invitations_cleaner_id", "invitations", ["cleaner_id"])
    op.execute(
        "CREATE TRIGGER invitations_set_updated_at BEFORE UPDATE ON invitations "
        "FOR EACH ROW EXECUTE FUNCTION set_updated_at()"
    )


def downgrade():
    op.drop_table("invitations")
