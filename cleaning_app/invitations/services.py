"""Inviting a cleaner to offer on a job, in the caller's transaction (the
view commits).

The checks run under the job's row lock (SELECT ... FOR UPDATE), as the
offer transitions take it: two invitations to one job queue up, so the
count of 10 can't be passed by two requests that each saw 9. The primary
key stays the last word on "already invited".
"""

from sqlalchemy import func, select

from ..auth.services import find_by_username
from ..cleanings.queries import OPEN, is_expired, state_of
from ..extensions import db
from ..models import Cleaning, Invitation, NotificationKind, Offer, User
from ..notifications.services import notify
from ..rules import NotFound, Refused, refused_as

MAX_PER_JOB = 10
NO_SUCH_USER = "There is no such user."
OWN_JOB = "You can't invite yourself to your own job."
NOT_A_CLEANER = (
    "@{name} isn't taking cleaning work on Phresh, so they can't be invited."
)
ALREADY_INVITED = "You already invited @{name} to this job."
ALREADY_OFFERED = "@{name} already made an offer on this job."
TAKEN = "This job already has an accepted offer, so it isn't taking invitations."
DATE_PASSED = "This job's date has passed. Move the date to invite cleaners."
TOO_MANY = f"This job already has {MAX_PER_JOB} invitations, the most one job can have."


def invite(cleaning: Cleaning, owner: User, username: str) -> User:
    """Invite `username` to offer on the owner's open job and notify them
    (which queues their email if they want it). The invited cleaner."""
    cleaner = find_by_username(username)
    if cleaner is None:
        raise NotFound(NO_SUCH_USER)
    if cleaner.id == owner.id:
        raise Refused(OWN_JOB)
    if not _cleans(cleaner):
        raise Refused(NOT_A_CLEANER.format(name=cleaner.username))
    _lock(cleaning)
    _require_open(cleaning)
    _require_new(cleaning, cleaner)
    with refused_as(Refused(ALREADY_INVITED.format(name=cleaner.username))):
        db.session.add(Invitation(cleaning_id=cleaning.id, cleaner_id=cleaner.id))
    notify(cleaner.id, NotificationKind.invited, cleaning.id, owner.id)
    return cleaner


def _cleans(user: User) -> bool:
    """An active user here to clean, whose profile the directory lists."""
    return user.is_active and user.role.cleans and user.cleaner_profile is not None


def _lock(cleaning: Cleaning) -> None:
    db.session.execute(
        select(Cleaning.id).where(Cleaning.id == cleaning.id).with_for_update()
    )


def _require_open(cleaning: Cleaning) -> None:
    # Read after the lock: an offer may have been accepted meanwhile.
    state = state_of(cleaning.id)
    if state != OPEN:
        raise Refused(TAKEN)
    if is_expired(cleaning, state):
        raise Refused(DATE_PASSED)


def _require_new(cleaning: Cleaning, cleaner: User) -> None:
    offered = db.session.get(Offer, (cleaning.id, cleaner.id))
    if offered is not None:
        raise Refused(ALREADY_OFFERED.format(name=cleaner.username))
    key = (cleaning.id, cleaner.id)
    if db.session.get(Invitation, key, populate_existing=True) is not None:
        raise Refused(ALREADY_INVITED.format(name=cleaner.username))
    invited = select(func.count()).where(Invitation.cleaning_id == cleaning.id)
    if db.session.scalar(invited) >= MAX_PER_JOB:
        raise Refused(TOO_MANY)
