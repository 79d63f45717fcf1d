"""GET/POST /account/password: change the password, end the other sessions."""

from sqlalchemy import select

from cleaning_app.extensions import db
from cleaning_app.models import User
from cleaning_app.passwords import verify_password
from tests.builders import PASSWORD, is_logged_in, log_in, make_user

NEW = "a brand new passphrase 42"


def stored_hash(app, username):
    with app.app_context():
        return db.session.scalar(select(User.password).where(User.username == username))


def change(client, current=PASSWORD, new=NEW, **kwargs):
    data = {"current_password": current, "new_password": new}
    return client.post("/account/password", data, **kwargs)


def test_page_shows_the_form(app, client):
    log_in(client, make_user(app, "alice"))
    page = client.get("/account/password")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="current_password"' in html and 'name="new_password"' in html


def test_anonymous_is_sent_to_login(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.location == "/auth/login?next=/account/password"
    response = change(client)
    assert response.status_code in (302, 303)
    assert response.location.startswith("/auth/login?next=")


def test_anonymous_htmx_gets_401_with_hx_redirect(client):
    response = client.htmx("get", "/account/password")
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/auth/login?next=")


def test_change_sets_new_password_and_keeps_this_session(app, client):
    log_in(client, make_user(app, "alice"))
    response = change(client)
    assert response.status_code == 303
    assert response.location == "/account/password"
    page = client.get("/account/password").get_data(as_text=True)
    assert "Your password is changed." in page
    with app.app_context():
        assert verify_password(stored_hash(app, "alice"), NEW)
    client.post("/auth/logout")
    log_in(client, "alice", NEW)


def test_old_password_no_longer_logs_in(app, client, make_client):
    log_in(client, make_user(app, "alice"))
    assert change(client).status_code == 303
    other = make_client()
    response = other.post("/auth/login", {"login": "alice", "password": PASSWORD})
    assert response.status_code == 401


def test_other_sessions_end(app, make_client):
    make_user(app, "alice")
    laptop, phone = make_client(), make_client()
    log_in(laptop, "alice")
    log_in(phone, "alice")
    assert is_logged_in(phone)
    assert change(laptop).status_code == 303
    assert is_logged_in(laptop)
    assert not is_logged_in(phone)


def test_wrong_current_password_is_401_and_changes_nothing(app, make_client):
    make_user(app, "alice")
    laptop, phone = make_client(), make_client()
    log_in(laptop, "alice")
    log_in(phone, "alice")
    before = stored_hash(app, "alice")
    response = change(laptop, current="not my password at all")
    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert "That isn&#39;t your current password." in html
    assert "not my password at all" not in html and NEW not in html
    assert stored_hash(app, "alice") == before
    assert is_logged_in(phone)


def test_invalid_new_password_is_422_and_changes_nothing(app, client):
    log_in(client, make_user(app, "alice", email="alice@example.com"))
    before = stored_hash(app, "alice")
    cases = {
        "short": "between 8 and 128",
        "x" * 129: "between 8 and 128",
        "password123": "too common",
        "alice-rocks-2024": "too similar to your username",
        "bad\x00password here": "control characters",
        "": "Choose a new password.",
    }
    for new, message in cases.items():
        response = change(client, new=new)
        assert response.status_code == 422, new
        assert message in response.get_data(as_text=True), new
    assert stored_hash(app, "alice") == before


def test_similar_to_email_is_refused(app, client):
    log_in(client, make_user(app, "bob", email="sunflower.garden@example.com"))
    response = change(client, new="sunflower.garden")
    assert response.status_code == 422
    assert "too similar to your email" in response.get_data(as_text=True)


def test_missing_fields_are_422(app, client):
    log_in(client, make_user(app, "alice"))
    response = client.post("/account/password", {})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Enter your current password." in html
    assert "Choose a new password." in html


def test_missing_csrf_is_400_and_changes_nothing(app, client):
    log_in(client, make_user(app, "alice"))
    before = stored_hash(app, "alice")
    response = change(client, csrf=False)
    assert response.status_code == 400
    assert stored_hash(app, "alice") == before


def test_htmx_failure_gets_the_form_fragment(app, client):
    log_in(client, make_user(app, "alice"))
    response = client.htmx(
        "post", "/account/password", {"current_password": "nope", "new_password": NEW}
    )
    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert 'id="password-form"' in html and "<html" not in html
