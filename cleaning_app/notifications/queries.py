"""Reading notifications: a user's page, one indexed query at any depth
(keyset on (created_at, id), the feed's cursor), and the unread count the
navigation shows, folded into the query that loads the user."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, bindparam, func, select, tuple_

from ..extensions import db
from ..feed import cursor
from ..models import MAX_BIGINT, Cleaning, Notification, User

PAGE_SIZE = 20
# The badge says "99+" past this: counting stops there, so a user with
# thousands unread costs what one with a hundred does.
COUNT_CAP = 100


def unread_count(user_id: ColumnElement) -> ColumnElement:
    """The unread count of `user_id` (a column of the outer query) as a
    scalar subquery, capped at COUNT_CAP, read from the partial index
    ix_notifications_unread alone."""
    unread = (
        select(Notification.id)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .limit(COUNT_CAP)
        .correlate_except(Notification)
        .subquery()
    )
    return select(func.count()).select_from(unread).scalar_subquery()


@dataclass
class NotificationPage:
    items: list  # Core rows: _PAGE's columns
    next_cursor: str | None


def _page_statement():
    """One user's notifications newest first, with the actor's @name, the
    job's name and owner (where a message leads), one more than the page."""
    actor = User.__table__.alias("actor")
    return (
        select(
            Notification.id,
            Notification.kind,
            Notification.created_at,
            Notification.read_at,
            Notification.cleaning_id,
            Notification.user_id,
            actor.c.username.label("actor_username"),
            Cleaning.name.label("cleaning_name"),
            Cleaning.owner_id,
        )
        .outerjoin(actor, actor.c.id == Notification.actor_id)
        .outerjoin(Cleaning, Cleaning.id == Notification.cleaning_id)
        .where(
            Notification.user_id == bindparam("user_id"),
            tuple_(Notification.created_at, Notification.id)
            < tuple_(bindparam("at"), bindparam("id")),
        )
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(PAGE_SIZE + 1)
    )


_PAGE = _page_statement()
# The first page starts after everything: beyond any real (created_at, id).
_TOP = (datetime(9999, 1, 1, tzinfo=UTC), MAX_BIGINT)


def notification_page(
    user_id: int, before: tuple[datetime, int] | None
) -> NotificationPage:
    at, last_id = before or _TOP
    rows = db.session.execute(
        _PAGE, {"user_id": user_id, "at": at, "id": last_id}
    ).all()
    if len(rows) <= PAGE_SIZE:
        return NotificationPage(rows, None)
    last = rows[PAGE_SIZE - 1]
    return NotificationPage(rows[:PAGE_SIZE], cursor.encode(last.created_at, last.id))
