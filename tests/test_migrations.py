"""The migrations: the updated_at trigger, a full round trip, and agreement
with the models."""

import time
import uuid

import psycopg2
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from cleaning_app.extensions import db

from .builders import make_user
from .conftest import make_app

TABLES = {
    "users",
    "profiles",
    "cleanings",
    "offers",
    "evaluations",
    "activities",
    "form_submissions",
}


@pytest.fixture
def scratch_url(database_url):
    """A database of its own, so the round trip can't disturb other tests."""
    name = f"phresh_scratch_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(database_url)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    yield (
        make_url(database_url).set(database=name).render_as_string(hide_password=False)
    )
    admin.cursor().execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.close()


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
        diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert diff == []
