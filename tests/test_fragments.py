"""Kept pieces of pages (cleaning_app/fragments.py): a piece drawn once is
read back only while everything it shows is unchanged."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from cleaning_app import fragments, templating
from cleaning_app.cleanings import booking
from cleaning_app.extensions import db
from cleaning_app.models import Activity, Cleaning
from tests.builders import make_activity, make_cleaning, make_offer, make_user, text


def shown(response) -> str:
    """The page's words as a reader sees them: no tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


def test_my_jobs_row_follows_its_offers_and_edits(app, rita, owner, job):
    assert "0 pending of 0 offers" in shown(owner.get("/cleanings/mine"))
    make_offer(app, job, make_user(app, "carlos"))
    assert "1 pending of 1 offer" in shown(owner.get("/cleanings/mine"))
    with app.app_context():
        db.session.execute(
            update(Cleaning).where(Cleaning.id == job.id).values(name="Three-bed house")
        )
        db.session.commit()
    page = shown(owner.get("/cleanings/mine"))
    assert "Three-bed house" in page and "Two-bedroom flat" not in page


def test_my_jobs_row_follows_the_clock(app, rita, owner, monkeypatch):
    make_cleaning(app, rita, minutes_ago=5, name="Oven clean")
    assert "5 minutes ago" in shown(owner.get("/cleanings/mine"))
    later = _clock_moved(timedelta(hours=2))
    monkeypatch.setattr(templating, "datetime", later)
    page = shown(owner.get("/cleanings/mine"))
    assert "2 hours ago" in page and "5 minutes ago" not in page


def test_feed_entry_follows_the_clock_and_its_row(app, rita, owner, job, monkeypatch):
    moment = datetime.now(UTC) - timedelta(minutes=3)
    event = make_activity(app, rita, job, created_at=moment)
    assert "3 minutes ago" in shown(owner.get("/feed"))
    monkeypatch.setattr(templating, "datetime", _clock_moved(timedelta(days=2)))
    assert "2 days ago" in shown(owner.get("/feed"))
    monkeypatch.undo()
    with app.app_context():
        db.session.execute(
            update(Activity)
            .where(Activity.id == event.id)
            .values(created_at=moment - timedelta(hours=5))
        )
        db.session.commit()
    assert "5 hours ago" in shown(owner.get("/feed"))


def test_the_store_is_emptied_when_the_day_changes(app, monkeypatch):
    """A date shows its year only when it isn't this year's, and no key
    holds the year: the store starts afresh each local day."""
    store = fragments.FragmentStore()
    drawn = []

    def draw():
        drawn.append(1)
        return f"piece {len(drawn)}"

    with app.app_context():  # the site's time zone
        assert store.get_or_draw(("k",), draw) == "piece 1"
        assert store.get_or_draw(("k",), draw) == "piece 1"
        tomorrow = booking.now() + timedelta(days=1)
        monkeypatch.setattr(booking, "now", lambda: tomorrow)
        assert store.get_or_draw(("k",), draw) == "piece 2"


def test_the_store_is_emptied_when_full(app, monkeypatch):
    monkeypatch.setattr(fragments, "MAX_ENTRIES", 2)
    store = fragments.FragmentStore()
    with app.app_context():
        for key in ("a", "b", "c"):
            store.get_or_draw((key,), lambda key=key: key)
    assert list(store.entries) == [("c",)]


def _clock_moved(by: timedelta):
    """templating's `datetime`, with `now()` moved on by `by`."""

    class Moved(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + by

    return Moved
