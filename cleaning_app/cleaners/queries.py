"""The cleaners' directory: one statement a page, whatever its size.

A cleaner is listed while active, with a role that cleans and a cleaner
profile (whose services, rate and areas are never empty). Each card's
numbers come with the row: the rating average, count and latest review
time from one aggregate of the evaluations (the default sort and
`min_rating` need them for every match), the completed jobs from a scalar
subquery, which PostgreSQL evaluates after the LIMIT (the `jobs` sort
joins an aggregate of completed offers instead). The plans are in
docs/cleaners-indexes.md.
"""

import functools
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import String, Text, asc, bindparam, desc, func, select
from sqlalchemy.dialects.postgresql import array

from ..cleanings.queries import ESCAPE, Page
from ..extensions import db
from ..models import (
    CleanerProfile,
    CleaningType,
    Evaluation,
    Offer,
    OfferStatus,
    Profile,
    Role,
    User,
)

PAGE_SIZE = 20
CLEANS = [Role.clean.value, Role.both.value]
_cleaners = CleanerProfile.__table__
_users = User.__table__
_profiles = Profile.__table__
_evaluations = Evaluation.__table__
_offers = Offer.__table__


def areas_text(areas):
    """The areas as one text, one per line: what the trigram index on
    `cleaner_areas_text(areas)` (migration 0017) holds. A search has no
    control characters (the form refuses them) and its `%` and `_` are
    escaped, so a match never spans two areas: it lies inside one."""
    return func.cleaner_areas_text(areas)


def _contains(text: str) -> str:
    """An ILIKE pattern for `text` anywhere, its `%` and `_` literal."""
    for char in (ESCAPE, "%", "_"):
        text = text.replace(char, ESCAPE + char)
    return f"%{text}%"


@dataclass(frozen=True)
class Shape:
    """Which filters a directory query has; their values are bound
    parameters, so one statement per shape is built, once."""

    has_area: bool = False
    typed: bool = False
    has_max_rate: bool = False
    has_min_rating: bool = False
    has_day: bool = False
    sort: str = "reviewed"


def _rated(per_row: bool):
    """The average overall rating, number of evaluations and latest one's
    time. When the sort or `min_rating` needs them for every match: one
    hash aggregate of every evaluation, far cheaper than an aggregate for
    each of thousands of cleaners. Otherwise (`rate_asc`, which walks the
    rate's index and stops at the page's end) a LATERAL aggregate for each
    row read (docs/cleaners-indexes.md)."""
    e = _evaluations
    rated = select(
        e.c.cleaner_id,
        func.avg(e.c.overall_rating).label("average"),
        func.count().label("reviews"),
        func.max(e.c.created_at).label("reviewed_at"),
    )
    if per_row:
        rated = rated.where(e.c.cleaner_id == _cleaners.c.user_id)
        return rated.group_by(e.c.cleaner_id).lateral("rated")
    return rated.group_by(e.c.cleaner_id).subquery("rated")


def _done():
    """Each cleaner's completed jobs, for `sort=jobs`: one aggregate of the
    partial index on completed offers."""
    o = _offers
    return (
        select(o.c.user_id, func.count().label("jobs"))
        .where(o.c.status == OfferStatus.completed)
        .group_by(o.c.user_id)
        .subquery("done")
    )


def _jobs():
    """One cleaner's completed jobs, in the SELECT list: PostgreSQL counts
    them after the LIMIT, for the page's cards only."""
    o = _offers
    return (
        select(func.count())
        .where(o.c.user_id == _cleaners.c.user_id, o.c.status == OfferStatus.completed)
        .scalar_subquery()
    )


def _one(name: str):
    """ARRAY[:name]: `array @> ARRAY[value]` is what a GIN on the array serves."""
    return array([bindparam(name, type_=Text)])


def _filters(shape: Shape, rated) -> list:
    c = _cleaners.c
    where = [_users.c.is_active, _users.c.role.in_(CLEANS)]
    if shape.has_area:
        pattern = bindparam("area", type_=String)
        where.append(areas_text(c.areas).ilike(pattern, escape=ESCAPE))
    if shape.typed:
        where.append(c.services.contains(_one("cleaning_type")))
    if shape.has_max_rate:
        where.append(c.hourly_rate <= bindparam("max_rate"))
    if shape.has_min_rating:
        where.append(rated.c.average >= bindparam("min_rating"))
    if shape.has_day:
        where.append(c.available_days.contains(_one("day")))
    return where


def _order(sort: str, rated, jobs) -> list:
    """Each sort is a total order; the user id breaks ties."""
    user_id = _cleaners.c.user_id
    if sort == "rating":
        return [
            rated.c.average.desc().nulls_last(),
            desc(rated.c.reviews),
            desc(user_id),
        ]
    if sort == "jobs":
        return [desc(jobs), desc(user_id)]
    if sort == "rate_asc":
        return [asc(_cleaners.c.hourly_rate), asc(user_id)]
    return [rated.c.reviewed_at.desc().nulls_last(), desc(user_id)]


@functools.cache
def _statement(shape: Shape):
    """Built once per shape: building a statement and its cache key anew
    costs more CPU than the query (as the job listing found)."""
    per_row = shape.sort == "rate_asc" and not shape.has_min_rating
    rated, c = _rated(per_row), _cleaners.c
    source = (
        _cleaners.join(_users, _users.c.id == c.user_id)
        .outerjoin(_profiles, _profiles.c.user_id == c.user_id)
        .outerjoin(rated, rated.c.cleaner_id == c.user_id)
    )
    jobs = _jobs()
    if shape.sort == "jobs":
        done = _done()
        source = source.outerjoin(done, done.c.user_id == c.user_id)
        jobs = func.coalesce(done.c.jobs, 0)
    return (
        select(
            c.user_id.label("id"),
            _users.c.username,
            _profiles.c.full_name,
            _profiles.c.image,
            c.services,
            c.hourly_rate,
            c.areas,
            rated.c.average,
            func.coalesce(rated.c.reviews, 0).label("reviews"),
            jobs.label("jobs"),
        )
        .select_from(source)
        .where(*_filters(shape, rated))
        .order_by(*_order(shape.sort, rated, jobs))
        .offset(bindparam("offset"))
        .limit(bindparam("limit"))
    )


@dataclass(frozen=True)
class CleanerCard:
    """One card's facts. `profile` is itself, so the avatar helpers, which
    read `user.profile.full_name` and `.image`, take a card as a user."""

    id: int
    username: str
    full_name: str | None
    image: str | None
    services: list[CleaningType]
    hourly_rate: Decimal
    areas: list[str]
    average: Decimal | None
    reviews: int
    jobs: int

    @property
    def profile(self) -> "CleanerCard":
        return self

    @property
    def name(self) -> str:
        return self.full_name or f"@{self.username}"


def directory(
    page: int = 1,
    area: str | None = None,
    cleaning_type: str | None = None,
    max_rate: Decimal | None = None,
    min_rating: int | None = None,
    day: str | None = None,
    sort: str = "reviewed",
) -> Page:
    """One page of cleaners; one row more than a page tells whether a next
    page exists without counting every match."""
    shape = Shape(
        bool(area),
        bool(cleaning_type),
        max_rate is not None,
        min_rating is not None,
        bool(day),
        sort,
    )
    values = {
        "area": area and _contains(area),
        "cleaning_type": cleaning_type,
        "max_rate": max_rate,
        "min_rating": min_rating,
        "day": day,
        "offset": (page - 1) * PAGE_SIZE,
        "limit": PAGE_SIZE + 1,
    }
    rows = db.session.execute(_statement(shape), values).all()
    cards = [
        CleanerCard(
            **{**row._mapping, "services": list(map(CleaningType, row.services))}
        )
        for row in rows[:PAGE_SIZE]
    ]
    return Page(cards, page, len(rows) > PAGE_SIZE)
