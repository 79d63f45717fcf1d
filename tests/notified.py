"""What the notifications tests read: the rows written and the emails
queued (procrastinate's jobs table), straight from the database."""

from sqlalchemy import select, text

from cleaning_app.extensions import db
from cleaning_app.models import Notification


def notifications_of(app, user) -> list[tuple[str, int | None, int | None]]:
    """(kind, actor id, job id) of `user`'s notifications, oldest first."""
    with app.app_context():
        rows = db.session.execute(
            select(Notification.kind, Notification.actor_id, Notification.cleaning_id)
            .where(Notification.user_id == user.id)
            .order_by(Notification.id)
        ).all()
        db.session.remove()
    return [tuple(row) for row in rows]


def all_notifications(app) -> list[tuple[int, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(Notification.user_id, Notification.kind).order_by(Notification.id)
        ).all()
        db.session.remove()
    return [tuple(row) for row in rows]


def queued_emails(app) -> list[dict]:
    """The args of every queued send_email job, oldest first."""
    with app.app_context():
        rows = db.session.execute(
            text(
                "SELECT args FROM procrastinate_jobs"
                " WHERE task_name = 'send_email' ORDER BY id"
            )
        ).scalars()
        emails = list(rows)
        db.session.remove()
    return emails


def emails_to(app, user) -> list[dict]:
    return [email for email in queued_emails(app) if email["to"] == user.email]


def make_notifications(app, user, actor, cleaning, n, kind="offer_received", **fields):
    """`n` notifications for `user`, a minute apart, the newest last."""
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    with app.app_context():
        for i in range(n):
            at = now - timedelta(minutes=n - i)
            db.session.add(
                Notification(
                    user_id=user.id,
                    kind=kind,
                    cleaning_id=cleaning.id,
                    actor_id=actor.id,
                    created_at=at,
                    updated_at=at,
                    **fields,
                )
            )
        db.session.commit()
        db.session.remove()
