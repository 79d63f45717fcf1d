"""Writing notifications, in the caller's transaction (the caller commits)."""

from datetime import timedelta

from sqlalchemy import delete, func, or_, update

from ..extensions import db
from ..models import Notification, NotificationKind
from . import preferences
from .emails import notification_email

# How long `flask cleanup` keeps a notification. A read one has done its
# job; an unread one still counts in the navigation, so it stays longer,
# but after a year it is about a job long gone and only inflates the count.
KEEP_READ = timedelta(days=90)
KEEP_UNREAD = timedelta(days=365)


def notify(
    user_id: int,
    kind: NotificationKind | str,
    cleaning_id: int | None,
    actor_id: int | None = None,
    *,
    email: bool = True,
) -> Notification | None:
    """Tell `user_id` that `actor_id` did `kind` to `cleaning_id`, and
    queue the email if they want it; nothing when they did it themselves."""
    if actor_id is not None and actor_id == user_id:
        return None
    kind = NotificationKind(kind)
    notification = Notification(
        user_id=user_id, kind=kind.value, cleaning_id=cleaning_id, actor_id=actor_id
    )
    db.session.add(notification)
    if email:
        notification_email(notification)
    return notification


def mark_all_read(user_id: int) -> int:
    """Every unread notification of the user is read now; how many were."""
    return db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=func.now())
        .execution_options(synchronize_session=False)
    ).rowcount


def delete_old() -> int:
    """`flask cleanup`: delete the notifications kept long enough (by their
    age, not by when they were read); how many went."""
    created = Notification.created_at
    return db.session.execute(
        delete(Notification).where(
            or_(
                created < func.now() - KEEP_UNREAD,
                (created < func.now() - KEEP_READ) & Notification.read_at.is_not(None),
            )
        )
    ).rowcount


def unsubscribe(user_id: int, kind: NotificationKind | None) -> None:
    """Turn one kind of email off, or (None) every kind."""
    for each in [kind] if kind else NotificationKind:
        preferences.set_email(user_id, each, False)
