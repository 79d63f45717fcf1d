"""Reading booked cleans for calendars: one statement for one job's event,
one for a whole feed, whatever its length."""

from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Cleaning, Offer, Profile, User

# A feed is a calendar, not an archive: past its last few hundred cleans a
# subscriber has no use for more.
FEED_LIMIT = 500

_owner, _cleaner = aliased(User), aliased(User)
_owner_profile, _cleaner_profile = aliased(Profile), aliased(Profile)
_hired = and_(Offer.cleaning_id == Cleaning.id, Offer.is_taken)

# An event changes when the job is edited and when someone is hired, so
# its LAST-MODIFIED is the later of the two (GREATEST skips a NULL).
_CLEANS = (
    select(
        Cleaning.id,
        Cleaning.name,
        Cleaning.cleaning_type,
        Cleaning.price,
        Cleaning.starts_at,
        Cleaning.hours,
        Cleaning.area,
        Cleaning.address,
        Cleaning.created_at,
        func.greatest(Cleaning.updated_at, Offer.updated_at).label("updated_at"),
        Cleaning.owner_id,
        _owner.username.label("owner_username"),
        _owner_profile.full_name.label("owner_name"),
        Offer.user_id.label("cleaner_id"),
        _cleaner.username.label("cleaner_username"),
        _cleaner_profile.full_name.label("cleaner_name"),
    )
    .join(_owner, _owner.id == Cleaning.owner_id)
    .outerjoin(_owner_profile, _owner_profile.user_id == _owner.id)
)


def _with_cleaner(statement, outer: bool):
    join = statement.outerjoin if outer else statement.join
    return (
        join(Offer, _hired)
        .outerjoin(_cleaner, _cleaner.id == Offer.user_id)
        .outerjoin(_cleaner_profile, _cleaner_profile.user_id == _cleaner.id)
    )


_ONE = _with_cleaner(_CLEANS, outer=True)
_BOOKED = _with_cleaner(_CLEANS, outer=False)


def clean(cleaning_id: int):
    """The job with its owner and hired cleaner (None columns when nobody
    is hired); None when there is no such job."""
    return db.session.execute(_ONE.where(Cleaning.id == cleaning_id)).first()


def booked_cleans(user_id: int, since: datetime) -> list:
    """The dated jobs the user has booked, as owner or as hired cleaner,
    starting at `since` or later, soonest first."""
    statement = (
        _BOOKED.where(
            or_(Cleaning.owner_id == user_id, Offer.user_id == user_id),
            Cleaning.starts_at >= since,
        )
        .order_by(Cleaning.starts_at, Cleaning.id)
        .limit(FEED_LIMIT)
    )
    return list(db.session.execute(statement))
