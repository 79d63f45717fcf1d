"""Reading the feed: one indexed query a page, at any depth.

The page is the next `limit` events before a (created_at, id) position,
walked down the `ix_activities_created_at_id` index with a row comparison,
so page 1,000 costs what page 1 costs. No OFFSET anywhere.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, tuple_
from sqlalchemy.orm import aliased, contains_eager

from ..extensions import db
from ..models import Activity, Evaluation, User
from . import cursor

DEFAULT_LIMIT = 20
MAX_LIMIT = 50


@dataclass
class FeedPage:
    events: list[Activity]
    next_cursor: str | None


def page_query(before: tuple[datetime, int] | None, limit: int):
    """Events newest first with their actor and job (and for a completed
    job its evaluation and cleaner, so the event names both sides), one row
    more than the page so we know whether another page follows. Deactivated
    users' events leave the feed, as their jobs leave the listing."""
    cleaner = aliased(User)
    query = (
        select(Activity)
        .join(Activity.actor)
        .join(Activity.cleaning)
        .outerjoin(Activity.evaluation)
        .outerjoin(Evaluation.cleaner.of_type(cleaner))
        .options(
            contains_eager(Activity.actor),
            contains_eager(Activity.cleaning),
            contains_eager(Activity.evaluation).contains_eager(
                Evaluation.cleaner.of_type(cleaner)
            ),
        )
        .where(User.is_active)
        .order_by(Activity.created_at.desc(), Activity.id.desc())
        .limit(limit + 1)
    )
    if before is None:
        # "Now" is taken per request, so nothing dated later shows up early.
        return query.where(Activity.created_at <= datetime.now(UTC))
    return query.where(tuple_(Activity.created_at, Activity.id) < before)


def feed_page(before: tuple[datetime, int] | None, limit: int) -> FeedPage:
    events = list(db.session.scalars(page_query(before, limit)))
    if len(events) <= limit:
        return FeedPage(events, None)
    last = events[limit - 1]
    return FeedPage(events[:limit], cursor.encode(last.created_at, last.id))
