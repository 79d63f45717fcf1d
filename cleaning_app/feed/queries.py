"""Reading the feed: one indexed query a page, at any depth.

The page is the next `limit` events before a (created_at, id) position,
walked down the `ix_activities_created_at_id` index with a row comparison,
so page 1,000 costs what page 1 costs. No OFFSET anywhere.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Integer, and_, bindparam, select, tuple_
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Activity, ActivityKind, Cleaning, Evaluation, User
from ..prepared import prepared
from . import cursor

DEFAULT_LIMIT = 20
MAX_LIMIT = 50


@dataclass
class FeedPage:
    events: list  # Core rows: _page_statement's columns
    next_cursor: str | None


def _page_statement(first: bool):
    """Events newest first with their actor and job (and for a completed
    job its evaluation's rating and cleaner, so the event names both sides),
    one row more than the page so we know whether another page follows.
    Deactivated users' events leave the feed, as their jobs leave the
    listing. Core rows of the columns an event shows: the pages only read
    them, and four ORM objects a row cost more than the query.

    The page's events are picked first (LIMIT in a subquery), then joined:
    joined before the LIMIT, the planner sized each join's Memoize for all
    100,000 events and the query took 4.9 ms instead of 0.6 (EXPLAIN
    ANALYZE on `make bench`'s data)."""
    picked = (
        select(
            Activity.id,
            Activity.kind,
            Activity.created_at,
            Activity.cleaning_id,
            User.username.label("actor_username"),
        )
        .join(Activity.actor)
        .where(User.is_active)
        .order_by(Activity.created_at.desc(), Activity.id.desc())
        .limit(bindparam("limit", type_=Integer, literal_execute=True))
    )
    if first:
        picked = picked.where(Activity.created_at <= bindparam("now"))
    else:
        position = tuple_(Activity.created_at, Activity.id)
        picked = picked.where(position < tuple_(bindparam("at"), bindparam("id")))
    event = picked.subquery("event")
    cleaner = aliased(User)
    return (
        select(
            *event.c,
            Cleaning.name.label("cleaning_name"),
            Evaluation.overall_rating,
            cleaner.username.label("cleaner_username"),
        )
        .join(Cleaning, Cleaning.id == event.c.cleaning_id)
        .outerjoin(
            Evaluation,
            and_(
                event.c.kind == ActivityKind.cleaning_completed,
                Evaluation.cleaning_id == event.c.cleaning_id,
            ),
        )
        .outerjoin(cleaner, cleaner.id == Evaluation.cleaner_id)
        .order_by(event.c.created_at.desc(), event.c.id.desc())
    )


# Both built once (building the statement and its cache key anew cost more
# CPU than the query) and prepared (prepared.py; planning cost more than
# running it). The LIMIT is written into the SQL: left a parameter, the
# prepared statement's generic plan would not know the page is small, and
# took 31 ms instead of 0.6.
_FIRST_PAGE = prepared(_page_statement(first=True))
_LATER_PAGE = prepared(_page_statement(first=False))


def _page(before: tuple[datetime, int] | None, limit: int):
    if before is None:
        # "Now" is taken per request, so nothing dated later shows up early.
        return _FIRST_PAGE, {"now": datetime.now(UTC), "limit": limit + 1}
    return _LATER_PAGE, {"at": before[0], "id": before[1], "limit": limit + 1}


def page_query(before: tuple[datetime, int] | None, limit: int):
    """The statement of one page with its values bound in (for EXPLAIN)."""
    statement, values = _page(before, limit)
    return statement.params(values)


def feed_page(before: tuple[datetime, int] | None, limit: int) -> FeedPage:
    statement, values = _page(before, limit)
    events = db.session.execute(statement, values).all()
    if len(events) <= limit:
        return FeedPage(events, None)
    last = events[limit - 1]
    return FeedPage(events[:limit], cursor.encode(last.created_at, last.id))
