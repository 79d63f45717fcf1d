"""The pages' hot queries go to PostgreSQL as prepared statements
(cleaning_app/prepared.py): prepared once per connection, run after that
by name, again after the connection is replaced, and not at all when
turned off."""

from sqlalchemy import text

from cleaning_app import prepared
from cleaning_app.extensions import db

from .builders import log_in, make_cleaning, make_offer, make_user
from .conftest import make_app
from .test_database_outage import Outage, logged_in

RUNS = text(
    "SELECT coalesce(sum(generic_plans + custom_plans), 0) FROM pg_prepared_statements"
    " WHERE name LIKE 'phresh%'"
)


def runs(app) -> int:
    """How many times this app's (one, idle) connection ran its prepared
    statements. A test client asks one thing at a time, so the pool holds
    the connection every request used."""
    with app.app_context():
        return db.session.execute(RUNS).scalar()


def test_the_pages_run_their_queries_prepared(app, rita, carlos, owner, job):
    make_offer(app, job, carlos, message="Free on Monday.")
    pages = [f"/cleanings/{job.id}", "/feed", "/cleanings/mine"]
    for page in pages:
        assert owner.get(page).status_code == 200
    before = runs(app)
    # A GET ends in a rollback, which keeps what the connection prepared.
    for page in pages:
        assert owner.get(page).status_code == 200
    # The login's user query alone runs once a page.
    assert runs(app) - before >= len(pages) * 2


def scene(app, client):
    """rita's job with carlos's offer, and rita's session cookie."""
    rita, carlos = make_user(app, "rita"), make_user(app, "carlos")
    job = make_cleaning(app, rita, name="Spring clean")
    make_offer(app, job, carlos)
    log_in(client, rita)
    return job, client.raw.get_cookie("session").value


def test_a_new_connection_prepares_again(database_url, app, client):
    """The database went away and came back: the new connection has none
    of the old one's statements, and the pages prepare them again."""
    job, cookie = scene(app, client)
    outage = Outage(database_url)
    try:
        outage.up()
        owner = logged_in(outage, cookie)
        assert owner.get(f"/cleanings/{job.id}").status_code == 200
        assert runs(outage.app) > 0
        outage.down()
        outage.up()
        page = owner.get(f"/cleanings/{job.id}")
        assert page.status_code == 200, page.get_data(as_text=True)[:300]
        assert "@carlos" in page.get_data(as_text=True)
        assert runs(outage.app) > 0
    finally:
        outage.close()


def test_they_can_be_turned_off(database_url, app, client):
    """DB_PREPARED_STATEMENTS=0, for a pooler that moves sessions between
    server connections: every query is sent as text."""
    job, cookie = scene(app, client)
    plain = make_app(database_url, PREPARED_STATEMENTS=False)
    owner = plain.test_client()
    owner.set_cookie("session", cookie)
    try:
        for page in (f"/cleanings/{job.id}", "/feed", "/cleanings/mine"):
            assert owner.get(page).status_code == 200
        with plain.app_context():
            count = "SELECT count(*) FROM pg_prepared_statements"
            assert db.session.execute(text(count)).scalar() == 0
    finally:
        with plain.app_context():
            db.engine.dispose()


def test_a_connection_prepares_a_bounded_number(app, rita, owner, monkeypatch):
    """The feed's page size is written into its SQL, so each size a
    visitor picks is a statement of its own: past the bound, they go as
    text, and the server keeps no more."""
    count = text("SELECT count(*) FROM pg_prepared_statements")
    assert owner.get("/feed").status_code == 200
    with app.app_context():
        before = db.session.execute(count).scalar()
    monkeypatch.setattr(prepared, "MAX_PER_CONNECTION", before + 2)
    for limit in range(1, 8):
        assert owner.get(f"/feed?limit={limit}").status_code == 200
    with app.app_context():
        assert db.session.execute(count).scalar() == before + 2
