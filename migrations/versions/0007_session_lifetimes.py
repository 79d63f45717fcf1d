"""Login sessions end: 30 days after login, or after 14 idle days without
remember-me (cleaning_app/auth/sessions.py).

Sessions that already exist can't say whether remember-me was ticked, so
they get the shorter rule, with the idle clock starting at this upgrade;
each still ends 30 days after its login, so a stale one ends at once.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("remember", sa.Boolean(), server_default="false", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "expires_at",
                sa.DateTime(timezone=True),
                server_default=sa.text("now() + interval '30 days'"),
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "last_seen_at",
                sa.DateTime(timezone=True),
                server_default=sa.text("now()"),
                nullable=False,
            )
        )
    op.execute("UPDATE user_sessions SET expires_at = created_at + interval '30 days'")


def downgrade():
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.drop_column("last_seen_at")
        batch_op.drop_column("expires_at")
        batch_op.drop_column("remember")
