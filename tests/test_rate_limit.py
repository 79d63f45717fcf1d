"""Rate limits on the account routes that send email or check a password.

The suite runs with rate limiting off; these tests build a second app with
it on, counting in the test database as the default set-up does.
Flask-Limiter keeps its switch and storage on the one `limiter` object, so
the fixture puts both back afterwards. Across workers:
test_rate_limit_workers.py."""

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from cleaning_app.extensions import db, limiter
from tests.builders import PASSWORD, log_in, make_user
from tests.conftest import Client, QueryCounter, make_app
from tests.queued import run_queue


@contextmanager
def limits_on(database_url):
    was_enabled = limiter.enabled
    limited = make_app(database_url, RATELIMIT_ENABLED=True)
    limiter.reset()
    try:
        yield limited
    finally:
        limiter.reset()
        limiter.enabled = was_enabled


@pytest.fixture
def limited_app(app, database_url, tmp_path):
    with limits_on(database_url) as limited:
        limited.config["MAIL_OUTBOX"] = str(tmp_path)
        yield limited


@pytest.fixture
def limited_client(limited_app):
    return Client(limited_app.test_client())


def hammer(client, url, data, times):
    return [client.post(url, data).status_code for _ in range(times)]


def assert_limited(response):
    assert response.status_code == 429
    retry_after = response.headers["Retry-After"]
    assert re.fullmatch(r"\d+", retry_after) and int(retry_after) > 0
    html = response.get_data(as_text=True)
    assert "Too many attempts" in html
    assert "Content-Security-Policy" in response.headers


def test_reset_requests_are_limited(limited_client, outbox):
    codes = hammer(limited_client, "/auth/reset", {"email": "a@example.com"}, 5)
    assert codes == [303] * 5
    assert_limited(limited_client.post("/auth/reset", {"email": "a@example.com"}))


def test_a_new_window_starts_when_the_last_one_ends(limited_app, limited_client):
    """The counts live in the database (table rate_limits), whose clock
    decides when a window ends: moved into the past, it lets mail go again."""
    hammer(limited_client, "/auth/reset", {"email": "a@example.com"}, 5)
    assert_limited(limited_client.post("/auth/reset", {"email": "a@example.com"}))
    with limited_app.app_context():
        db.session.execute(
            text("UPDATE rate_limits SET expires_at = now() - interval '1 second'")
        )
        db.session.commit()
    codes = hammer(limited_client, "/auth/reset", {"email": "a@example.com"}, 6)
    assert codes == [303] * 5 + [429]


def test_reset_form_get_is_not_limited(limited_client):
    hammer(limited_client, "/auth/reset", {"email": "a@example.com"}, 6)
    assert limited_client.get("/auth/reset").status_code == 200


def test_resend_is_limited(limited_app, limited_client, tmp_path):
    make_user(limited_app, "alice")
    log_in(limited_client, "alice")
    assert hammer(limited_client, "/auth/verify/resend", {}, 5) == [303] * 5
    assert_limited(limited_client.post("/auth/verify/resend"))
    run_queue(limited_app)
    assert len(list(tmp_path.glob("*.eml"))) == 5


def test_password_change_is_limited(limited_app, limited_client):
    make_user(limited_app, "alice")
    log_in(limited_client, "alice")
    guess = {"current_password": "a wrong guess", "new_password": "fresh passphrase 9"}
    assert hammer(limited_client, "/account/password", guess, 10) == [401] * 10
    response = limited_client.post(
        "/account/password",
        {"current_password": PASSWORD, "new_password": "fresh passphrase 9"},
    )
    assert_limited(response)


def test_reset_token_posts_are_limited(limited_client):
    codes = hammer(limited_client, "/auth/reset/garbage", {"new_password": "x"}, 10)
    assert codes == [400] * 10
    assert_limited(limited_client.post("/auth/reset/garbage", {"new_password": "x"}))


def test_htmx_gets_the_error_fragment_with_retry_after(limited_client):
    hammer(limited_client, "/auth/reset", {"email": "a@example.com"}, 5)
    response = limited_client.htmx("post", "/auth/reset", {"email": "a@example.com"})
    assert_limited(response)
    assert "<html" not in response.get_data(as_text=True)


def test_the_main_test_app_is_unlimited_again_afterwards(app, client, database_url):
    """Building a limited app switches the shared limiter on; the clean-up
    must switch it off again, or later tests would start getting 429s."""
    with limits_on(database_url):
        pass
    for _ in range(8):
        response = client.post("/auth/reset", {"email": "a@example.com"})
        assert response.status_code == 303


def test_login_guesses_are_limited_per_account(app, limited_client):
    make_user(app, "rita")
    guesses = hammer(
        limited_client, "/auth/login", {"login": "rita", "password": "nope nope"}, 10
    )
    assert guesses == [401] * 10
    response = limited_client.post(
        "/auth/login", {"login": "RITA", "password": PASSWORD}
    )
    assert_limited(response)
    # Someone else on the same network address can still log in, as often
    # as they like: only refused attempts count.
    make_user(app, "carlos")
    carlos = {"login": "carlos", "password": PASSWORD}
    assert hammer(limited_client, "/auth/login", carlos, 12) == [303] * 12


def test_the_account_limit_looks_the_account_up_once_a_login(
    limited_app, limited_client
):
    """Flask-Limiter asks for the key before the view and again after it
    (to count a failure); the second time is answered from the first."""
    make_user(limited_app, "rita")
    with QueryCounter(limited_app) as sent:
        for password in (PASSWORD, "nope nope"):
            limited_client.post("/auth/login", {"login": "rita", "password": password})
    lookups = [
        s for s in sent.statements if s.startswith("SELECT users.id \nFROM users")
    ]
    assert len(lookups) == 2


def test_many_sign_ups_from_one_address_are_fine(limited_app):
    statuses = []
    for i in range(40):
        browser = Client(limited_app.test_client())  # each signs up, then is logged in
        data = {"email": f"n{i}@example.com", "username": f"new_{i}"}
        response = browser.post("/auth/register", {**data, "password": PASSWORD})
        statuses.append(response.status_code)
    assert statuses == [303] * 40


def test_lookalike_addresses_count_as_the_address_they_reach(limited_app, tmp_path):
    """Fullwidth letters in the domain reach the same inbox (email-validator
    folds them, and the account stores the folded form), so they share its
    five emails a minute."""
    make_user(limited_app, "noah_9")
    client = Client(limited_app.test_client())
    spellings = [
        "noah_9@ｅｘａｍｐｌｅ.com",
        "Noah_9@EXAMPLE.com",
        "noah_9@ｅｘａｍｐｌｅ.ｃｏｍ",
    ]
    codes = [client.post("/auth/reset", {"email": e}).status_code for e in spellings]
    assert codes == [303] * 3
    assert (
        hammer(client, "/auth/reset", {"email": "noah_9@example.com"}, 2) == [303] * 2
    )
    for spelling in [*spellings, "noah_9@example.com"]:
        assert_limited(client.post("/auth/reset", {"email": spelling}))
    run_queue(limited_app)
    assert len(list(tmp_path.glob("*.eml"))) == 5


@pytest.mark.parametrize(
    "logins",
    [
        # Look-alike spellings of one address count as the address.
        ["rita@ｅｘａｍｐｌｅ.com", " RITA@example.COM ", "rita@example.com"],
        # Both names log into the same account, so alternating them doesn't
        # double the guesses.
        ["rita", "rita@example.com"],
    ],
    ids=["lookalike-emails", "username-and-email"],
)
def test_names_of_one_account_share_its_guesses(app, limited_client, logins):
    make_user(app, "rita")
    codes = [
        limited_client.post(
            "/auth/login", {"login": logins[i % len(logins)], "password": "nope nope"}
        ).status_code
        for i in range(10)
    ]
    assert codes == [401] * 10
    for login in logins:
        right = {"login": login, "password": PASSWORD}
        assert_limited(limited_client.post("/auth/login", right))
