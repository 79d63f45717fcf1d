"""`flask cleanup` prunes old notifications: read ones after 90 days, unread
ones after a year (nobody is coming back to those); the rest stay."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from cleaning_app.extensions import db
from cleaning_app.models import Notification

from .builders import make_cleaning, make_user


def add_notification(app, user, job, name, age_days, read=True):
    """A notification `age_days` old, read a minute after it came or never:
    (`name`, its id), so the test names what is left."""
    created = datetime.now(UTC) - timedelta(days=age_days)
    with app.app_context():
        row = Notification(
            user_id=user.id,
            kind="offer_received",
            cleaning_id=job.id,
            created_at=created,
            updated_at=created,
            read_at=created + timedelta(minutes=1) if read else None,
        )
        db.session.add(row)
        db.session.commit()
        return name, row.id


def test_flask_cleanup_prunes_read_after_90_days_and_unread_after_a_year(app):
    rita = make_user(app, "rita")
    job = make_cleaning(app, rita)
    rows = dict(
        add_notification(app, rita, job, name, days, read)
        for name, days, read in (
            ("read, 91 days", 91, True),
            ("read, 89 days", 89, True),
            ("read, today", 0, True),
            ("unread, 200 days", 200, False),
            ("unread, 366 days", 366, False),
        )
    )
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["cleanup"])
    assert result.exit_code == 0, result.output
    assert "2 old notifications" in result.output
    with app.app_context():
        ids = set(db.session.scalars(select(Notification.id)))
    left = {name for name, row_id in rows.items() if row_id in ids}
    assert left == {"read, 89 days", "read, today", "unread, 200 days"}
