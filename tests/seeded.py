"""One `flask seed` for a whole test module, read back with SQL of the
test's own. The site zone is not UTC, so "working hours" and weekdays mean
the site's, not the database's."""

from contextlib import contextmanager

from sqlalchemy import text

from cleaning_app.extensions import db
from cleaning_app.seed import empty_database

from .conftest import make_app

ZONE = "America/New_York"


@contextmanager
def seeded_app(database_url: str, users: int, cleanings: int):
    """An app on a database `flask seed` filled; emptied again after."""
    app = make_app(database_url, PHRESH_TIMEZONE=ZONE)
    with app.app_context():
        result = app.test_cli_runner().invoke(
            args=["seed", "--users", str(users), "--cleanings", str(cleanings)]
        )
        assert result.exit_code == 0, result.output
    yield app
    with app.app_context():
        empty_database()
        db.session.commit()
        db.engine.dispose()


def sql(app, statement: str, **params) -> list:
    with app.app_context():
        found = db.session.execute(text(statement), params).all()
        db.session.rollback()
    return found
