"""Logging in and out, safe redirects and server-side sessions."""

import pytest
from sqlalchemy import select

from cleaning_app.extensions import db
from cleaning_app.models import User, UserSession

from .builders import PASSWORD, log_in, make_user

BAD = "Incorrect username/email or password."


@pytest.mark.parametrize(
    "login", ["rita", "RITA", "rita@example.com", "Rita@Example.com"]
)
def test_login_with_username_or_email(client, rita, login):
    response = client.post("/auth/login", {"login": login, "password": PASSWORD})
    assert response.status_code == 303
    assert response.headers["Location"] == "/cleanings"
    assert "@rita" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("login", "password"),
    [
        ("rita", "wrong password!"),
        ("nobody", PASSWORD),
        ("nobody@example.com", "a guess 2024"),
    ],
)
def test_bad_credentials_get_one_generic_401(client, rita, login, password):
    response = client.post("/auth/login", {"login": login, "password": password})
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert BAD in page
    assert password not in page


def test_deactivated_account_gets_the_same_401(app, client):
    make_user(app, "gone", is_active=False)
    response = client.post("/auth/login", {"login": "gone", "password": PASSWORD})
    assert response.status_code == 401
    assert BAD in response.get_data(as_text=True)


def test_unknown_user_still_costs_a_hash(client, monkeypatch):
    from cleaning_app.auth import services

    burned = []
    monkeypatch.setattr(services, "burn_equal_time", burned.append)
    client.post("/auth/login", {"login": "nobody", "password": "guess-1234"})
    assert burned == ["guess-1234"]


def test_empty_fields_give_422(client):
    response = client.post("/auth/login", {"login": "", "password": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter your username or email." in page
    assert "Enter your password." in page


def test_control_characters_in_login_give_422(client):
    response = client.post("/auth/login", {"login": "ri\x00ta", "password": "x"})
    assert response.status_code == 422


def test_missing_csrf_gives_400(client, rita):
    response = client.post(
        "/auth/login", {"login": "rita", "password": PASSWORD}, csrf=False
    )
    assert response.status_code == 400
    assert "@rita" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("target", ["/cleanings/new", "/profiles/rita?tab=jobs"])
def test_safe_next_is_followed(client, rita, target):
    response = client.post(
        "/auth/login", {"login": "rita", "password": PASSWORD, "next": target}
    )
    assert response.headers["Location"] == target


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "/%0d%0aSet-Cookie:x",
        " //evil.example",
    ],
)
def test_unsafe_next_is_ignored(client, rita, target):
    response = client.post(
        f"/auth/login?next={target}", {"login": "rita", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/cleanings"


def test_login_starts_a_fresh_session(app, client, rita):
    client.get("/auth/login")
    before = client.raw.get_cookie("session").value
    log_in(client, rita)
    assert client.raw.get_cookie("session").value != before
    with app.app_context():
        assert len(db.session.scalars(select(UserSession)).all()) == 1


def test_a_login_asks_for_the_account_once_and_writes_its_session(
    client, rita, query_counter
):
    """Nothing more: the user is not loaded again after the commit (each
    query is CPU the login spends beside its hash)."""
    client.get("/auth/login")
    with query_counter as sent:
        response = client.post("/auth/login", {"login": "rita", "password": PASSWORD})
    assert response.status_code == 303
    firsts = [" ".join(s.split()[:4]) for s in sent.statements]
    assert len(firsts) == 2
    assert firsts[0].startswith("SELECT users.id, users.username,")
    assert firsts[1] == "INSERT INTO user_sessions (token_hash,"
    assert "@rita" in client.get("/").get_data(as_text=True)


def test_logout_is_post_only(client, rita):
    log_in(client, rita)
    response = client.get("/auth/logout")
    assert response.status_code == 405
    assert "@rita" in client.get("/").get_data(as_text=True)


def test_logout_ends_the_session_even_for_a_copied_cookie(
    app, client, make_client, rita
):
    log_in(client, rita)
    stolen = client.raw.get_cookie("session").value
    response = client.post("/auth/logout")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    thief = make_client()
    thief.raw.set_cookie("session", stolen)
    assert "@rita" not in thief.get("/").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(UserSession)).all() == []


def test_remember_me_sets_a_long_lived_cookie(client, rita):
    client.post("/auth/login", {"login": "rita", "password": PASSWORD, "remember": "y"})
    cookie = client.raw.get_cookie("remember_token")
    assert cookie is not None and cookie.http_only


def test_remember_cookie_alone_logs_back_in_until_logout(client, make_client, rita):
    client.post("/auth/login", {"login": "rita", "password": PASSWORD, "remember": "y"})
    remembered = client.raw.get_cookie("remember_token").value
    other = make_client()
    other.raw.set_cookie("remember_token", remembered)
    assert "@rita" in other.get("/").get_data(as_text=True)
    client.post("/auth/logout")
    late = make_client()
    late.raw.set_cookie("remember_token", remembered)
    assert "@rita" not in late.get("/").get_data(as_text=True)


def test_session_cookie_flags(client, rita):
    response = client.post("/auth/login", {"login": "rita", "password": PASSWORD})
    header = [
        h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")
    ]
    assert header and "HttpOnly" in header[0] and "SameSite=Lax" in header[0]
    assert "Secure" not in header[0]


def test_login_rehashes_when_parameters_change(app, client):
    from cleaning_app.passwords import _hasher

    old = _hasher(8, 1, 1).hash(PASSWORD)
    user = make_user(app, "oldie")
    with app.app_context():
        db.session.get(User, user.id).password = old
        db.session.commit()
    log_in(client, "oldie")
    with app.app_context():
        new = db.session.get(User, user.id).password
    assert new != old and "m=64,t=1,p=1" in new


def test_anonymous_htmx_request_gets_401_with_hx_redirect(client):
    response = client.post("/auth/logout", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/auth/login?next=/auth/logout"


def test_anonymous_post_to_login_only_route_is_redirected(client):
    response = client.post("/auth/logout")
    assert response.status_code in (302, 303)
    assert response.headers["Location"] == "/auth/login?next=/auth/logout"
