"""The bundled email about new messages, run by the queue's worker."""

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Cleaning, Message, NotificationKind, User
from ..notifications.emails import queue_email
from ..notifications.links import external_url
from ..tasks import app


@app.task(name="messages.send_digest", retry=3)
def send_digest(
    cleaning_id: int, cleaner_id: int, recipient_id: int, first_id: int
) -> None:
    """Email the recipient the thread's messages since `first_id` that they
    still haven't read; nothing when they read them on the site meanwhile,
    the offer (and so the thread) is gone, or they chose no such emails
    (queue_email decides, and adds the unsubscribe link and headers)."""
    unread = _unread(cleaning_id, cleaner_id, recipient_id, first_id)
    if not unread:
        return
    cleaning = db.session.get(Cleaning, cleaning_id)
    cleaner = db.session.get(User, cleaner_id)
    recipient = db.session.get(User, recipient_id)
    link = external_url(
        "messages.thread", cleaning_id=cleaning_id, username=cleaner.username
    )
    # Without the pages' context processors: they read the request's user,
    # and the worker has no request.
    template = current_app.jinja_env.get_template("messages/email/digest.txt")
    body = template.render(
        recipient=recipient,
        cleaning=cleaning,
        messages=unread,
        link=link,
    )
    subject = f"New messages about {cleaning.name}"
    queue_email(recipient_id, NotificationKind.message_received, subject, body)
    db.session.commit()


def _unread(cleaning_id, cleaner_id, recipient_id, first_id):
    return db.session.execute(
        select(Message.body, Message.created_at, User.username)
        .join(User, User.id == Message.sender_id)
        .where(
            Message.cleaning_id == cleaning_id,
            Message.cleaner_id == cleaner_id,
            Message.id >= first_id,
            Message.sender_id != recipient_id,
            Message.read_at.is_(None),
        )
        .order_by(Message.id)
    ).all()
