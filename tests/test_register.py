"""Registration through HTTP: every 422 and 400 row of the CONTRACT."""

import re
import threading

import pytest
from sqlalchemy import func, select

from cleaning_app.extensions import db
from cleaning_app.models import Profile, User

from .builders import followed, make_user

GOOD = {
    "email": "nadia@example.com",
    "username": "nadia_k",
    "password": "sunlit kitchen tiles 42",
}
EMAIL_TAKEN = (
    "That email is already taken. Login with that email or register with another one."
)
USERNAME_TAKEN = "That username is already taken. Please try another one."


def count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_register_page_has_the_three_fields(client):
    page = client.get("/auth/register").get_data(as_text=True)
    for name in ("email", "username", "password"):
        assert f'name="{name}"' in page


def test_register_creates_user_and_profile_and_logs_in(app, client):
    response = client.post("/auth/register", GOOD)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "nadia_k"))
        assert user.email == "nadia@example.com"
        assert user.password.startswith("$argon2id$")
        assert GOOD["password"] not in user.password
        assert user.email_verified is False and user.is_active is True
        assert db.session.scalar(select(Profile).where(Profile.user_id == user.id))
    page = client.get("/").get_data(as_text=True)
    assert "@nadia_k" in page and "Log out" in page


def test_register_follows_a_safe_next(client):
    response = client.post("/auth/register?next=/cleanings", GOOD)
    assert response.headers["Location"] == "/cleanings"


def test_register_ignores_an_unsafe_next(client):
    response = client.post("/auth/register?next=//evil.example", GOOD)
    assert response.headers["Location"] == "/"


def test_email_is_stored_normalised(app, client):
    response = client.post("/auth/register", {**GOOD, "email": "Nadia@EXAMPLE.com"})
    assert "Welcome to Phresh" in followed(client, response)
    with app.app_context():
        assert db.session.scalar(select(User.email)) == "Nadia@example.com"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "must have an @-sign"),
        ("email", "", "Enter your email address."),
        ("email", "a@b", "The part after the @-sign is not valid"),
        ("username", "shakira@#$%^<>", "may only contain letters, numbers, _ and -"),
        ("username", "ab", "between 3 and 32 characters"),
        ("username", "x" * 33, "between 3 and 32 characters"),
        ("username", "", "Choose a username."),
        ("password", "short", "between 8 and 128 characters"),
        ("password", "p" * 129, "between 8 and 128 characters"),
        ("password", "password1", "too common"),
        ("password", "nadia_k_2024!", "too similar to your username"),
        ("password", "nadia@example.com", "too similar to your"),
        ("username", "nad\x00ia", "control characters"),
        ("email", "na\x00dia@example.com", "control characters"),
        ("password", "tab\there-and-more", "control characters"),
    ],
)
def test_invalid_field_gives_422_and_writes_nothing(app, client, field, value, message):
    response = client.post("/auth/register", {**GOOD, field: value})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert count_users(app) == 0


def test_failed_form_keeps_values_but_never_the_password(client):
    response = client.post("/auth/register", {**GOOD, "username": "ab"})
    page = response.get_data(as_text=True)
    assert 'value="nadia@example.com"' in page
    assert 'value="ab"' in page
    assert GOOD["password"] not in page


def test_error_is_tied_to_its_field_for_screen_readers(client):
    page = client.post("/auth/register", {**GOOD, "username": "ab"}).get_data(
        as_text=True
    )
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="username-msg"' in page
    assert 'id="username-msg"' in page and 'aria-live="polite"' in page


def test_passwords_with_spaces_and_emoji_are_fine(client):
    response = client.post("/auth/register", {**GOOD, "password": "🧽 shiny 🪣 floors"})
    assert "Welcome to Phresh" in followed(client, response)


@pytest.mark.parametrize(
    ("username", "email", "sent", "message"),
    [
        ("someone", "nadia@example.com", {}, EMAIL_TAKEN),
        ("someone", "nadia@example.com", {"email": "NADIA@Example.COM"}, EMAIL_TAKEN),
        ("Nadia_K", "other@example.com", {}, USERNAME_TAKEN),
    ],
    ids=["email", "email in other case", "username in any case"],
)
def test_taken_email_or_username_gives_400(app, client, username, email, sent, message):
    make_user(app, username, email=email)
    response = client.post("/auth/register", {**GOOD, **sent})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count_users(app) == 1


def test_email_taken_is_reported_before_username_taken(app, client):
    make_user(app, "nadia_k", email="nadia@example.com")
    page = client.post("/auth/register", GOOD).get_data(as_text=True)
    assert EMAIL_TAKEN in page
    assert USERNAME_TAKEN not in page


def test_a_taken_username_stays_reported_while_another_field_is_wrong(app, client):
    """The message must not vanish (and the field look valid) on a 422."""
    make_user(app, "nadia_k", email="other@example.com")
    response = client.post("/auth/register", {**GOOD, "password": "short"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert USERNAME_TAKEN in page and "between 8 and 128 characters" in page
    username_input = re.search(r'<input[^>]*name="username"[^>]*>', page).group()
    assert 'aria-invalid="true"' in username_input
    assert count_users(app) == 1


def test_a_taken_email_and_username_both_show_beside_a_bad_password(app, client):
    make_user(app, "nadia_k", email="nadia@example.com")
    response = client.htmx("post", "/auth/register", {**GOOD, "password": "short"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert EMAIL_TAKEN in page and USERNAME_TAKEN in page


def test_an_invalid_field_is_not_also_called_taken(app, client):
    make_user(app, "nadia_k", email="nadia@example.com")
    response = client.post("/auth/register", {**GOOD, "email": "not-an-email"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "must have an @-sign" in page and EMAIL_TAKEN not in page
    assert USERNAME_TAKEN in page


def test_missing_csrf_token_gives_400_and_writes_nothing(app, client):
    response = client.post("/auth/register", GOOD, csrf=False)
    assert response.status_code == 400
    assert count_users(app) == 0


def test_logged_in_user_is_sent_home(client):
    assert client.post("/auth/register", GOOD).status_code == 303
    response = client.get("/auth/register")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_concurrent_identical_registrations_give_one_303_and_one_400(app, make_client):
    clients = [make_client() for _ in range(2)]
    tokens = [c.csrf_token() for c in clients]
    barrier = threading.Barrier(2)
    statuses = []

    def register(c, token):
        barrier.wait()
        response = c.post("/auth/register", {**GOOD, "csrf_token": token})
        statuses.append(response.status_code)

    threads = [
        threading.Thread(target=register, args=pair)
        for pair in zip(clients, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [303, 400]
    assert count_users(app) == 1


def test_the_unique_index_alone_turns_a_race_into_400(app, client, monkeypatch):
    """Skip the friendly pre-check, as if the other request committed just
    after it: the database index still gives the same 400."""
    from cleaning_app.auth import services

    make_user(app, "nadia_k", email="nadia@example.com")
    monkeypatch.setattr(services, "check_available", lambda email, username: None)
    response = client.post("/auth/register", GOOD)
    assert response.status_code == 400
    assert EMAIL_TAKEN in response.get_data(as_text=True)
    response = client.post("/auth/register", {**GOOD, "email": "new@example.com"})
    assert response.status_code == 400
    assert USERNAME_TAKEN in response.get_data(as_text=True)


class TestInlineValidation:
    """The per-field check answers with the message under that field."""

    def check(self, client, field, **values):
        return client.htmx("post", f"/auth/register/check/{field}", {**GOOD, **values})

    def test_reports_taken_email(self, app, client):
        make_user(app, "someone", email="nadia@example.com")
        response = self.check(client, "email")
        assert response.status_code == 200
        assert EMAIL_TAKEN in response.get_data(as_text=True)
        assert "is-error" in response.get_data(as_text=True)

    def test_reports_taken_username(self, app, client):
        make_user(app, "NADIA_K", email="other@example.com")
        assert USERNAME_TAKEN in self.check(client, "username").get_data(as_text=True)

    def test_reports_a_short_password_with_the_server_message(self, client):
        page = self.check(client, "password", password="short").get_data(as_text=True)
        assert "between 8 and 128 characters" in page
        assert "value=" not in page

    def test_a_good_field_shows_its_help_text(self, client):
        page = self.check(client, "username").get_data(as_text=True)
        assert "is-error" not in page and 'id="username-msg"' in page

    def test_only_the_asked_field_is_reported(self, client):
        page = self.check(client, "email", username="ab").get_data(as_text=True)
        assert 'id="email-msg"' in page and 'id="username-msg"' not in page
        assert "between 3 and 32" not in page

    def test_unknown_field_is_404(self, client):
        assert self.check(client, "is_superuser").status_code == 404

    def test_needs_csrf(self, client):
        response = client.post("/auth/register/check/email", GOOD, csrf=False)
        assert response.status_code == 400

    def test_the_form_wires_each_field_to_its_check(self, client):
        page = client.get("/auth/register").get_data(as_text=True)
        for field in ("email", "username", "password"):
            assert f'hx-post="/auth/register/check/{field}"' in page
            assert f'hx-target="#{field}-msg"' in page
