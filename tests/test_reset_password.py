"""Forgotten passwords: GET/POST /auth/reset and GET/POST /auth/reset/<token>."""

import re

import itsdangerous.timed
from sqlalchemy import select, update

from cleaning_app.auth import tokens
from cleaning_app.extensions import db
from cleaning_app.models import User
from tests.builders import PASSWORD, is_logged_in, log_in, make_user

NEW = "a brand new passphrase 42"
LINK = re.compile(r"http://localhost(/auth/reset/[A-Za-z0-9_.\-]+)")
SENT = "If that address has an account, an email is on its way"


def stored_hash(app, username):
    with app.app_context():
        return db.session.scalar(select(User.password).where(User.username == username))


def ask(client, email):
    return client.post("/auth/reset", {"email": email})


def reset_link(client, outbox, email) -> str:
    assert ask(client, email).status_code == 303
    match = LINK.search(outbox()[-1].get_content())
    assert match
    return match.group(1)


def token_signed_hours_ago(app, user, monkeypatch, hours):
    real_time = itsdangerous.timed.time.time
    monkeypatch.setattr(
        itsdangerous.timed.time, "time", lambda: real_time() - hours * 3600
    )
    with app.app_context():
        token = tokens.make_reset_token(user)
    monkeypatch.undo()
    return token


def test_request_page_has_the_form(client):
    response = client.get("/auth/reset")
    assert response.status_code == 200
    assert 'name="email"' in response.get_data(as_text=True)


def test_login_page_links_to_reset(client):
    assert 'href="/auth/reset"' in client.get("/auth/login").get_data(as_text=True)


def test_known_address_gets_a_link(app, client, outbox):
    make_user(app, "alice", email="alice@example.com")
    response = ask(client, "Alice@Example.com")
    assert response.status_code == 303
    assert response.location == "/auth/reset/sent"
    assert SENT in client.get(response.location).get_data(as_text=True)
    [message] = outbox()
    assert message["To"] == "alice@example.com"
    assert LINK.search(message.get_content())


def test_unknown_address_gets_the_same_answer_and_no_email(app, client, outbox):
    make_user(app, "alice", email="alice@example.com")
    response = ask(client, "nobody@example.com")
    assert response.status_code == 303
    assert response.location == "/auth/reset/sent"
    assert outbox() == []


def test_deactivated_account_gets_no_email(app, client, outbox):
    make_user(app, "alice", email="alice@example.com", is_active=False)
    assert ask(client, "alice@example.com").status_code == 303
    assert outbox() == []


def test_invalid_email_is_422(client, outbox):
    for email in ["", "not-an-email", "a@b\x00.com", "x" * 2000 + "@example.com"]:
        response = ask(client, email)
        assert response.status_code == 422, email
    assert outbox() == []


def test_request_without_csrf_is_400(app, client, outbox):
    make_user(app, "alice", email="alice@example.com")
    response = client.post("/auth/reset", {"email": "alice@example.com"}, csrf=False)
    assert response.status_code == 400
    assert outbox() == []


def test_link_shows_the_form(app, client, outbox):
    make_user(app, "alice")
    response = client.get(reset_link(client, outbox, "alice@example.com"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="new_password"' in html and "@alice" in html


def test_reset_sets_the_password_and_ends_every_session(app, make_client, outbox):
    make_user(app, "alice")
    laptop, phone, stranger = make_client(), make_client(), make_client()
    log_in(laptop, "alice")
    log_in(phone, "alice")
    link = reset_link(stranger, outbox, "alice@example.com")
    response = stranger.post(link, {"new_password": NEW})
    assert response.status_code == 303
    assert response.location == "/auth/login"
    assert "Your password is changed." in stranger.get("/auth/login").get_data(
        as_text=True
    )
    assert not is_logged_in(laptop) and not is_logged_in(phone)
    bad = stranger.post("/auth/login", {"login": "alice", "password": PASSWORD})
    assert bad.status_code == 401
    log_in(stranger, "alice", NEW)


def test_reset_also_confirms_the_email(app, client, outbox):
    make_user(app, "alice")
    link = reset_link(client, outbox, "alice@example.com")
    assert client.post(link, {"new_password": NEW}).status_code == 303
    with app.app_context():
        assert db.session.scalar(
            select(User.email_verified).where(User.username == "alice")
        )


def test_a_link_works_once(app, client, outbox):
    make_user(app, "alice")
    link = reset_link(client, outbox, "alice@example.com")
    assert client.post(link, {"new_password": NEW}).status_code == 303
    after_first = stored_hash(app, "alice")
    assert client.get(link).status_code == 400
    response = client.post(link, {"new_password": "yet another fine passphrase"})
    assert response.status_code == 400
    assert "That link doesn" in response.get_data(as_text=True)
    assert stored_hash(app, "alice") == after_first


def test_changing_the_password_voids_older_links(app, client, outbox):
    make_user(app, "alice")
    link = reset_link(client, outbox, "alice@example.com")
    log_in(client, "alice")
    change = {"current_password": PASSWORD, "new_password": NEW}
    assert client.post("/account/password", change).status_code == 303
    assert client.get(link).status_code == 400


def test_a_59_minute_old_link_works_and_a_61_minute_old_one_does_not(
    app, client, monkeypatch
):
    user = make_user(app, "alice")
    fresh = token_signed_hours_ago(app, user, monkeypatch, hours=59 / 60)
    stale = token_signed_hours_ago(app, user, monkeypatch, hours=61 / 60)
    assert client.get(f"/auth/reset/{fresh}").status_code == 200
    before = stored_hash(app, "alice")
    response = client.post(f"/auth/reset/{stale}", {"new_password": NEW})
    assert response.status_code == 400
    assert stored_hash(app, "alice") == before


def test_bad_tokens_are_400(app, client):
    user = make_user(app, "alice")
    with app.app_context():
        verify = tokens.make_verify_token(user)
        good = tokens.make_reset_token(user)
    forged = itsdangerous.URLSafeTimedSerializer(
        "another key", salt=tokens.RESET_SALT
    ).dumps({"user": user.id, "password": "0" * 16})
    before = stored_hash(app, "alice")
    for token in ["garbage", good + "x", forged, verify, "%00", "y" * 5000]:
        response = client.post(f"/auth/reset/{token}", {"new_password": NEW})
        assert response.status_code == 400, token
    assert stored_hash(app, "alice") == before


def test_a_deactivated_account_cannot_reset(app, client):
    user = make_user(app, "alice")
    with app.app_context():
        token = tokens.make_reset_token(user)
        db.session.execute(update(User).values(is_active=False))
        db.session.commit()
    assert client.get(f"/auth/reset/{token}").status_code == 400


def test_new_password_rules_apply(app, client, outbox):
    make_user(app, "alice", email="alice@example.com")
    link = reset_link(client, outbox, "alice@example.com")
    before = stored_hash(app, "alice")
    for new, message in {
        "short": "between 8 and 128",
        "password123": "too common",
        "alice-rocks-2024": "too similar to your username",
        "bad\x01password here": "control characters",
        "": "Choose a new password.",
    }.items():
        response = client.post(link, {"new_password": new})
        assert response.status_code == 422, new
        assert message in response.get_data(as_text=True), new
    assert stored_hash(app, "alice") == before
    assert client.get(link).status_code == 200  # still usable


def test_reset_without_csrf_is_400_and_changes_nothing(app, client, outbox):
    make_user(app, "alice")
    link = reset_link(client, outbox, "alice@example.com")
    before = stored_hash(app, "alice")
    assert client.post(link, {"new_password": NEW}, csrf=False).status_code == 400
    assert stored_hash(app, "alice") == before
