"""What the landing page shows besides the feed excerpt."""

from sqlalchemy import exists, select
from sqlalchemy.orm import contains_eager

from ..extensions import db
from ..models import Cleaning, Offer, OfferStatus, User

TAKEN = (OfferStatus.accepted.value, OfferStatus.completed.value)


def newest_open_cleanings(count: int) -> list[Cleaning]:
    """A job is open while no offer on it is accepted or completed; a
    deactivated owner's jobs are not on offer."""
    taken = exists().where(Offer.cleaning_id == Cleaning.id, Offer.status.in_(TAKEN))
    query = (
        select(Cleaning)
        .join(Cleaning.owner)
        .options(contains_eager(Cleaning.owner))
        .where(User.is_active, ~taken)
        .order_by(Cleaning.created_at.desc(), Cleaning.id.desc())
        .limit(count)
    )
    return list(db.session.scalars(query))
