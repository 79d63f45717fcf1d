"""Reminders a day before a booked clean, to both sides, once.

A booking is an accepted offer on a job that is not done. When its start
is less than 24 hours away, a `reminders` row (job, hired cleaner, start)
is inserted with ON CONFLICT DO NOTHING, and only the rows that insert
actually wrote are notified: two workers or two runs at once meet at the
key (the second waits for the first's commit, then writes nothing), so
nobody is reminded twice. A job moved to a new date, or a new hire after
a cancel, is a new key and gets its own reminder."""

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from ..extensions import db
from ..models import Cleaning, NotificationKind, Offer, OfferStatus, Reminder
from .services import notify

AHEAD = timedelta(hours=24)


def _due_bookings():
    return (
        select(Offer.cleaning_id, Offer.user_id, Cleaning.starts_at)
        .join(Cleaning, Cleaning.id == Offer.cleaning_id)
        .where(
            Offer.status == OfferStatus.accepted,
            Cleaning.done_at.is_(None),
            Cleaning.starts_at > func.now(),
            Cleaning.starts_at <= func.now() + AHEAD,
        )
    )


def remind_due() -> int:
    """Notify both sides of every booking due a reminder and not yet
    reminded, in the caller's transaction; how many bookings."""
    claimed = db.session.execute(
        insert(Reminder)
        .from_select(["cleaning_id", "cleaner_id", "starts_at"], _due_bookings())
        .on_conflict_do_nothing()
        .returning(Reminder.cleaning_id, Reminder.cleaner_id)
    ).all()
    for cleaning_id, cleaner_id in claimed:
        owner_id = db.session.get(Cleaning, cleaning_id).owner_id
        for user_id in (owner_id, cleaner_id):
            notify(user_id, NotificationKind.reminder, cleaning_id)
    return len(claimed)
