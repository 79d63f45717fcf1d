"""`flask users promote <username>`.

The real `flask` command pushes an app context for every command; the test
runner invokes `app.cli` directly, so the tests push one themselves."""

from sqlalchemy import select

from cleaning_app.extensions import db
from cleaning_app.models import User
from tests.builders import log_in, make_user


def flask(app, *args):
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


def is_superuser(app, username) -> bool:
    with app.app_context():
        return db.session.scalar(
            select(User.is_superuser).where(User.username == username)
        )


def test_promote_makes_a_superuser(app, client):
    make_user(app, "alice")
    result = flask(app, "users", "promote", "ALICE")
    assert result.exit_code == 0, result.output
    assert "alice is now a superuser." in result.output
    assert is_superuser(app, "alice")
    log_in(client, "alice")
    assert client.get("/admin/users").status_code == 200


def test_promote_unknown_user_fails_and_changes_nothing(app):
    make_user(app, "alice")
    result = flask(app, "users", "promote", "nobody")
    assert result.exit_code != 0
    assert "No user named 'nobody'." in result.output
    assert not is_superuser(app, "alice")


def test_promote_needs_a_username(app):
    result = flask(app, "users", "promote")
    assert result.exit_code == 2
    assert "Missing argument" in result.output
