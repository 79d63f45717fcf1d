"""Anonymous pages are kept a few seconds per worker: a write in this
process shows at once, a logged-in visitor never gets a kept page, and a
visitor's copy that is still good gets 304.

A change made by another process (another worker, a script) is only seen
once the kept page expires: `renamed_elsewhere` makes one through a
connection of its own, which no commit hook of this process sees."""

import psycopg2
import pytest

from cleaning_app import pagecache
from cleaning_app.auth import tokens
from cleaning_app.extensions import db
from cleaning_app.models import Cleaning

from .builders import BOOKING, body
from .conftest import Client, make_app
from .test_rate_limit import limits_on


@pytest.fixture(autouse=True)
def long_enough(app, monkeypatch):
    """Kept for a minute, so no test depends on how fast it runs."""
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)


@pytest.fixture
def renamed_elsewhere(database_url):
    def rename(job, name):
        connection = psycopg2.connect(database_url)
        connection.autocommit = True
        try:
            connection.cursor().execute(
                "UPDATE cleanings SET name = %s WHERE id = %s", (name, job.id)
            )
        finally:
            connection.close()

    return rename


def anonymous_get(app, url, **headers):
    return app.test_client().get(url, headers=headers)


def test_an_anonymous_page_is_kept_until_it_expires(
    app, job, renamed_elsewhere, monkeypatch
):
    pages = [
        ("/cleanings?q=flat", {}),
        ("/cleanings?q=flat", {"HX-Request": "true"}),
        (f"/cleanings/{job.id}", {}),
        ("/profiles/rita", {}),
        ("/", {}),
    ]
    for url, headers in pages:
        assert "Two-bedroom flat" in body(anonymous_get(app, url, **headers)), url
    renamed_elsewhere(job, "Studio flat by the park")
    for url, headers in pages:
        assert "Two-bedroom flat" in body(anonymous_get(app, url, **headers)), url
    now = pagecache.clock()
    monkeypatch.setattr(pagecache, "clock", lambda: now + 61)
    for url, headers in pages:
        assert "Studio flat by the park" in body(anonymous_get(app, url, **headers)), (
            url
        )


def test_the_page_and_its_fragment_are_kept_apart(app, job):
    page = anonymous_get(app, "/cleanings")
    fragment = anonymous_get(app, "/cleanings", **{"HX-Request": "true"})
    assert "<html" in body(page)
    assert "<html" not in body(fragment)
    assert "<html" in body(anonymous_get(app, "/cleanings"))
    assert "<html" not in body(
        anonymous_get(app, "/cleanings", **{"HX-Request": "true"})
    )


def test_a_job_posted_in_this_process_shows_at_once(app, owner):
    assert "Attic and loft" not in body(anonymous_get(app, "/cleanings"))
    assert "Attic and loft" not in body(anonymous_get(app, "/"))
    posted = owner.post(
        "/cleanings/new",
        {
            "name": "Attic and loft",
            "price": "30",
            "cleaning_type": "spot_clean",
            **BOOKING,
        },
    )
    assert posted.status_code == 303
    assert "Attic and loft" in body(anonymous_get(app, "/cleanings"))
    assert "Attic and loft" in body(anonymous_get(app, "/"))


def test_a_logged_in_visitor_never_gets_a_kept_page(app, owner, job, renamed_elsewhere):
    anonymous = anonymous_get(app, f"/cleanings/{job.id}")
    assert "Log in to make an offer" in body(anonymous)
    renamed_elsewhere(job, "Studio flat by the park")
    mine = owner.get(f"/cleanings/{job.id}")
    assert "Studio flat by the park" in body(mine)
    assert "Log in to make an offer" not in body(mine)
    assert mine.headers["Cache-Control"] == "no-store"


def test_a_visitor_with_a_session_gets_a_fresh_page(
    app, client, job, renamed_elsewhere
):
    """A session cookie (here from the login form's token) may hold a flash
    or a form's state: such a visitor is served afresh."""
    anonymous_get(app, f"/cleanings/{job.id}")
    client.get("/auth/login")
    renamed_elsewhere(job, "Studio flat by the park")
    assert "Studio flat by the park" in body(client.get(f"/cleanings/{job.id}"))


def test_a_page_showing_a_flash_is_never_kept(app, client, rita):
    """The email link's notice is shown to whoever follows it, logged in
    or not, on the landing page."""
    with app.app_context():
        link = f"/auth/verify/{tokens.make_verify_token(rita)}"
    assert client.get(link).status_code == 303
    assert "email address is confirmed" in body(client.get("/"))
    assert "email address is confirmed" not in body(anonymous_get(app, "/"))


def test_a_page_that_sets_a_cookie_is_never_kept(database_url, job):
    other = make_app(database_url, PAGE_CACHE_SECONDS=60)
    greeted = []

    @other.after_request  # runs before the cache's own hook
    def greet_the_first_visitor(response):
        if not greeted:
            response.set_cookie("hello", "there")
            greeted.append(True)
        return response

    assert "Set-Cookie" in other.test_client().get("/").headers
    assert "Set-Cookie" not in other.test_client().get("/").headers


def test_a_matching_if_none_match_gets_304_until_the_page_changes(app, job):
    first = anonymous_get(app, f"/cleanings/{job.id}")
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    again = anonymous_get(app, f"/cleanings/{job.id}", **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert "frame-ancestors 'none'" in again.headers["Content-Security-Policy"]
    assert again.headers["ETag"] == etag
    with app.app_context():
        db.session.get(Cleaning, job.id).name = "Studio flat by the park"
        db.session.commit()
    changed = anonymous_get(app, f"/cleanings/{job.id}", **{"If-None-Match": etag})
    assert changed.status_code == 200
    assert "Studio flat by the park" in body(changed)


def test_keeping_can_be_turned_off(app, job, renamed_elsewhere, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 0)
    anonymous_get(app, f"/cleanings/{job.id}")
    renamed_elsewhere(job, "Studio flat by the park")
    assert "Studio flat by the park" in body(anonymous_get(app, f"/cleanings/{job.id}"))


def test_rate_limit_counts_leave_the_kept_pages_be(
    database_url, job, renamed_elsewhere
):
    """The counters live in the database too, but show on no page: a login
    attempt that counts against its limit doesn't empty the cache."""
    with limits_on(database_url) as limited:
        limited.config["PAGE_CACHE_SECONDS"] = 60
        url = f"/cleanings/{job.id}"
        assert "Two-bedroom flat" in body(anonymous_get(limited, url))
        renamed_elsewhere(job, "Studio flat by the park")
        guess = {"login": "rita", "password": "not the password"}
        assert (
            Client(limited.test_client()).post("/auth/login", guess).status_code == 401
        )
        assert "Two-bedroom flat" in body(anonymous_get(limited, url))
