"""The activity feed: what is happening on Phresh, newest first."""

from flask import Blueprint, request
from flask_login import login_required

from ..htmx import render
from ..readerpages import kept_for_reader
from ..validators import whole_number
from . import cursor
from .queries import DEFAULT_LIMIT, MAX_LIMIT, feed_page

bp = Blueprint("feed", __name__, url_prefix="/feed")

BAD_LIMIT = f"The number of events a page must be a whole number from 1 to {MAX_LIMIT}."
BAD_CURSOR = "That link to older events isn't valid. Start again from the latest."


class BadFeedRequest(ValueError):
    """A malformed `limit` or `before`: bad input (422, shown on the feed
    page as a form shows a field's error), not a rules.Refused, which is a
    well-formed request that conflicts with what exists."""


def parse_limit(value: str | None) -> int:
    if value is None:
        return DEFAULT_LIMIT
    limit = whole_number(value, 1, MAX_LIMIT)
    if limit is None:
        raise BadFeedRequest(BAD_LIMIT)
    return limit


def parse_before(value: str | None):
    if value is None:
        return None
    try:
        return cursor.decode(value)
    except cursor.BadCursor as error:
        raise BadFeedRequest(BAD_CURSOR) from error


@bp.get("")
@login_required
@kept_for_reader
def index():
    limit_arg = request.args.get("limit")
    try:
        limit = parse_limit(limit_arg)
        before = parse_before(request.args.get("before"))
    except BadFeedRequest as error:
        return render("feed/index.html", "page", 422, error=str(error), events=[])
    page = feed_page(before, limit)
    return render(
        "feed/index.html",
        "page",
        events=page.events,
        next_cursor=page.next_cursor,
        # The "Load more" link keeps a limit only when the visitor chose one.
        limit=None if limit_arg is None else limit,
        first_page=before is None,
    )
