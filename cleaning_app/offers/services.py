"""The offer state machine: every change an offer can go through, each a
small guarded transition in the caller's transaction (the view commits).

    pending ──accept──▶ accepted ──evaluate──▶ completed
       │  ╲                 │
    rescind  reject      cancel (the rejected offers go back to pending)
    (deleted)  ╲            ▼
               rejected   cancelled

Every transition first locks the job's row (SELECT ... FOR UPDATE), so two
requests about one job queue up instead of both passing the checks; the
database's keys and partial unique index stay the last word, and an
IntegrityError from them becomes the same friendly 400.
"""

from sqlalchemy import delete, select, update

from ..auth.services import find_by_username
from ..cleanings.access import require_owner
from ..cleanings.queries import OPEN, state_of
from ..extensions import db
from ..feed.services import record
from ..models import ActivityKind, Cleaning, Offer, OfferStatus, User
from ..rules import NotFound, Refused, refused_as

OWN_JOB = "You can't make an offer on your own job."
ALREADY_OFFERED = "You already made an offer on this job."
NOT_OPEN = "This job already has an accepted offer and isn't taking new offers."
ALREADY_ACCEPTED = "This job already has an accepted offer."
OWNER_GONE = (
    "This job's owner has deactivated their account, so it isn't taking offers."
)
NOT_ACCEPTED = "Only an accepted offer can be cancelled. Yours is {status}."
NOT_PENDING = "Only a pending offer can be {action}. This one is {status}."


def make_offer(cleaning: Cleaning, cleaner: User, message: str = "") -> Offer:
    """A new pending offer by `cleaner` on an open job."""
    if cleaning.owner_id == cleaner.id:
        raise Refused(OWN_JOB)
    _lock(cleaning)
    if _own_offer(cleaning, cleaner) is not None:
        raise Refused(ALREADY_OFFERED)
    if _taken(cleaning):
        raise Refused(NOT_OPEN)
    # A deactivated owner's job has left the listing and nobody can answer
    # an offer on it.
    if not cleaning.owner.is_active:
        raise Refused(OWNER_GONE)
    offer = Offer(
        cleaning_id=cleaning.id,
        user_id=cleaner.id,
        status=OfferStatus.pending.value,
        message=message,
    )
    with refused_as(Refused(ALREADY_OFFERED)):
        db.session.add(offer)
    return offer


def accept(cleaning: Cleaning, owner: User, username: str) -> Offer:
    """Accept one pending offer and reject every other pending one."""
    offer = _owner_sees_offer(cleaning, owner, username)
    if _taken(cleaning):
        raise Refused(ALREADY_ACCEPTED)
    _require(offer, OfferStatus.pending, "accepted")
    with refused_as(Refused(ALREADY_ACCEPTED)):
        offer.status = OfferStatus.accepted.value
    db.session.execute(
        update(Offer)
        .where(
            Offer.cleaning_id == cleaning.id,
            Offer.user_id != offer.user_id,
            Offer.status == OfferStatus.pending,
        )
        .values(status=OfferStatus.rejected.value)
        .execution_options(synchronize_session=False)
    )
    record(ActivityKind.offer_accepted, owner.id, cleaning.id)
    return offer


def reject(cleaning: Cleaning, owner: User, username: str) -> Offer:
    offer = _owner_sees_offer(cleaning, owner, username)
    _require(offer, OfferStatus.pending, "rejected")
    offer.status = OfferStatus.rejected.value
    db.session.flush()
    return offer


def cancel(cleaning: Cleaning, cleaner: User) -> Offer:
    """The accepted cleaner steps back: the job re-opens, and the offers
    rejected because of this one are pending again."""
    offer = _locked_own_offer(cleaning, cleaner)
    if offer.status != OfferStatus.accepted:
        raise Refused(NOT_ACCEPTED.format(status=offer.status))
    offer.status = OfferStatus.cancelled.value
    db.session.flush()
    db.session.execute(
        update(Offer)
        .where(Offer.cleaning_id == cleaning.id, Offer.status == OfferStatus.rejected)
        .values(status=OfferStatus.pending.value)
        .execution_options(synchronize_session=False)
    )
    return offer


def rescind(cleaning: Cleaning, cleaner: User) -> None:
    """A pending offer is withdrawn by deleting it: the cleaner may offer
    again later."""
    offer = _locked_own_offer(cleaning, cleaner)
    _require(offer, OfferStatus.pending, "rescinded")
    db.session.execute(
        delete(Offer).where(
            Offer.cleaning_id == cleaning.id, Offer.user_id == cleaner.id
        )
    )
    db.session.expunge(offer)


# ---------------------------------------------------------------- helpers


def _lock(cleaning: Cleaning) -> None:
    """Hold the job's row until the transaction ends: every transition on
    this job's offers waits here for the one before it."""
    db.session.execute(
        select(Cleaning.id).where(Cleaning.id == cleaning.id).with_for_update()
    )


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
        raise NotFound("You have no offer on this job.")
    return offer


def _owner_sees_offer(cleaning: Cleaning, owner: User, username: str) -> Offer:
    require_owner(cleaning, owner)
    cleaner = find_by_username(username)
    if cleaner is None:
        raise NotFound("There is no such user.")
    _lock(cleaning)
    offer = _own_offer(cleaning, cleaner)
    if offer is None:
        raise NotFound("That user hasn't made an offer on this job.")
    return offer


def _require(offer: Offer, status: OfferStatus, action: str) -> None:
    if offer.status != status:
        raise Refused(NOT_PENDING.format(action=action, status=offer.status))
