"""After the booking: the hired cleaner marks the job done, then reviews
the resident (CONTRACT "Bookings"). The owner's side, rating the cleaner,
is services.evaluate; both wait for the same moment, booking.can_rate."""

from sqlalchemy import func, or_, select, update

from ..cleanings import booking
from ..extensions import db
from ..models import Cleaning, ClientReview, NotificationKind, Offer
from ..notifications.services import notify
from ..rules import Forbidden, Refused, refused_as

NOT_STARTED = "You can mark the job done once it has started."
ALREADY_DONE = "This job is already marked done."
NOT_RATEABLE_YET = "You can review the resident once the job is done."
ALREADY_REVIEWED = "You already reviewed the resident for this job."


def hired_offer(cleaning: Cleaning, cleaner) -> Offer:
    """The job's accepted (or completed) offer, when it is `cleaner`'s;
    403 for everyone else, owner included, and on a job nobody was hired
    for (there is no hired cleaner to be)."""
    offer = db.session.scalar(
        select(Offer).where(Offer.cleaning_id == cleaning.id, Offer.is_taken)
    )
    if offer is None or offer.user_id != cleaner.id:
        raise Forbidden()
    return offer


def mark_done(cleaning: Cleaning, cleaner) -> None:
    """Set `done_at` to now. The job's row is locked first, as offer
    changes lock it, so a cancel can't slip between the hired check and
    the write (and a cancel after it is refused). The UPDATE repeats the
    checks in its WHERE, so of two clicks racing past them only one
    writes; the other reads the row again and gets the same refusal as a
    late click. The database's clock decides the start there, and its
    CHECK (done_at >= starts_at) backs it."""
    db.session.execute(
        select(Cleaning.id).where(Cleaning.id == cleaning.id).with_for_update()
    )
    hired_offer(cleaning, cleaner)
    _refuse_unless_markable(cleaning)
    marked = db.session.execute(
        update(Cleaning)
        .where(
            Cleaning.id == cleaning.id,
            Cleaning.done_at.is_(None),
            or_(Cleaning.starts_at.is_(None), Cleaning.starts_at <= func.now()),
        )
        .values(done_at=func.now())
        .returning(Cleaning.id)
        .execution_options(synchronize_session=False)
    ).scalar()
    if marked is None:
        db.session.refresh(cleaning)
        raise Refused(ALREADY_DONE if cleaning.done_at else NOT_STARTED)
    notify(cleaning.owner_id, NotificationKind.job_done, cleaning.id, cleaner.id)


def _refuse_unless_markable(cleaning: Cleaning) -> None:
    if cleaning.done_at is not None:
        raise Refused(ALREADY_DONE)
    if not booking.has_started(cleaning.starts_at):
        raise Refused(NOT_STARTED)


def offer_to_review(cleaning: Cleaning, cleaner) -> Offer:
    """The hired offer whose cleaner may review the resident now: once the
    owner could rate them (booking.can_rate), and once per job."""
    offer = hired_offer(cleaning, cleaner)
    if not booking.can_rate(cleaning):
        raise Refused(NOT_RATEABLE_YET)
    if db.session.get(ClientReview, cleaning.id) is not None:
        raise Refused(ALREADY_REVIEWED)
    return offer


def review_client(
    cleaning: Cleaning, cleaner, rating: int, comment: str
) -> ClientReview:
    """Store the cleaner's review of the resident, in the caller's
    transaction. Two posts that both pass the checks meet at the table's
    key: the second gets the same 400 as a late one."""
    offer = offer_to_review(cleaning, cleaner)
    review = ClientReview(
        cleaning_id=cleaning.id,
        cleaner_id=offer.user_id,
        client_id=cleaning.owner_id,
        rating=rating,
        comment=comment,
    )
    with refused_as(Refused(ALREADY_REVIEWED)):
        db.session.add(review)
    notify(
        cleaning.owner_id, NotificationKind.review_received, cleaning.id, offer.user_id
    )
    return review
