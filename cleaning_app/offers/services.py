"""The offer use cases: making an offer and every change to one, each a
step of models.TRANSITIONS (guarded by `move`) in the caller's transaction
(the view commits).

Every transition first locks the job's row (SELECT ... FOR UPDATE), so two
requests about one job queue up instead of both passing the checks; the
database's keys and partial unique index stay the last word, and an
IntegrityError from them becomes the same friendly 400.
"""

from sqlalchemy import select, update

from ..auth.services import find_by_username
from ..cleanings import booking
from ..cleanings.access import require_owner
from ..cleanings.queries import OPEN, state_of
from ..extensions import db
from ..feed.services import record
from ..models import (
    TRANSITIONS,
    ActivityKind,
    Cleaning,
    NotificationKind,
    Offer,
    OfferStatus,
    User,
)
from ..notifications.services import notify
from ..rules import NotFound, Refused, refused_as

OWN_JOB = "You can't make an offer on your own job."
ALREADY_OFFERED = "You already made an offer on this job."
NOT_OPEN = "This job already has an accepted offer and isn't taking new offers."
ALREADY_ACCEPTED = "This job already has an accepted offer."
NO_OWN_OFFER = "You have no offer on this job."
NO_SUCH_USER = "There is no such user."
NO_OFFER_BY_USER = "That user hasn't made an offer on this job."
DATE_PASSED = "This job's date has passed."
CANCEL_DONE = "This job is marked done, so your offer can't be cancelled."
OWNER_GONE = (
    "This job's owner has deactivated their account, so it isn't taking offers."
)
# What a transition refused by the offer's state says; {status} is that state.
REFUSALS = {
    "accept": "Only a pending offer can be accepted. This one is {status}.",
    "reject": "Only a pending offer can be rejected. This one is {status}.",
    "rescind": "Only a pending offer can be rescinded. This one is {status}.",
    "cancel": "Only an accepted offer can be cancelled. Yours is {status}.",
    "complete": "Only an accepted offer can be completed. This one is {status}.",
}


def make_offer(cleaning: Cleaning, cleaner: User, message: str = "") -> Offer:
    """A new pending offer by `cleaner` on an open job."""
    if cleaning.owner_id == cleaner.id:
        raise Refused(OWN_JOB)
    _lock(cleaning)
    if _own_offer(cleaning, cleaner) is not None:
        raise Refused(ALREADY_OFFERED)
    if _taken(cleaning):
        raise Refused(NOT_OPEN)
    # Not taken, so expired once its start has passed (the owner may move
    # the date to re-open it).
    if booking.is_expired(cleaning.starts_at):
        raise Refused(DATE_PASSED)
    # A deactivated owner's job has left the listing and nobody can answer
    # an offer on it.
    if not cleaning.owner.is_active:
        raise Refused(OWNER_GONE)
    offer = Offer(
        cleaning_id=cleaning.id,
        user_id=cleaner.id,
        status=OfferStatus.pending,
        message=message,
    )
    with refused_as(Refused(ALREADY_OFFERED)):
        db.session.add(offer)
    notify(cleaning.owner_id, NotificationKind.offer_received, cleaning.id, cleaner.id)
    return offer


def accept(cleaning: Cleaning, owner: User, username: str) -> Offer:
    """Accept one pending offer and reject every other pending one."""
    offer = _owner_sees_offer(cleaning, owner, username)
    if _taken(cleaning):
        raise Refused(ALREADY_ACCEPTED)
    problem = accept_refusal(cleaning, offer)
    if problem is not None:
        raise Refused(problem)
    with refused_as(Refused(ALREADY_ACCEPTED)):
        move(offer, "accept")
    declined = _move_all("decline", Offer.cleaning_id == cleaning.id)
    record(ActivityKind.offer_accepted, owner.id, cleaning.id)
    notify(offer.user_id, NotificationKind.offer_accepted, cleaning.id, owner.id)
    for cleaner_id in declined:
        notify(cleaner_id, NotificationKind.offer_rejected, cleaning.id, owner.id)
    return offer


def reject(cleaning: Cleaning, owner: User, username: str) -> Offer:
    offer = _owner_sees_offer(cleaning, owner, username)
    move(offer, "reject")
    notify(offer.user_id, NotificationKind.offer_rejected, cleaning.id, owner.id)
    return offer


def cancel(cleaning: Cleaning, cleaner: User) -> Offer:
    """The accepted cleaner steps back: the job re-opens, and the offers
    rejected because of this one are pending again."""
    offer = _locked_own_offer(cleaning, cleaner)
    # Done is done: cancelling would re-open a job that has been cleaned.
    if offer.status == OfferStatus.accepted and _marked_done(cleaning):
        raise Refused(CANCEL_DONE)
    move(offer, "cancel")
    _move_all("reopen", Offer.cleaning_id == cleaning.id)
    notify(cleaning.owner_id, NotificationKind.offer_cancelled, cleaning.id, cleaner.id)
    return offer


def rescind(cleaning: Cleaning, cleaner: User) -> None:
    """A pending offer is withdrawn by deleting it: the cleaner may offer
    again later."""
    offer = _locked_own_offer(cleaning, cleaner)
    move(offer, "rescind")


def accept_refusal(cleaning: Cleaning, offer: Offer) -> str | None:
    """What refuses accepting `offer` on a job nobody is hired for yet, or
    None: its state first, then the job's date. An expired job takes no
    offers, accepted ones included (the owner moves the date to re-open it
    and then accepts)."""
    problem = refusal(offer, "accept")
    if problem is None and booking.is_expired(cleaning.starts_at):
        problem = DATE_PASSED
    return problem


def refusal(offer: Offer, action: str) -> str | None:
    """What refuses `action` on the offer in its present state, or None
    when TRANSITIONS allows it."""
    if offer.status == TRANSITIONS[action].source:
        return None
    return REFUSALS[action].format(status=offer.status)


def move(offer: Offer, action: str) -> None:
    """Change the offer's status as TRANSITIONS allows, or refuse (400).
    A step to no status deletes the offer."""
    problem = refusal(offer, action)
    if problem is not None:
        raise Refused(problem)
    target = TRANSITIONS[action].target
    if target is None:
        db.session.delete(offer)
    else:
        offer.status = target
    db.session.flush()


# ---------------------------------------------------------------- helpers


def _move_all(action: str, *where) -> list[int]:
    """The step for every offer matching `where` that is in its source
    state: what one transition does to the job's other offers. The ids of
    the cleaners whose offers moved."""
    step = TRANSITIONS[action]
    return list(
        db.session.scalars(
            update(Offer)
            .where(*where, Offer.status == step.source)
            .values(status=step.target)
            .returning(Offer.user_id)
            .execution_options(synchronize_session=False)
        )
    )


def _lock(cleaning: Cleaning) -> None:
    """Hold the job's row until the transaction ends: every transition on
    this job's offers waits here for the one before it."""
    db.session.execute(
        select(Cleaning.id).where(Cleaning.id == cleaning.id).with_for_update()
    )


def _marked_done(cleaning: Cleaning) -> bool:
    # Read after the lock: the cleaner may have marked it done meanwhile.
    done_at = select(Cleaning.done_at).where(Cleaning.id == cleaning.id)
    return db.session.scalar(done_at) is not None


def _taken(cleaning: Cleaning) -> bool:
    return state_of(cleaning.id) != OPEN


def _own_offer(cleaning: Cleaning, user: User) -> Offer | None:
    # Re-read after the lock: a copy loaded earlier may be out of date.
    return db.session.scalar(
        select(Offer)
        .where(Offer.cleaning_id == cleaning.id, Offer.user_id == user.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def _locked_own_offer(cleaning: Cleaning, user: User) -> Offer:
    _lock(cleaning)
    offer = _own_offer(cleaning, user)
    if offer is None:
        raise NotFound(NO_OWN_OFFER)
    return offer


def _owner_sees_offer(cleaning: Cleaning, owner: User, username: str) -> Offer:
    require_owner(cleaning, owner)
    cleaner = find_by_username(username)
    if cleaner is None:
        raise NotFound(NO_SUCH_USER)
    _lock(cleaning)
    offer = _own_offer(cleaning, cleaner)
    if offer is None:
        raise NotFound(NO_OFFER_BY_USER)
    return offer
