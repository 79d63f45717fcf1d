"""The pages' hot queries go to PostgreSQL as prepared statements
(cleaning_app/prepared.py): prepared once per connection, run after that
by name, again after the connection is replaced, never more than a bound,
and not at all when turned off.

Each test serves rita's pages from an app of its own and asks every
connection that app opened what it has prepared: a prepared statement lives
on one connection, and a pool may hold more than one."""

import psycopg2
import pytest
from sqlalchemy import event

from cleaning_app import prepared
from cleaning_app.extensions import db

from .builders import PASSWORD, log_in, make_cleaning, make_offer, make_user
from .conftest import Client, make_app
from .test_database_outage import Outage, logged_in

RUNS = (
    "SELECT coalesce(sum(generic_plans + custom_plans), 0) FROM pg_prepared_statements"
    " WHERE name LIKE 'phresh%'"
)
COUNT = "SELECT count(*) FROM pg_prepared_statements"


def watched(app):
    """`app`, noting each connection it opens (before its first request)."""
    opened = app.extensions["opened"] = []
    with app.app_context():
        event.listen(db.engine, "connect", lambda dbapi, record: opened.append(dbapi))
    return app


def asked_all(app, sql: str) -> list:
    """`sql`'s rows' first values, over the app's connections still open."""
    rows = []
    for connection in app.extensions["opened"]:
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                rows += [row[0] for row in cursor.fetchall()]
            connection.rollback()
        except psycopg2.InterfaceError:
            continue  # closed: the pool let it go
    return rows


def asked(app, sql: str) -> int:
    """`sql`'s number, summed over the app's connections still open (all
    idle in its pool between two requests)."""
    return sum(asked_all(app, sql))


@pytest.fixture
def scene(app, client):
    """rita's job with carlos's offer, and rita's session cookie."""
    rita, carlos = make_user(app, "rita"), make_user(app, "carlos")
    job = make_cleaning(app, rita, name="Spring clean")
    make_offer(app, job, carlos, message="Free on Monday.")
    log_in(client, rita)
    return job, client.raw.get_cookie("session").value


@pytest.fixture
def served(database_url):
    """Make an app of the test's own (config overrides as keywords)."""
    apps = []

    def serve(**config):
        apps.append(watched(make_app(database_url, **config)))
        return apps[-1]

    yield serve
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def test_the_pages_run_their_queries_prepared(scene, served):
    job, cookie = scene
    app = served(PAGE_CACHE_SECONDS=0)  # each visit draws its page
    owner = logged_in(app, cookie)
    pages = [f"/cleanings/{job.id}", "/feed", "/cleanings/mine"]
    for page in pages:
        assert owner.get(page).status_code == 200
    before = asked(app, RUNS)
    assert before > 0
    # A GET ends in a rollback, which keeps what the connection prepared.
    answers = [owner.get(page) for page in pages]
    assert [answer.status_code for answer in answers] == [200] * len(pages)
    assert "Free on Monday." in answers[0].get_data(as_text=True)
    # The login's user query alone runs once a page.
    assert asked(app, RUNS) - before >= len(pages) * 2


def test_the_logins_run_their_queries_prepared(scene, served):
    """The page login and the API's token login: the account's lookup and
    the new session's or token's insert."""
    app = served()
    browser = Client(app.test_client())
    for who in ("rita", "rita@example.com"):
        log_in(browser, who)
        assert browser.post("/auth/logout").status_code == 303
    api = app.test_client()
    token = api.post(
        "/api/users/login/token/", data={"username": "rita", "password": PASSWORD}
    )
    assert token.status_code == 200
    statements = asked_all(app, "SELECT statement FROM pg_prepared_statements")
    assert any("lower(users.username) = $1" in s for s in statements)
    assert any("lower(users.email) = $1" in s for s in statements)
    assert any(
        s.startswith("PREPARE phresh_") and "INSERT INTO user_sessions" in s
        for s in statements
    )
    assert any("INSERT INTO api_tokens" in s for s in statements)


def test_a_new_connection_prepares_again(database_url, scene):
    """The database went away and came back: the new connection has none
    of the old one's statements, and the pages prepare them again."""
    job, cookie = scene
    outage = Outage(database_url)
    watched(outage.app)
    try:
        outage.up()
        owner = logged_in(outage.app, cookie)
        assert owner.get(f"/cleanings/{job.id}").status_code == 200
        assert asked(outage.app, RUNS) > 0
        outage.down()
        outage.up()
        page = owner.get(f"/cleanings/{job.id}")
        assert page.status_code == 200, page.get_data(as_text=True)[:300]
        assert "@carlos" in page.get_data(as_text=True)
        assert asked(outage.app, RUNS) > 0
    finally:
        outage.close()


def test_they_can_be_turned_off(scene, served):
    """DB_PREPARED_STATEMENTS=0, for a pooler that moves sessions between
    server connections: every query is sent as text."""
    job, cookie = scene
    app = served(PREPARED_STATEMENTS=False)
    owner = logged_in(app, cookie)
    for page in (f"/cleanings/{job.id}", "/feed", "/cleanings/mine"):
        assert owner.get(page).status_code == 200
    assert asked(app, COUNT) == 0


def test_a_connection_prepares_a_bounded_number(scene, served, monkeypatch):
    """The feed's page size is written into its SQL, so each size a
    visitor picks is a statement of its own: past the bound, they go as
    text, and the server keeps no more."""
    job, cookie = scene
    app = served()
    owner = logged_in(app, cookie)
    assert owner.get("/feed").status_code == 200
    before = asked(app, COUNT)
    monkeypatch.setattr(prepared, "MAX_PER_CONNECTION", before + 2)
    for limit in range(1, 8):
        assert owner.get(f"/feed?limit={limit}").status_code == 200
    assert asked(app, COUNT) == before + 2
