"""The migrations: the updated_at trigger, full round trips (empty, and on
seeded data that must survive them), and agreement with the models."""

import time
from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from cleaning_app.extensions import db
from cleaning_app.seed import DEMO_PASSWORD, seed_database
from cleaning_app.tasks.schema import include_name

from .builders import is_logged_in, log_in, make_user
from .conftest import Client, make_app
from .databases import row_counts, scratch_database

TABLES = {
    "users",
    "profiles",
    "cleanings",
    "offers",
    "evaluations",
    "client_reviews",
    "activities",
    "form_submissions",
    "rate_limits",
}


@pytest.fixture
def scratch_url(database_url):
    """A database of its own, so the round trip can't disturb other tests."""
    with scratch_database(database_url) as url:
        yield url


def test_updated_at_moves_forward_on_update_and_created_at_stays(app):
    user = make_user(app, "tidy")
    with app.app_context():
        select_times = text("SELECT created_at, updated_at FROM users WHERE id = :id")
        created, updated = db.session.execute(select_times, {"id": user.id}).one()
        db.session.commit()
        time.sleep(0.01)
        db.session.execute(
            text("UPDATE users SET email_verified = true WHERE id = :id"),
            {"id": user.id},
        )
        db.session.commit()
        created_after, updated_after = db.session.execute(
            select_times, {"id": user.id}
        ).one()
    assert created_after == created
    assert updated_after > updated
    assert updated.microsecond or updated_after.microsecond  # microsecond precision


def test_every_table_has_the_trigger(app):
    with app.app_context():
        rows = db.session.execute(
            text(
                "SELECT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE '%set_updated_at' AND action_timing = 'BEFORE'"
                " AND event_manipulation = 'UPDATE'"
            )
        ).scalars()
        assert set(rows) >= TABLES


def test_upgrade_downgrade_upgrade(scratch_url):
    app = make_app(scratch_url)
    with app.app_context():
        upgrade()
        assert set(inspect(db.engine).get_table_names()) >= TABLES
        downgrade(revision="base")
        inspector = inspect(db.engine)
        assert set(inspector.get_table_names()) <= {"alembic_version"}
        functions = db.session.execute(
            text("SELECT count(*) FROM pg_proc WHERE proname = 'set_updated_at'")
        ).scalar()
        db.session.commit()
        assert functions == 0
        upgrade()
        assert set(inspect(db.engine).get_table_names()) >= TABLES
        db.engine.dispose()


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": include_name}
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def current_revision() -> str:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_round_trip_on_seeded_data_keeps_the_rows_of_every_table_that_stays(
    scratch_url,
):
    """Down one revision at a time to the first, then up again to the head:
    every table that exists at a step has all its rows, and the logins made
    before still work."""
    app = make_app(scratch_url)
    with app.app_context():
        upgrade()
        head = current_revision()
        seed_database(users=8, cleanings=30, echo=lambda *_: None)
        db.session.execute(
            text("INSERT INTO form_submissions (key_hash, location) VALUES ('k', '/')")
        )
        db.session.execute(
            text(
                "INSERT INTO rate_limits (key, hits, expires_at)"
                " VALUES ('k', 1, now() + interval '1 hour')"
            )
        )
        db.session.commit()
    browser = Client(app.test_client())
    log_in(browser, "resident_rita", DEMO_PASSWORD)
    with app.app_context():
        seeded = row_counts()
        assert all(seeded[name] for name in TABLES | {"user_sessions"}), seeded
        while current_revision() != "0001":
            downgrade(revision="-1")
            counts = row_counts()
            assert counts == {name: seeded[name] for name in counts}
        survivors = row_counts()
        while current_revision() != head:
            upgrade(revision="+1")
            counts = row_counts()
            assert {name: counts[name] for name in survivors} == survivors
        assert row_counts()["user_sessions"] == seeded["user_sessions"]
    assert is_logged_in(browser)
    with app.app_context():
        db.engine.dispose()


def test_the_upgrade_gives_existing_sessions_their_lifetime(scratch_url):
    """Sessions made before migration 0007 ended 30 days after their login:
    one from 400 days ago stops working, a recent one keeps working."""
    app = make_app(scratch_url)
    with app.app_context():
        upgrade()
    user = make_user(app, "rita")
    recent, stale = Client(app.test_client()), Client(app.test_client())
    log_in(recent, user)
    log_in(stale, user)
    with app.app_context():
        downgrade(revision="0006")
        db.session.execute(
            text(
                "UPDATE user_sessions SET created_at = created_at - :ago"
                " WHERE id = (SELECT max(id) FROM user_sessions)"
            ),
            {"ago": timedelta(days=400)},
        )
        db.session.commit()
        upgrade()
    assert is_logged_in(recent)
    assert not is_logged_in(stale)
    with app.app_context():
        db.engine.dispose()
