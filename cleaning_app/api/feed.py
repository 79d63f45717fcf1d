"""The jobs feed: jobs created or edited before a moment, newest first."""

from datetime import UTC, datetime

from ..models import User
from . import queries
from . import schemas as s
from .core import operation
from .present import Viewer, cleaning_fields


@operation(
    "GET",
    "/feed/cleanings/",
    response=list[s.CleaningFeedItem],
    query=s.FeedQuery,
    errors=(401, 422),
    tag="feed",
)
def cleanings(user: User, query: s.FeedQuery):
    """`page_chunk_size` events (1-50, default 20) strictly before
    `starting_date` (default: now, at each request)."""
    before = query.starting_date or datetime.now(UTC)
    events = queries.feed(before, query.page_chunk_size)
    viewer = Viewer.of(user, {c.owner_id for c, _, _ in events})
    return [
        s.CleaningFeedItem(
            **cleaning_fields(cleaning, viewer, expand_owner=True),
            row_number=number,
            event_timestamp=at,
            event_type=kind,
        )
        for number, (cleaning, at, kind) in enumerate(events, start=1)
    ]
