"""What a user is here for: sign-up's `role` and the database's rules for
roles and cleaner profiles (CONTRACT "Cleaners: directory and invitations")."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from cleaning_app.extensions import db
from cleaning_app.models import CleanerProfile, User

from .builders import make_user
from .builders import text as page_text

GOOD = {
    "email": "nadia@example.com",
    "username": "nadia_k",
    "password": "sunlit kitchen tiles 42",
}


def role_of(app, username):
    with app.app_context():
        return db.session.scalar(select(User.role).where(User.username == username))


def count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_sign_up_offers_the_three_roles_find_a_cleaner_chosen(client):
    page = page_text(client.get("/auth/register"))
    assert "I'm here to" in page
    for value, label in (
        ("hire", "Find a cleaner"),
        ("clean", "Find cleaning work"),
        ("both", "Both"),
    ):
        assert f'value="{value}"' in page and label in page
    assert '<input checked id="role-0" name="role" type="radio" value="hire">' in page


@pytest.mark.parametrize("role", ["hire", "clean", "both"])
def test_sign_up_keeps_the_role_chosen(app, client, role):
    response = client.post("/auth/register", {**GOOD, "role": role})
    assert response.status_code == 303
    assert role_of(app, "nadia_k") == role


def test_sign_up_without_the_field_is_here_to_hire(app, client):
    assert client.post("/auth/register", GOOD).status_code == 303
    assert role_of(app, "nadia_k") == "hire"


@pytest.mark.parametrize("bad", ["admin", "", "HIRE", "clean\x00"])
def test_a_bad_role_is_a_422_with_a_message_and_no_account(app, client, bad):
    response = client.post("/auth/register", {**GOOD, "role": bad})
    assert response.status_code == 422
    assert "Choose Find a cleaner, Find cleaning work or Both." in page_text(response)
    assert count_users(app) == 0


def test_the_api_registration_is_here_to_hire(app, client):
    body = {"new_user": {**GOOD}}
    response = client.raw.post("/api/users/", json=body)
    assert response.status_code == 201
    assert "role" not in response.get_json()
    assert role_of(app, "nadia_k") == "hire"


GOOD_ROW = {
    "services": ["dust_up", "full_clean"],
    "hourly_rate": Decimal("25.50"),
    "areas": ["Leith", "Morningside"],
    "available_days": ["mon", "sat"],
}


@pytest.mark.parametrize(
    "change",
    [
        {"services": []},
        {"services": ["window_clean"]},
        {"services": [None]},
        {"hourly_rate": Decimal("0")},
        {"hourly_rate": Decimal("-1")},
        {"hourly_rate": Decimal("100000")},
        {"areas": []},
        {"areas": ["L"]},
        {"areas": ["x" * 81]},
        {"areas": [" Leith"]},
        {"areas": ["Leith", "leith"]},
        {"areas": ["a1", "a2", "a3", "a4", "a5", "a6"]},
        {"areas": ["Leith", None]},
        {"available_days": ["someday"]},
        {"available_days": [None]},
    ],
)
def test_the_database_refuses_a_bad_cleaner_profile(app, change):
    user = make_user(app, "carla")
    with app.app_context():
        db.session.add(CleanerProfile(user_id=user.id, **{**GOOD_ROW, **change}))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_the_database_takes_a_good_profile_once_per_user(app):
    user = make_user(app, "carla")
    with app.app_context():
        db.session.add(CleanerProfile(user_id=user.id, **GOOD_ROW))
        db.session.commit()
        db.session.add(CleanerProfile(user_id=user.id, **GOOD_ROW))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


@pytest.mark.parametrize("bad", ["admin", "", "Hire"])
def test_the_database_refuses_a_bad_role(app, bad):
    user = make_user(app, "carla")
    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(
                text("UPDATE users SET role = :role WHERE id = :id"),
                {"role": bad, "id": user.id},
            )
        db.session.rollback()
