"""Reading invitations for the pages, each a single query."""

from dataclasses import dataclass

from sqlalchemy import bindparam, exists, select

from ..cleanings.queries import open_jobs_of
from ..extensions import db
from ..models import Invitation, Offer, User
from ..prepared import prepared
from .services import MAX_PER_JOB

# More open jobs than anyone posts at once; the select lists them all.
JOBS_LISTED = 50


@dataclass(frozen=True)
class Invited:
    username: str
    offered: bool


def jobs_to_invite_to(user) -> list:
    """The open jobs (id, name, ...) a logged-in user may invite cleaners
    to: one query for the whole page, however many cards offer the control;
    none for a visitor."""
    if not getattr(user, "is_authenticated", False):
        return []
    return open_jobs_of(user.id, JOBS_LISTED)


# Built once (the owner's job page runs it on every view): building the
# statement and its cache key anew cost more CPU than the query.
_OFFERED = exists().where(
    Offer.cleaning_id == Invitation.cleaning_id,
    Offer.user_id == Invitation.cleaner_id,
)
_INVITED = prepared(
    select(User.username, _OFFERED.label("offered"))
    .join(Invitation, Invitation.cleaner_id == User.id)
    .where(Invitation.cleaning_id == bindparam("cleaning_id"))
    .order_by(Invitation.created_at, User.username)
    .limit(MAX_PER_JOB)
)


def invited_to(cleaning_id: int) -> list[Invited]:
    """Whom the owner invited, oldest first, and whether each has offered."""
    rows = db.session.execute(_INVITED, {"cleaning_id": cleaning_id})
    return [Invited(row.username, row.offered) for row in rows]


def is_invited(cleaning_id: int, user_id: int) -> bool:
    return db.session.get(Invitation, (cleaning_id, user_id)) is not None
