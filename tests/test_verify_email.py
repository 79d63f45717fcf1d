"""Email verification: the link sent on sign-up, GET /auth/verify/<token>
and POST /auth/verify/resend."""

import re

from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select, update

from cleaning_app.auth import tokens
from cleaning_app.extensions import db
from cleaning_app.models import User
from tests.builders import log_in, make_user

LINK = re.compile(r"http://localhost(/auth/verify/[A-Za-z0-9_.\-]+)")


def verified(app, username) -> bool:
    with app.app_context():
        return db.session.scalar(
            select(User.email_verified).where(User.username == username)
        )


def token_for(app, account, **payload_changes):
    with app.app_context():
        if not payload_changes:
            return tokens.make_verify_token(account)
        data = {"user": account.id, "email": account.email, **payload_changes}
        serializer = URLSafeTimedSerializer(
            app.config["SECRET_KEY"], salt=tokens.VERIFY_SALT
        )
        return serializer.dumps(data)


def token_signed_days_ago(app, account, monkeypatch, days):
    import itsdangerous.timed

    real_time = itsdangerous.timed.time.time
    monkeypatch.setattr(
        itsdangerous.timed.time, "time", lambda: real_time() - days * 86400
    )
    token = token_for(app, account)
    monkeypatch.undo()
    return token


def link_in(message) -> str:
    match = LINK.search(message.get_content())
    assert match, message.get_content()
    return match.group(1)


def register(client, username="newbie"):
    response = client.post(
        "/auth/register",
        {
            "email": f"{username}@example.com",
            "username": username,
            "password": "a long and unusual passphrase",
        },
    )
    assert response.status_code == 303
    return response


def test_registration_sends_a_verification_link_that_works(app, client, outbox):
    register(client)
    [message] = outbox()
    assert message["To"] == "newbie@example.com"
    assert "Confirm your email" in message["Subject"]
    assert "a long and unusual passphrase" not in message.as_string()
    assert not verified(app, "newbie")
    response = client.get(link_in(message))
    assert response.status_code == 303
    assert response.location == "/"
    assert verified(app, "newbie")
    assert "Your email address is confirmed." in client.get("/").get_data(as_text=True)


def test_the_link_works_without_being_logged_in(app, make_client, outbox):
    register(make_client())
    response = make_client().get(link_in(outbox()[0]))
    assert response.status_code == 303
    assert verified(app, "newbie")


def test_clicking_twice_is_harmless(app, client, outbox):
    register(client)
    link = link_in(outbox()[0])
    assert client.get(link).status_code == 303
    assert client.get(link).status_code == 303
    assert verified(app, "newbie")


def test_a_two_day_old_token_still_works(app, client, monkeypatch):
    user = make_user(app, "alice")
    token = token_signed_days_ago(app, user, monkeypatch, days=2)
    assert client.get(f"/auth/verify/{token}").status_code == 303
    assert verified(app, "alice")


def test_expired_token_is_400(app, client, monkeypatch):
    """The links last three days."""
    user = make_user(app, "alice")
    token = token_signed_days_ago(app, user, monkeypatch, days=4)
    response = client.get(f"/auth/verify/{token}")
    assert response.status_code == 400
    assert "That link doesn" in response.get_data(as_text=True)
    assert not verified(app, "alice")


def test_bad_tokens_are_400(app, client):
    user = make_user(app, "alice")
    good = token_for(app, user)
    with app.app_context():
        reset = tokens.make_reset_token(user)
    forged = URLSafeTimedSerializer("another key", salt=tokens.VERIFY_SALT).dumps(
        {"user": user.id, "email": user.email}
    )
    for token in [
        "garbage",
        good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB"),
        forged,
        reset,  # signed for another purpose
        token_for(app, user, user=999999),
        token_for(app, user, user="1"),
        "%00",
        "x" * 5000,
    ]:
        response = client.get(f"/auth/verify/{token}")
        assert response.status_code in (400, 404), token
        assert response.status_code != 500
    assert not verified(app, "alice")


def test_token_for_an_old_email_is_400(app, client):
    user = make_user(app, "alice", email="alice@example.com")
    token = token_for(app, user)
    with app.app_context():
        db.session.execute(
            update(User).where(User.id == user.id).values(email="new@example.com")
        )
        db.session.commit()
    assert client.get(f"/auth/verify/{token}").status_code == 400
    assert not verified(app, "alice")


def test_bad_link_page_offers_a_new_link_to_the_logged_in_user(app, client):
    log_in(client, make_user(app, "alice"))
    html = client.get("/auth/verify/garbage").get_data(as_text=True)
    assert 'action="/auth/verify/resend"' in html


def test_unverified_user_sees_the_banner_and_verified_does_not(app, client):
    log_in(client, make_user(app, "alice"))
    assert "Please confirm your email address" in client.get("/").get_data(as_text=True)
    other = make_user(app, "bob", email_verified=True)
    client.post("/auth/logout")
    log_in(client, other)
    assert "Please confirm your email address" not in client.get("/").get_data(
        as_text=True
    )


def test_resend_sends_a_new_link_and_goes_back(app, client, outbox):
    log_in(client, make_user(app, "alice"))
    response = client.post(
        "/auth/verify/resend", headers={"Referer": "http://localhost/account/password"}
    )
    assert response.status_code == 303
    assert response.location == "/account/password"
    [message] = outbox()
    assert message["To"] == "alice@example.com"
    page = client.get("/account/password").get_data(as_text=True)
    assert "We sent a new confirmation link." in page
    assert client.get(link_in(message)).status_code == 303
    assert verified(app, "alice")


def test_resend_ignores_a_foreign_or_missing_referer(app, client, outbox):
    log_in(client, make_user(app, "alice"))
    for referer in [
        "https://evil.example/account/password",
        "//evil.example/x",
        "http://localhost/\\evil.example",
        "javascript:alert(1)",
        "",
    ]:
        response = client.post("/auth/verify/resend", headers={"Referer": referer})
        assert response.status_code == 303
        assert response.location == "/", referer


def test_resend_when_already_verified_sends_nothing(app, client, outbox):
    log_in(client, make_user(app, "alice", email_verified=True))
    response = client.post("/auth/verify/resend")
    assert response.status_code == 303
    assert outbox() == []
    assert "already confirmed" in client.get("/").get_data(as_text=True)


def test_resend_anonymous_goes_to_login(client, outbox):
    response = client.post("/auth/verify/resend")
    assert response.status_code in (302, 303)
    assert response.location.startswith("/auth/login?next=")
    assert outbox() == []


def test_resend_get_is_405(app, client):
    log_in(client, make_user(app, "alice"))
    response = client.get("/auth/verify/resend")
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"


def test_resend_without_csrf_is_400_and_sends_nothing(app, client, outbox):
    log_in(client, make_user(app, "alice"))
    assert client.post("/auth/verify/resend", csrf=False).status_code == 400
    assert outbox() == []
