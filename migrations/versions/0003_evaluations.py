"""Evaluations of a cleaner's work on a job.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def add_updated_at_trigger(table: str) -> None:
    op.execute(
        f"CREATE TRIGGER {table}_set_updated_at BEFORE UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION set_updated_at()"
    )


def upgrade():
    op.create_table(
        "evaluations",
        sa.Column("cleaning_id", sa.Integer(), nullable=False),
        sa.Column("cleaner_id", sa.Integer(), nullable=False),
        sa.Column("overall_rating", sa.SmallInteger(), nullable=False),
        sa.Column("professionalism", sa.SmallInteger(), nullable=True),
        sa.Column("completeness", sa.SmallInteger(), nullable=True),
        sa.Column("efficiency", sa.SmallInteger(), nullable=True),
        sa.Column(
            "no_show", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        sa.Column("headline", sa.String(length=120), server_default="", nullable=False),
        sa.Column("comment", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "completeness BETWEEN 1 AND 5",
            name=op.f("ck_evaluations_completeness_range"),
        ),
        sa.CheckConstraint(
            "efficiency BETWEEN 1 AND 5", name=op.f("ck_evaluations_efficiency_range")
        ),
        sa.CheckConstraint(
            "overall_rating BETWEEN 1 AND 5",
            name=op.f("ck_evaluations_overall_rating_range"),
        ),
        sa.CheckConstraint(
            "professionalism BETWEEN 1 AND 5",
            name=op.f("ck_evaluations_professionalism_range"),
        ),
        sa.ForeignKeyConstraint(
            ["cleaning_id", "cleaner_id"],
            ["offers.cleaning_id", "offers.user_id"],
            name="fk_evaluations_offer",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "cleaning_id", "cleaner_id", name=op.f("pk_evaluations")
        ),
    )
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_evaluations_cleaner_id_created_at",
            ["cleaner_id", "created_at"],
            unique=False,
        )
    add_updated_at_trigger("evaluations")


def downgrade():
    op.drop_table("evaluations")
