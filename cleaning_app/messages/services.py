"""Writing to a conversation, in the caller's transaction (the view
commits): a new message, the other side's messages marked read, and the
bundled email that tells the other side about new messages."""

from datetime import timedelta

from sqlalchemy import func, select, update

from ..extensions import db
from ..models import Message, NotificationKind, Offer
from ..notifications.services import notify
from ..rules import Forbidden, NotFound, Refused
from ..tasks import defer
from .queries import CLOSED, Thread

NOT_YOURS = "Only the job's owner and this cleaner can write in this conversation."
NO_OFFER = "That offer no longer exists."
# Emails about one thread go to one person at most once per window: the
# first unread message starts it, and the email sums up what is still
# unread when it ends (tasks.send_digest).
BUNDLE_WINDOW = timedelta(minutes=15)


def send(thread: Thread, sender, body: str) -> Message:
    """Add `sender`'s message to the thread, notify the other side and
    queue their bundled email (not one email a message: notify's own is
    turned off)."""
    if not thread.has(sender.id):
        raise Forbidden(NOT_YOURS)
    status = _locked_status(thread)
    if status is None:
        raise NotFound(NO_OFFER)
    if status in CLOSED:
        raise Refused(CLOSED[status])
    message = Message(
        cleaning_id=thread.cleaning_id,
        cleaner_id=thread.cleaner_id,
        sender_id=sender.id,
        body=body,
    )
    db.session.add(message)
    db.session.flush()
    recipient_id, _ = thread.other_side(sender.id)
    kind = NotificationKind.message_received
    notify(recipient_id, kind, thread.cleaning_id, sender.id, email=False)
    _bundle_email(thread, recipient_id, message.id)
    return message


def mark_read(thread: Thread, reader_id: int) -> list[int]:
    """Mark the loaded messages the reader had not read yet as read; their
    ids (no statement when there are none)."""
    ids = thread.unread_for(reader_id)
    if ids:
        db.session.execute(
            update(Message)
            .where(
                Message.cleaning_id == thread.cleaning_id,
                Message.cleaner_id == thread.cleaner_id,
                Message.id.in_(ids),
                Message.read_at.is_(None),
            )
            .values(read_at=func.now())
        )
    return ids


def _locked_status(thread: Thread):
    """The offer's status, read under a share lock: a reject, cancel or
    rescind (which lock the job's row, then change the offer's) waits for
    this message, and one that came first is seen here."""
    return db.session.scalar(
        select(Offer.status)
        .where(
            Offer.cleaning_id == thread.cleaning_id, Offer.user_id == thread.cleaner_id
        )
        .with_for_update(read=True)
    )


def _bundle_email(thread: Thread, recipient_id: int, first_id: int) -> None:
    """One digest job per thread and recipient waits at a time (procrastinate's
    queueing lock): while one waits, further messages ride along in it."""
    defer(
        "messages.send_digest",
        schedule_in=BUNDLE_WINDOW,
        queueing_lock=f"messages:{thread.cleaning_id}:{thread.cleaner_id}:{recipient_id}",
        cleaning_id=thread.cleaning_id,
        cleaner_id=thread.cleaner_id,
        recipient_id=recipient_id,
        first_id=first_id,
    )
