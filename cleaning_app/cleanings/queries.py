"""Reading jobs: the public listing, an owner's jobs, one job's state.

Whether a job is open is decided here and only here; the landing page,
profiles and offers ask these functions. Each function is one SQL statement,
so a page costs the same whatever the number of jobs on it. Nothing here
reads a feature above cleanings: a page that also shows ratings asks
evaluations.stats itself.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import contains_eager

from ..extensions import db
from ..models import Cleaning, Offer, OfferStatus, User

PAGE_SIZE = 20
OPEN = "open"
MAX_WORDS = 5
SORTS = {
    "newest": (Cleaning.created_at.desc(), Cleaning.id.desc()),
    "price_asc": (Cleaning.price.asc(), Cleaning.id.asc()),
    "price_desc": (Cleaning.price.desc(), Cleaning.id.desc()),
}


@dataclass(frozen=True)
class Page:
    items: list
    number: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.number > 1


def is_taken():
    """True for a job that has an accepted or completed offer: no longer open.
    The partial unique index on offers answers this with one index probe."""
    return exists().where(Offer.cleaning_id == Cleaning.id, Offer.is_taken)


ESCAPE = "!"  # not a backslash, whose meaning in SQL strings depends on settings


def _like(word: str) -> str:
    for char in (ESCAPE, "%", "_"):
        word = word.replace(char, ESCAPE + char)
    return f"%{word}%"


def _matching(q: str):
    """Every word of the search appears in the name or the description."""
    return and_(
        *(
            or_(
                Cleaning.name.ilike(_like(word), escape=ESCAPE),
                Cleaning.description.ilike(_like(word), escape=ESCAPE),
            )
            for word in q.split()[:MAX_WORDS]
        )
    )


def open_jobs(
    q: str | None = None,
    cleaning_type: str | None = None,
    min_price: Decimal | None = None,
    max_price: Decimal | None = None,
    sort: str = "newest",
) -> Select:
    """Open jobs of active owners, filtered and sorted, owners loaded."""
    query = (
        select(Cleaning)
        .join(Cleaning.owner)
        .options(contains_eager(Cleaning.owner).load_only(User.id, User.username))
        .where(User.is_active, ~is_taken())
        .order_by(*SORTS[sort])
    )
    if q:
        query = query.where(_matching(q))
    if cleaning_type:
        query = query.where(Cleaning.cleaning_type == cleaning_type)
    if min_price is not None:
        query = query.where(Cleaning.price >= min_price)
    if max_price is not None:
        query = query.where(Cleaning.price <= max_price)
    return query


def newest_open(count: int) -> list[Cleaning]:
    return list(db.session.scalars(open_jobs().limit(count)))


def open_jobs_of(owner_id: int, count: int) -> list[Cleaning]:
    query = open_jobs().where(Cleaning.owner_id == owner_id).limit(count)
    return list(db.session.scalars(query))


def listing(page: int = 1, **criteria) -> Page:
    """One page of open jobs; one row more than a page tells whether a next
    page exists without counting every match."""
    query = open_jobs(**criteria).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)
    items = list(db.session.scalars(query))
    return Page(items[:PAGE_SIZE], page, len(items) > PAGE_SIZE)


@dataclass(frozen=True)
class OwnedJob:
    cleaning: Cleaning
    pending_offers: int
    total_offers: int
    state: str
    # The hired cleaner (accepted or completed offer), if any, and their
    # evaluations.stats.RatingSummary, which the view adds with `rated`.
    cleaner: User | None = None
    rating: Any = None

    def rated(self, ratings: Mapping[int, Any]) -> "OwnedJob":
        if self.cleaner is None:
            return self
        return replace(self, rating=ratings[self.cleaner.id])


def _state(completed: bool, accepted: bool) -> str:
    if completed:
        return OfferStatus.completed.value
    return OfferStatus.accepted.value if accepted else OPEN


def owned_by(user_id: int) -> list[OwnedJob]:
    """The user's jobs, newest first, with offer counts, state and the hired
    cleaner: two queries however many jobs."""
    rows = db.session.execute(
        select(
            Cleaning,
            func.count(Offer.user_id).filter(Offer.status == OfferStatus.pending),
            func.count(Offer.user_id),
            func.coalesce(func.bool_or(Offer.status == OfferStatus.completed), False),
            func.coalesce(func.bool_or(Offer.status == OfferStatus.accepted), False),
            func.max(Offer.user_id).filter(Offer.is_taken),
        )
        .outerjoin(Offer, Offer.cleaning_id == Cleaning.id)
        .where(Cleaning.owner_id == user_id)
        .group_by(Cleaning.id)
        .order_by(Cleaning.created_at.desc(), Cleaning.id.desc())
    ).all()
    cleaners = _users({row[-1] for row in rows if row[-1] is not None})
    return [
        OwnedJob(
            cleaning,
            pending,
            total,
            _state(completed, accepted),
            cleaners.get(hired_id),
        )
        for cleaning, pending, total, completed, accepted, hired_id in rows
    ]


def _users(ids) -> dict[int, User]:
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def state_of(cleaning_id: int) -> str:
    """'open', or the status of the job's accepted or completed offer."""
    status = db.session.scalar(
        select(Offer.status).where(Offer.cleaning_id == cleaning_id, Offer.is_taken)
    )
    return status or OPEN


def takes_offers(cleaning: Cleaning, state: str | None = None) -> bool:
    """Open, and its owner still active: a deactivated owner's job has left
    the listing and nobody would answer an offer on it. Pass `state` when
    the caller already has it (one query saved)."""
    if state is None:
        state = state_of(cleaning.id)
    return state == OPEN and cleaning.owner.is_active
