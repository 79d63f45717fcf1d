"""Builders for test data. They write straight to the database, so a test
can set the scene in one line and then act through HTTP; a few readers
check what was written; `body` and `text` read a response."""

import html
import itertools
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from cleaning_app.extensions import db
from cleaning_app.models import Activity, Cleaning, Evaluation, Offer, Profile, User
from cleaning_app.passwords import hash_password

PASSWORD = "correct horse battery staple"
RITA_PHONE = "+1 (555) 010-1111"  # the `rita` and `carlos` fixtures' numbers
CARLOS_PHONE = "+1 (555) 020-2222"
# The evaluation form's fields; the CONTRACT gives the evaluations table's
# columns the same names.
EVALUATION_FIELDS = (
    "overall_rating",
    "professionalism",
    "completeness",
    "efficiency",
    "no_show",
    "headline",
    "comment",
)
# Valid booking values for the job form (CONTRACT "Bookings"), to post with
# a job's name and price: a date a week ahead (in UTC, the default site zone;
# a week keeps it in the future in any zone), no street address.
BOOKING = {
    "date": (datetime.now(UTC).date() + timedelta(days=7)).isoformat(),
    "start_time": "09:00",
    "hours": "3",
    "area": "Camden",
    "bedrooms": "2",
    "bathrooms": "1",
}
# The same booking as the columns `make_cleaning` takes (the site zone of
# the tests is UTC).
BOOKED = {
    "starts_at": datetime.fromisoformat(f"{BOOKING['date']}T09:00+00:00"),
    "hours": Decimal("3"),
    "area": "Camden",
    "bedrooms": 2,
    "bathrooms": 1,
}
_numbers = itertools.count(1)


def _saved(row):
    """Commit the row and hand it back detached, loaded, usable after the
    app context ends."""
    db.session.add(row)
    db.session.commit()
    db.session.refresh(row)
    db.session.expunge(row)
    return row


def make_user(app, username=None, email=None, password=PASSWORD, **fields) -> User:
    profile_fields = {
        key: fields.pop(key)
        for key in ("full_name", "phone_number", "bio", "image")
        if key in fields
    }
    n = next(_numbers)
    username = username or f"user{n}"
    with app.app_context():
        user = User(
            username=username,
            email=email or f"{username.lower()}@example.com",
            password=hash_password(password),
            **fields,
        )
        user.profile = Profile(**profile_fields)
        return _saved(user)


def is_logged_in(client) -> bool:
    """Whether the browser's session still logs it in: a login-only page
    answers 200 rather than sending it to the login page."""
    return client.get("/account/password").status_code == 200


def log_in(client, user_or_login, password=PASSWORD):
    login = getattr(user_or_login, "username", user_or_login)
    response = client.post("/auth/login", {"login": login, "password": password})
    assert response.status_code == 303, response.get_data(as_text=True)
    return response


def make_cleaning(app, owner, minutes_ago=None, **fields) -> Cleaning:
    """A job; `minutes_ago` places it in time (created and updated then)."""
    n = next(_numbers)
    fields.setdefault("name", f"Job {n}")
    fields.setdefault("price", "25.00")
    fields.setdefault("cleaning_type", "spot_clean")
    if minutes_ago is not None:
        created = datetime.now(UTC) - timedelta(minutes=minutes_ago)
        fields.update(created_at=created, updated_at=created)
    with app.app_context():
        return _saved(Cleaning(owner_id=owner.id, **fields))


def make_activity(app, actor, cleaning, kind="cleaning_posted", **fields) -> Activity:
    """A feed event; pass created_at to place it in time."""
    with app.app_context():
        return _saved(
            Activity(kind=kind, actor_id=actor.id, cleaning_id=cleaning.id, **fields)
        )


def make_offer(app, cleaning, cleaner, status="pending", **fields) -> Offer:
    with app.app_context():
        return _saved(
            Offer(cleaning_id=cleaning.id, user_id=cleaner.id, status=status, **fields)
        )


def make_evaluation(app, cleaning, cleaner, overall_rating=5, **fields) -> Evaluation:
    """An evaluation of a completed offer (the offer is created if missing);
    pass created_at to place it in time."""
    with app.app_context():
        if db.session.get(Offer, (cleaning.id, cleaner.id)) is None:
            db.session.add(
                Offer(cleaning_id=cleaning.id, user_id=cleaner.id, status="completed")
            )
            db.session.flush()
        evaluation = Evaluation(
            cleaning_id=cleaning.id,
            cleaner_id=cleaner.id,
            overall_rating=overall_rating,
            **fields,
        )
        return _saved(evaluation)


# --- reading what was written ---------------------------------------------


def get_cleaning(app, cleaning_id) -> Cleaning | None:
    with app.app_context():
        cleaning = db.session.get(Cleaning, cleaning_id)
        if cleaning is not None:
            db.session.expunge(cleaning)
        return cleaning


def all_cleanings(app) -> list[Cleaning]:
    with app.app_context():
        rows = list(db.session.scalars(select(Cleaning).order_by(Cleaning.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def activity_kinds(app) -> list[tuple[str, int, int]]:
    """Every feed event as (kind, actor id, job id), oldest first."""
    with app.app_context():
        return [
            (a.kind, a.actor_id, a.cleaning_id)
            for a in db.session.scalars(select(Activity).order_by(Activity.id))
        ]


def count(app, model) -> int:
    """How many rows `model`'s table holds."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


# --- reading a response ---------------------------------------------------


def body(response) -> str:
    """The response's HTML as it was sent (`&#39;` and all)."""
    return response.get_data(as_text=True)


def text(response) -> str:
    """The response's HTML with its character references decoded."""
    return html.unescape(body(response))


def more_link(response, item: str) -> str | None:
    """Where the page's "Load more" link, in its `<li class="{item}">`,
    leads (`&amp;` decoded); None when the page has none."""
    match = re.search(rf'<li class="{item}">\s*<a [^>]*href="([^"]+)"', body(response))
    return match and html.unescape(match.group(1))


def followed(client, response) -> str:
    """The page a 303 leads to, as the browser shows it next (as `text`):
    where a success test finds what the user sees."""
    assert response.status_code == 303, response.status_code
    return text(client.get(response.headers["Location"]))
