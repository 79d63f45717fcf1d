"""The emails notifications send, and the unsubscribe parts every
notification-style email carries: a link in the body and the RFC 8058
headers, so a mail client can offer its own one-click "Unsubscribe"."""

from flask import current_app

from ..extensions import db
from ..models import Cleaning, Notification, NotificationKind, User
from ..tasks.email import defer_email
from . import preferences
from .links import external_target, external_url
from .tokens import make_token


def _text(template: str, **context) -> str:
    """A plain-text email template, rendered without the pages' context
    processors: they read the request's user, and the worker has none."""
    return current_app.jinja_env.get_template(template).render(**context)


def unsubscribe_url(user_id: int, kind: NotificationKind | None = None) -> str:
    """One kind's one-click unsubscribe link, or (no kind) every kind's."""
    return external_url("notifications.unsubscribe", token=make_token(user_id, kind))


def unsubscribe_headers(
    user_id: int, kind: NotificationKind | None = None
) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user_id, kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def queue_email(user_id: int, kind: NotificationKind, subject: str, body: str) -> bool:
    """Queue `body` with the unsubscribe footer, in the caller's
    transaction, if the user is active and gets `kind` by email; whether
    it was queued."""
    user = db.session.get(User, user_id)
    if user is None or not user.is_active:
        return False
    if not preferences.wants_email(user_id, kind):
        return False
    footer = _text(
        "notifications/email/footer.txt",
        kind=kind,
        unsubscribe=unsubscribe_url(user_id, kind),
        settings=external_url("notifications.settings"),
    )
    headers = unsubscribe_headers(user_id, kind)
    defer_email(user.email, subject, body.rstrip("\n") + "\n\n" + footer, headers)
    return True


def sentence(kind: NotificationKind, actor: str | None, job: str | None) -> str:
    """What happened, in words: the list's line and the email's subject."""
    return kind.description.format(
        actor=f"@{actor}" if actor else "Someone",
        job=f"“{job}”" if job else "a job",
    )


def notification_email(notification: Notification) -> bool:
    """Queue the email announcing `notification`, if its user wants it."""
    kind = NotificationKind(notification.kind)
    actor = _get(User, notification.actor_id)
    cleaning = _get(Cleaning, notification.cleaning_id)
    subject = sentence(kind, actor and actor.username, cleaning and cleaning.name)
    link = external_target(
        kind, notification.cleaning_id, _cleaner_name(notification, cleaning, actor)
    )
    body = _text("notifications/email/notification.txt", subject=subject, link=link)
    return queue_email(notification.user_id, kind, subject, body)


def _get(model, key):
    # Mostly in the session already: the service that notifies loaded them.
    return None if key is None else db.session.get(model, key)


def _cleaner_name(notification, cleaning, actor) -> str | None:
    """The cleaner whose thread a message belongs to: the actor when the
    owner is told, else the recipient."""
    if cleaning is None or actor is None:
        return None
    if notification.user_id == cleaning.owner_id:
        return actor.username
    return _get(User, notification.user_id).username
