"""Ratings: what other features need to show a cleaner's reputation, and
the one use case that writes an evaluation."""

from dataclasses import asdict, dataclass

from sqlalchemy import select

from ..cleanings import booking
from ..cleanings.access import require_owner
from ..extensions import db
from ..feed.services import record
from ..models import (
    ActivityKind,
    Cleaning,
    Evaluation,
    NotificationKind,
    Offer,
    OfferStatus,
    User,
)
from ..notifications.services import notify
from ..offers.services import move
from ..rules import Refused, refused_as

NO_ACCEPTED_OFFER = "This job has no accepted offer to evaluate yet."
ALREADY_EVALUATED = "You already evaluated the cleaner of this job."
NOT_DONE_YET = "You can rate the cleaner once the job is done."


@dataclass(frozen=True)
class EvaluationInput:
    overall_rating: int
    professionalism: int | None = None
    completeness: int | None = None
    efficiency: int | None = None
    no_show: bool = False
    headline: str = ""
    comment: str = ""


def offer_to_evaluate(cleaning: Cleaning, owner: User, lock: bool = False) -> Offer:
    """The accepted offer waiting for the owner's evaluation; refused (403
    for anyone but the owner, else 400) otherwise, and until the job is
    done (booking.can_rate). With `lock`, the offer
    row is held until the transaction ends, so two submissions for one job
    queue up instead of both passing the checks."""
    require_owner(cleaning, owner)
    query = select(Offer).where(Offer.cleaning_id == cleaning.id, Offer.is_taken)
    if lock:
        # Re-read the row we waited for, not the copy loaded before the lock.
        query = query.with_for_update().execution_options(populate_existing=True)
    offer = db.session.scalar(query)
    if offer is None:
        raise Refused(NO_ACCEPTED_OFFER)
    if offer.status == OfferStatus.completed or _evaluated(offer):
        raise Refused(ALREADY_EVALUATED)
    if not booking.can_rate(cleaning):
        raise Refused(NOT_DONE_YET)
    return offer


def _evaluated(offer: Offer) -> bool:
    key = (offer.cleaning_id, offer.user_id)
    return db.session.get(Evaluation, key) is not None


def evaluate(cleaning: Cleaning, owner: User, data: EvaluationInput) -> Evaluation:
    """Store the owner's evaluation of the accepted cleaner, complete the
    offer and write the feed event, all in the caller's transaction."""
    offer = offer_to_evaluate(cleaning, owner, lock=True)
    evaluation = Evaluation(
        cleaning_id=cleaning.id, cleaner_id=offer.user_id, **asdict(data)
    )
    with refused_as(Refused(ALREADY_EVALUATED)):
        db.session.add(evaluation)
    move(offer, "complete")
    record(ActivityKind.cleaning_completed, owner.id, cleaning.id)
    notify(offer.user_id, NotificationKind.review_received, cleaning.id, owner.id)
    return evaluation
