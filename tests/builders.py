"""Builders for test data. They write straight to the database, so a test
can set the scene in one line and then act through HTTP."""

import itertools

from cleaning_app.extensions import db
from cleaning_app.models import Activity, Cleaning, Evaluation, Offer, Profile, User
from cleaning_app.passwords import hash_password

PASSWORD = "correct horse battery staple"
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


def log_in(client, user_or_login, password=PASSWORD):
    login = getattr(user_or_login, "username", user_or_login)
    response = client.post("/auth/login", {"login": login, "password": password})
    assert response.status_code == 303, response.get_data(as_text=True)
    return response


def make_cleaning(app, owner, **fields) -> Cleaning:
    n = next(_numbers)
    fields.setdefault("name", f"Job {n}")
    fields.setdefault("price", "25.00")
    fields.setdefault("cleaning_type", "spot_clean")
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
