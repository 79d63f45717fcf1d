"""Marking a job done is no edit of it: the cleanings trigger leaves
`updated_at` alone when an UPDATE changes `done_at` and nothing else, so
the job page shows no "Last updated" and the API feed no `is_update` event
for it (CONTRACT "API": an edited job's `updated_at` is its `is_update`
event's). Every other UPDATE still sets it, through the same one
`set_updated_at()` function: only the trigger's WHEN condition is new. The
row is compared as jsonb without `done_at` and `updated_at`, so a column
added later counts as an edit without this trigger being rewritten.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30
"""

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

ROW = "(to_jsonb({}) - 'done_at' - 'updated_at')"


def _trigger(when: str = "") -> None:
    op.execute("DROP TRIGGER cleanings_set_updated_at ON cleanings")
    op.execute(
        "CREATE TRIGGER cleanings_set_updated_at BEFORE UPDATE ON cleanings "
        f"FOR EACH ROW {when}EXECUTE FUNCTION set_updated_at()"
    )


def upgrade():
    _trigger(
        "WHEN (OLD.done_at IS NOT DISTINCT FROM NEW.done_at"
        f" OR {ROW.format('OLD')} IS DISTINCT FROM {ROW.format('NEW')}) "
    )


def downgrade():
    _trigger()
