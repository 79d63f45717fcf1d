"""Writing jobs. Callers commit; every change writes its feed event in the
same transaction."""

from psycopg2 import errors as pg_errors
from sqlalchemy import delete as sql_delete

from ..extensions import db
from ..feed.services import record
from ..models import ActivityKind, Cleaning
from ..rules import Refused, refused_as
from .queries import is_taken

DELETE_REFUSED = "This job has an accepted or completed offer and can't be deleted."
DONE_MOVED = "This clean is marked done, so its date can no longer change."
EDITABLE = (
    "name",
    "description",
    "cleaning_type",
    "price",
    *("starts_at", "hours", "area", "address", "bedrooms", "bathrooms"),
)


def create(owner_id: int, values: dict) -> Cleaning:
    cleaning = Cleaning(owner_id=owner_id, **{k: values[k] for k in EDITABLE})
    db.session.add(cleaning)
    db.session.flush()
    record(ActivityKind.cleaning_posted, owner_id, cleaning.id)
    return cleaning


def update(cleaning: Cleaning, values: dict) -> bool:
    """Apply the changed fields; returns whether anything changed. Saving
    without changes writes nothing, so no feed event either."""
    changed = {k: values[k] for k in EDITABLE if getattr(cleaning, k) != values[k]}
    if not changed:
        return False
    # The database's CHECK (done_at >= starts_at) backs this.
    if "starts_at" in changed and cleaning.done_at is not None:
        raise Refused(DONE_MOVED, field="date")
    for key, value in changed.items():
        setattr(cleaning, key, value)
    record(ActivityKind.cleaning_updated, cleaning.owner_id, cleaning.id)
    db.session.flush()
    return True


def delete(cleaning: Cleaning) -> None:
    """Delete the job unless it has an accepted or completed offer. The check
    sits in the DELETE itself, so an accept that commits first wins; its
    other offers go with it through ON DELETE CASCADE, unless an evaluation
    still refers to one of them."""
    with refused_as(Refused(DELETE_REFUSED), violation=pg_errors.ForeignKeyViolation):
        deleted = db.session.scalar(
            sql_delete(Cleaning)
            .where(Cleaning.id == cleaning.id, ~is_taken())
            .returning(Cleaning.id)
        )
    if deleted is None:
        raise Refused(DELETE_REFUSED)
