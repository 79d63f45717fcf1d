"""Every wait on the database is bounded, and running out of time is a
friendly 503 (the request can be tried again), never a worker stuck until
gunicorn kills it: statement_timeout and lock_timeout on the app's
connections, a pool timeout below gunicorn's worker timeout, a connect
timeout.

A job's row locked by another transaction makes an owner's Accept wait:
with the bounds it gives up after a fraction of a second. (Without them it
would wait for as long as the lock is held; the blocker lets go after 20
seconds so that such a run fails instead of hanging.)"""

import threading

import psycopg2
import pytest
from sqlalchemy import text

from cleaning_app import gunicorn_conf
from cleaning_app.config import engine_options
from cleaning_app.extensions import db

from .builders import log_in, make_cleaning, make_offer, make_user
from .conftest import Client, make_app

GIVE_UP_AFTER_SECONDS = 20


@pytest.fixture
def locked_job(app, database_url):
    """A job with a pending offer, whose row another transaction holds."""
    owner = make_user(app, "owner")
    cleaner = make_user(app, "cleaner")
    job = make_cleaning(app, owner)
    make_offer(app, job, cleaner)
    blocker = psycopg2.connect(database_url)
    blocker.cursor().execute(
        "SELECT 1 FROM cleanings WHERE id = %s FOR UPDATE", [job.id]
    )
    release = threading.Timer(GIVE_UP_AFTER_SECONDS, blocker.rollback)
    release.start()
    yield job
    release.cancel()
    blocker.close()


def accept_as_owner(bounded_app, job):
    owner = Client(bounded_app.test_client())
    log_in(owner, "owner")
    return owner.post(f"/cleanings/{job.id}/offers/cleaner/accept")


def offer_status(app, job) -> str:
    with app.app_context():
        return db.session.execute(
            text("SELECT status FROM offers WHERE cleaning_id = :id"), {"id": job.id}
        ).scalar_one()


def assert_try_again(response):
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert response.headers["Retry-After"].isdigit()
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("lock_ms", "statement_ms"),
    [("200", "0"), ("0", "300")],
    ids=["lock_timeout", "statement_timeout"],
)
def test_a_wait_on_a_locked_row_gives_up_at_its_timeout(
    app, database_url, locked_job, lock_ms, statement_ms
):
    """Either bound alone (the other off) ends the wait on the row lock."""
    bounded = make_app(
        database_url,
        SQLALCHEMY_ENGINE_OPTIONS=engine_options(
            {"DB_LOCK_TIMEOUT_MS": lock_ms, "DB_STATEMENT_TIMEOUT_MS": statement_ms}
        ),
    )
    assert_try_again(accept_as_owner(bounded, locked_job))
    assert offer_status(app, locked_job) == "pending"


def test_no_free_connection_in_the_pool_is_a_503(app, database_url):
    crowded = make_app(
        database_url,
        SQLALCHEMY_ENGINE_OPTIONS={
            "pool_size": 1,
            "max_overflow": 0,
            "pool_timeout": 0.2,
        },
    )
    with crowded.app_context():
        engine = db.engine
    with engine.connect():  # the pool's only connection, busy elsewhere
        assert_try_again(crowded.test_client().get("/cleanings"))
    assert crowded.test_client().get("/cleanings").status_code == 200
    engine.dispose()


def test_the_default_bounds(app):
    options = engine_options({})
    assert 0 < options["pool_timeout"] < gunicorn_conf.timeout
    assert options["pool_pre_ping"]
    assert options["connect_args"]["connect_timeout"] < gunicorn_conf.timeout
    with app.app_context(), db.engine.connect() as connection:
        assert connection.scalar(text("SHOW statement_timeout")) == "5s"
        assert connection.scalar(text("SHOW lock_timeout")) == "2s"


def test_the_bounds_come_from_the_environment():
    options = engine_options(
        {
            "DB_STATEMENT_TIMEOUT_MS": "1500",
            "DB_LOCK_TIMEOUT_MS": "250",
            "DB_POOL_SIZE": "3",
            "DB_MAX_OVERFLOW": "1",
            "DB_POOL_TIMEOUT": "4",
            "DB_CONNECT_TIMEOUT": "3",
        }
    )
    assert options["pool_size"] == 3 and options["max_overflow"] == 1
    assert options["pool_timeout"] == 4
    assert options["connect_args"] == {
        "connect_timeout": 3,
        "options": "-c statement_timeout=1500 -c lock_timeout=250",
    }
