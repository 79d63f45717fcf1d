"""Reading jobs: the public listing, an owner's jobs, one job's state.

Whether a job is open is decided here and only here; the landing page,
profiles and offers ask these functions. Each function is one SQL statement
(a search one or two, `_search`), so a page costs the same whatever the
number of jobs on it. Nothing here
reads a feature above cleanings: a page that also shows ratings asks
evaluations.stats itself.
"""

import functools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    String,
    asc,
    bindparam,
    desc,
    exists,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Cleaning, Offer, OfferStatus, User
from ..prepared import prepared
from . import booking

PAGE_SIZE = 20
EXPIRED = "expired"  # an open job whose start passed, as My jobs shows it
# What a job card shows of the booking (never the address: it is private).
BOOKING_COLUMNS = ("starts_at", "hours", "area", "bedrooms", "bathrooms")
OPEN = "open"
MAX_WORDS = 5
_jobs = Cleaning.__table__
_users_t = User.__table__
# Each sort is a total order (the id breaks ties) that an index walks.
# "start" is `_start`: soonest first, undated jobs last.
SORTS = {
    "newest": (("created_at", desc), ("id", desc)),
    "price_asc": (("price", asc), ("id", asc)),
    "price_desc": (("price", desc), ("id", desc)),
    "soonest": (("start", asc), ("id", asc)),
}
_INFINITY = literal_column("'infinity'::timestamptz")
# A search first walks the sort's index, reading at most this many jobs for
# each row the page needs: enough for a word in one job of 25 or more. Rarer
# words are looked up in the trigram indexes instead (docs/listing-indexes.md).
ROWS_WALKED_PER_MATCH = 25


@dataclass(frozen=True)
class Page:
    items: list
    number: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.number > 1


def is_taken(job_id=Cleaning.id):
    """True for a job that has an accepted or completed offer: no longer open.
    The partial unique index on offers answers this with one index probe."""
    return exists().where(Offer.cleaning_id == job_id, Offer.is_taken)


ESCAPE = "!"  # not a backslash, whose meaning in SQL strings depends on settings


def _like(word: str) -> str:
    for char in (ESCAPE, "%", "_"):
        word = word.replace(char, ESCAPE + char)
    return f"%{word}%"


def _words(q: str | None) -> list[str]:
    return q.split()[:MAX_WORDS] if q else []


def _start(jobs):
    """When a job starts, an undated one at infinity: then "not expired",
    the date range and soonest-first are each one range or walk of the
    index on this expression (ix_cleanings_start_id, migration 0012),
    where `starts_at IS NULL OR ...` could only filter."""
    return func.coalesce(jobs.c.starts_at, _INFINITY)


@dataclass(frozen=True)
class Shape:
    """Which filters a listing query has; their values are bound parameters,
    so one statement per shape is built, once (`_statement`)."""

    words: int = 0
    typed: bool = False
    has_min: bool = False
    has_max: bool = False
    sort: str = "newest"
    owned: bool = False  # one owner's jobs (a profile)
    plan: str = "walk"  # "walk" an index; "window": walk a bounded stretch; "trigram"
    has_from: bool = False
    has_to: bool = False
    has_area: bool = False
    has_bedrooms: bool = False


def _filters(jobs, shape: Shape) -> list:
    """The filters a job's own columns answer; every word of the search
    appears in the name or the description."""
    return _word_filters(jobs, shape) + _cheap_filters(jobs, shape)


def _word_filters(jobs, shape: Shape) -> list:
    return [
        or_(
            jobs.c.name.ilike(bindparam(f"word{n}", type_=String), escape=ESCAPE),
            jobs.c.description.ilike(
                bindparam(f"word{n}", type_=String), escape=ESCAPE
            ),
        )
        for n in range(shape.words)
    ]


def _cheap_filters(jobs, shape: Shape) -> list:
    """Everything but the words. An expired job (its start passed; a
    listed job has no hired cleaner) is never listed. `now()` is the
    database's clock at the request's transaction start: the statement is
    built once and cached, so the moment must not be baked into it, and
    the pages kept by pagecache.py live 5 s, far less than a job's hour."""
    start = _start(jobs)
    where = [start > func.now()]
    if shape.has_from:
        where.append(start >= bindparam("from_at"))
        if not shape.has_to:
            where.append(start < _INFINITY)  # dated jobs only
    if shape.has_to:
        where.append(start < bindparam("to_at"))
    if shape.has_area:
        where.append(jobs.c.area.ilike(bindparam("area", type_=String), escape=ESCAPE))
    if shape.has_bedrooms:
        where.append(jobs.c.bedrooms >= bindparam("min_bedrooms"))
    if shape.typed:
        where.append(jobs.c.cleaning_type == bindparam("cleaning_type"))
    if shape.has_min:
        where.append(jobs.c.price >= bindparam("min_price"))
    if shape.has_max:
        where.append(jobs.c.price <= bindparam("max_price"))
    if shape.owned:
        where.append(jobs.c.owner_id == bindparam("owner_id"))
    return where


def _order(jobs, sort: str) -> list:
    return [
        direction(_start(jobs) if name == "start" else jobs.c[name])
        for name, direction in SORTS[sort]
    ]


def _source(shape: Shape):
    """Where the jobs come from, and the filters left for the outer query.
    "window": the first `:window` jobs in sort order that pass the cheap
    filters (type, price); the words, whose ILIKE costs microseconds a row,
    are checked on those only. "trigram": every job matching all filters,
    in a MATERIALIZED CTE without an order, which the planner can only
    answer from the trigram (or price) indexes or a scan, on selectivity."""
    filters = _filters(_jobs, shape)
    if shape.plan == "walk":
        return _jobs, filters
    if shape.plan == "trigram":
        matching = select(_jobs).where(*filters).cte("jobs")
        return matching.prefix_with("MATERIALIZED"), []
    cheap = _cheap_filters(_jobs, shape)
    window = select(_jobs).where(*cheap).order_by(*_order(_jobs, shape.sort))
    window = window.limit(bindparam("window")).subquery("jobs")
    return window, _word_filters(window, shape)


@functools.cache
def _statement(shape: Shape):
    """Open jobs of active owners, filtered and sorted, as the columns a job
    card shows (Core rows: the pages only read them, and building ORM objects
    cost more than the query). Built once per shape: building a statement
    and its cache key anew cost 1-2 ms of CPU a request."""
    jobs, filters = _source(shape)
    return (
        select(
            jobs.c.id,
            jobs.c.name,
            jobs.c.description,
            jobs.c.cleaning_type,
            jobs.c.price,
            jobs.c.created_at,
            jobs.c.owner_id,
            *[jobs.c[name] for name in BOOKING_COLUMNS],
            _users_t.c.username.label("owner_username"),
        )
        .join(_users_t, _users_t.c.id == jobs.c.owner_id)
        .where(_users_t.c.is_active, ~is_taken(jobs.c.id), *filters)
        .order_by(*_order(jobs, shape.sort))
        .offset(bindparam("offset"))
        .limit(bindparam("limit"))
    )


def _open_jobs(shape: Shape, values: dict) -> list:
    return db.session.execute(_statement(shape), values).all()


def newest_open(count: int) -> list:
    return _open_jobs(Shape(), {"offset": 0, "limit": count})


def open_jobs_of(owner_id: int, count: int) -> list:
    values = {"owner_id": owner_id, "offset": 0, "limit": count}
    return _open_jobs(Shape(owned=True), values)


def listing(
    page: int = 1,
    q: str | None = None,
    cleaning_type: str | None = None,
    min_price: Decimal | None = None,
    max_price: Decimal | None = None,
    sort: str = "newest",
    from_day: date | None = None,
    to_day: date | None = None,
    area: str | None = None,
    min_bedrooms: int | None = None,
) -> Page:
    """One page of open jobs; one row more than a page tells whether a next
    page exists without counting every match. A search costs one query
    when its words are common, two when they are rare. `from_day` and
    `to_day` are days in the site's zone, both included."""
    words = _words(q)
    shape = Shape(
        len(words),
        bool(cleaning_type),
        min_price is not None,
        max_price is not None,
        sort,
        has_from=from_day is not None,
        has_to=to_day is not None,
        has_area=bool(area),
        has_bedrooms=min_bedrooms is not None,
    )
    offset = (page - 1) * PAGE_SIZE
    values = {
        **{f"word{n}": _like(word) for n, word in enumerate(words)},
        "cleaning_type": cleaning_type,
        "min_price": min_price,
        "max_price": max_price,
        "from_at": from_day and booking.day_start(from_day),
        "to_at": to_day and booking.day_start(to_day + timedelta(days=1)),
        "area": area and _like(area),
        "min_bedrooms": min_bedrooms,
        "offset": offset,
        "limit": PAGE_SIZE + 1,
    }
    if values["to_at"] is not None and values["to_at"] <= booking.now():
        # A job starting in a range that has ended is expired. Asked anyway,
        # the planner would take bounds that contradict `> now()` for a lack
        # of statistics and walk every job (docs/listing-indexes.md).
        return Page([], page, False)
    if words:
        items = _search(shape, values, offset + PAGE_SIZE + 1)
    else:
        items = _open_jobs(shape, values)
    return Page(items[:PAGE_SIZE], page, len(items) > PAGE_SIZE)


def _search(shape: Shape, values: dict, needed: int) -> list:
    """Walk a stretch of the sort's index first: a common word fills the
    page early. When the stretch held fewer than the page needs, the words
    are rare there, and the trigram indexes find every match at once. The
    first answer is exact when it is full: the matches in the stretch are
    the first matches in sort order."""
    window = needed * ROWS_WALKED_PER_MATCH
    items = _open_jobs(replace(shape, plan="window"), {**values, "window": window})
    if len(items) > PAGE_SIZE:
        return items
    return _open_jobs(replace(shape, plan="trigram"), values)


@dataclass(frozen=True)
class OwnedJob:
    cleaning: Any  # a Core row of the columns My jobs shows (_OWNED)
    pending_offers: int
    total_offers: int
    state: str  # 'open', 'expired' or the hired cleaner's offer status
    # The hired cleaner (accepted or completed offer), if any, as a row of
    # id and username, and their evaluations.stats.RatingSummary, which the
    # view adds with `rated`.
    cleaner: Any = None
    rating: Any = None

    def rated(self, ratings: Mapping[int, Any]) -> "OwnedJob":
        if self.cleaner is None:
            return self
        return replace(self, rating=ratings[self.cleaner.id])


@dataclass(frozen=True)
class _Cleaner:
    id: int
    username: str


def _state(completed: bool, accepted: bool) -> str:
    if completed:
        return OfferStatus.completed.value
    return OfferStatus.accepted.value if accepted else OPEN


# Built once, as Core rows of the columns the page shows, the hired
# cleaner's name joined in: building the statement anew, ORM objects and a
# second query for the cleaners cost more CPU than the query itself.
_OWNED_COUNTS = (
    select(
        _jobs.c.id,
        _jobs.c.name,
        _jobs.c.cleaning_type,
        _jobs.c.price,
        _jobs.c.created_at,
        *[_jobs.c[name] for name in BOOKING_COLUMNS],
        _jobs.c.done_at,
        func.count(Offer.user_id)
        .filter(Offer.status == OfferStatus.pending)
        .label("pending"),
        func.count(Offer.user_id).label("total"),
        func.coalesce(func.bool_or(Offer.status == OfferStatus.completed), False).label(
            "completed"
        ),
        func.coalesce(func.bool_or(Offer.status == OfferStatus.accepted), False).label(
            "accepted"
        ),
        func.max(Offer.user_id).filter(Offer.is_taken).label("hired_id"),
    )
    .outerjoin(Offer, Offer.cleaning_id == _jobs.c.id)
    .where(_jobs.c.owner_id == bindparam("owner_id"))
    .group_by(_jobs.c.id)
    .subquery()
)
_OWNED = prepared(
    select(_OWNED_COUNTS, _users_t.c.username.label("hired_username"))
    .outerjoin(_users_t, _users_t.c.id == _OWNED_COUNTS.c.hired_id)
    .order_by(_OWNED_COUNTS.c.created_at.desc(), _OWNED_COUNTS.c.id.desc())
)


def _owned_state(row) -> str:
    state = _state(row.completed, row.accepted)
    return EXPIRED if state == OPEN and booking.is_expired(row.starts_at) else state


def owned_by(user_id: int) -> list[OwnedJob]:
    """The user's jobs, newest first, with offer counts, state and the hired
    cleaner: one query however many jobs."""
    rows = db.session.execute(_OWNED, {"owner_id": user_id}).all()
    return [
        OwnedJob(
            row,
            row.pending,
            row.total,
            _owned_state(row),
            _Cleaner(row.hired_id, row.hired_username) if row.hired_id else None,
        )
        for row in rows
    ]


_STATE = (
    select(Offer.status)
    .where(Offer.cleaning_id == bindparam("cleaning_id"), Offer.is_taken)
    .scalar_subquery()
)
_JOB = prepared(
    select(Cleaning, _STATE)
    .options(joinedload(Cleaning.owner))
    .where(Cleaning.id == bindparam("cleaning_id"))
)


def state_of(cleaning_id: int) -> str:
    """'open', or the status of the job's accepted or completed offer."""
    status = db.session.scalar(select(_STATE), {"cleaning_id": cleaning_id})
    return status or OPEN


def job_and_state(cleaning_id: int) -> tuple[Cleaning, str] | None:
    """The job with its owner loaded, and its state_of, in one query; None
    when there is no such job. The job page's statement, built once."""
    found = db.session.execute(_JOB, {"cleaning_id": cleaning_id}).first()
    if found is None:
        return None
    return found[0], found[1] or OPEN


def is_expired(cleaning: Cleaning, state: str) -> bool:
    """Its start has passed with nobody hired (one hired is booked, not
    expired): off the listing, taking no offers until the owner moves the
    date. An undated job never expires."""
    return state == OPEN and booking.is_expired(cleaning.starts_at)


def takes_offers(cleaning: Cleaning, state: str | None = None) -> bool:
    """Open, not expired, and its owner still active: a deactivated
    owner's job has left the listing and nobody would answer an offer on
    it. Pass `state` when the caller already has it (one query saved)."""
    if state is None:
        state = state_of(cleaning.id)
    return (
        state == OPEN and not is_expired(cleaning, state) and cleaning.owner.is_active
    )
