"""Writing notifications, in the caller's transaction (the caller commits)."""

from sqlalchemy import func, update

from ..extensions import db
from ..models import Notification, NotificationKind
from . import preferences
from .emails import notification_email


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


def unsubscribe(user_id: int, kind: NotificationKind | None) -> None:
    """Turn one kind of email off, or (None) every kind."""
    for each in [kind] if kind else NotificationKind:
        preferences.set_email(user_id, each, False)
