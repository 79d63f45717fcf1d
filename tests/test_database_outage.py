"""The database goes away: every page answers a friendly 503 (with
Retry-After and the CONTRACT's headers), logged in or not, without asking
the database again on the way out; and the same app recovers the moment the
database is back.

The suite's embedded server can't be stopped without breaking other tests,
so the app under test reaches it through a socket directory of its own: a
symlink to the server's socket. Removing the link (and ending the app's
open connections) is the outage; putting it back is the recovery."""

import re
import shutil
import tempfile
import time
import uuid
from pathlib import Path

import psycopg2
import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from cleaning_app.extensions import db

from .builders import log_in, make_cleaning, make_user
from .conftest import make_app

FRIENDLY = "can't reach its database"


class Outage:
    """An app whose road to the database can be cut and restored."""

    def __init__(self, database_url: str, **config):
        url = make_url(database_url)
        socket_dir = url.query.get("host")
        if not socket_dir or not str(socket_dir).startswith("/"):
            pytest.skip("needs a database reached through a Unix socket")
        self.real = sorted(Path(socket_dir).glob(".s.PGSQL.*[0-9]"))[0]
        # Short: a Unix socket's path has a limit of about 100 bytes.
        self.dir = Path(tempfile.mkdtemp(prefix="pgo-"))
        self.link = self.dir / self.real.name
        self.admin_url = database_url
        # Its own name: down() ends this app's connections only, not those
        # of another Outage in a parallel worker on the same server.
        self.name = f"phresh-outage-{uuid.uuid4().hex[:12]}"
        self.app = make_app(
            url.update_query_dict(
                {"host": str(self.dir), "application_name": self.name}
            ).render_as_string(hide_password=False),
            PROPAGATE_EXCEPTIONS=False,  # as in production
            **config,
        )
        with self.app.app_context():
            self.engine = db.engine
        self.connects = 0
        event.listen(self.engine, "do_connect", self._count)

    def _count(self, *args):
        self.connects += 1

    def up(self):
        self.link.symlink_to(self.real)

    def down(self):
        """The server is gone: no new connections, and the ones the app
        holds in its pool are dead."""
        self.link.unlink(missing_ok=True)
        connection = psycopg2.connect(self.admin_url)
        connection.autocommit = True
        try:
            cursor = connection.cursor()
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = %s",
                (self.name,),
            )
            # pg_terminate_backend only signals: wait until they are gone,
            # or a busy machine lets the next request reach a dying one.
            for _ in range(100):
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                    (self.name,),
                )
                if cursor.fetchone()[0] == 0:
                    break
                time.sleep(0.05)
        finally:
            connection.close()

    def close(self):
        self.engine.dispose()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def outage(app, database_url):
    outage = Outage(database_url)
    yield outage
    outage.close()


@pytest.fixture
def scene(app, client):
    """A job, and the session cookie of its logged-in owner."""
    owner = make_user(app, "owner")
    job = make_cleaning(app, owner, name="Spring clean")
    log_in(client, owner)
    token = client.csrf_token("/cleanings/new")
    return job, client.raw.get_cookie("session").value, token


def logged_in(app, cookie):
    """A browser of `app` holding the session cookie `cookie`."""
    browser = app.test_client()
    browser.set_cookie("session", cookie)
    return browser


def assert_friendly_503(response):
    page = response.get_data(as_text=True)
    assert response.status_code == 503, page[:500]
    assert response.headers["Retry-After"].isdigit()
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    assert FRIENDLY in page.replace("&#39;", "'")
    assert "Internal Server Error" not in page


def test_pages_answer_a_friendly_503_while_the_database_is_down(outage, scene):
    job, cookie, token = scene
    outage.down()
    anonymous = outage.app.test_client()
    owner = logged_in(outage.app, cookie)
    pages = [
        (anonymous, "get", "/cleanings"),
        (anonymous, "get", f"/cleanings/{job.id}"),
        (anonymous, "get", "/"),
        (anonymous, "get", "/profiles/owner"),
        (owner, "get", "/cleanings"),
        (owner, "get", f"/cleanings/{job.id}"),
        (owner, "get", "/cleanings/mine"),
        (owner, "get", "/feed"),
        (owner, "get", "/no/such/page"),
        (owner, "post", "/auth/logout"),
        (owner, "post", f"/cleanings/{job.id}/delete"),
    ]
    for browser, method, path in pages:
        outage.connects = 0
        if method == "post":
            response = browser.post(path, data={"csrf_token": token})
        else:
            response = browser.get(path)
        assert_friendly_503(response)
        # One try to connect, by whatever asked first; the error page
        # itself never asks again.
        assert outage.connects <= 1, (method, path, outage.connects)


def test_htmx_gets_the_503_as_a_fragment(outage, scene):
    job, cookie, token = scene
    outage.down()
    response = logged_in(outage.app, cookie).get(
        "/cleanings?q=spring", headers={"HX-Request": "true"}
    )
    assert_friendly_503(response)
    assert "<html" not in response.get_data(as_text=True)


def test_a_logged_in_page_shows_anonymous_navigation_when_the_database_is_down(
    outage, scene
):
    job, cookie, token = scene
    outage.down()
    page = logged_in(outage.app, cookie).get("/feed").get_data(as_text=True)
    # Who is logged in is in the database; the page doesn't pretend to know.
    assert "@owner" not in page and "Log out" not in page


def test_a_rate_limited_login_is_a_503_too(database_url, scene):
    # The limits count in the database unless RATELIMIT_STORAGE_URI says
    # otherwise: with it gone, the check itself fails.
    limited = Outage(database_url, RATELIMIT_ENABLED=True)
    try:
        limited.down()
        browser = logged_in(limited.app, scene[1])
        response = browser.post(
            "/auth/login",
            data={"csrf_token": scene[2], "login": "owner", "password": "x" * 10},
        )
        assert_friendly_503(response)
    finally:
        limited.close()


def test_probes_during_the_outage(outage, scene):
    job, cookie, token = scene
    outage.down()
    for browser in (outage.app.test_client(), logged_in(outage.app, cookie)):
        health = browser.get("/healthz")
        assert (health.status_code, health.get_data(as_text=True)) == (200, "ok")
        assert browser.get("/readyz").status_code == 503
        static = browser.get("/static/css/phresh.css")
        assert static.status_code == 200
        assert static.headers["X-Content-Type-Options"] == "nosniff"
        static.close()


def test_the_same_app_recovers_as_soon_as_the_database_is_back(outage, scene):
    job, cookie, token = scene
    outage.up()
    owner = logged_in(outage.app, cookie)
    assert owner.get("/cleanings/mine").status_code == 200  # the pool is warm
    outage.down()
    assert owner.get("/cleanings/mine").status_code == 503
    assert outage.app.test_client().get(f"/cleanings/{job.id}").status_code == 503
    outage.up()
    page = owner.get("/cleanings/mine")
    assert page.status_code == 200
    assert "Spring clean" in page.get_data(as_text=True)
    assert re.search(r"@owner\b", page.get_data(as_text=True))
    assert outage.app.test_client().get(f"/cleanings/{job.id}").status_code == 200
    assert outage.app.test_client().get("/readyz").status_code == 200


def test_a_connection_lost_mid_request_ends_the_request_quietly(outage):
    """The server goes away after the request read from it: the rollback at
    the end of the request fails too, and an error raised there (teardown
    runs after every error handler) would reach the client as a bare 500
    without our headers. The request ends quietly, and the next one works
    once the server is back."""
    outage.up()
    with outage.app.test_request_context("/cleanings"):
        db.session.execute(text("SELECT 1"))
        outage.down()
    outage.up()
    assert outage.app.test_client().get("/cleanings").status_code == 200
