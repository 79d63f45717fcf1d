"""`flask seed` on a database that already has data: it refuses in one line
(the demo usernames are fixed), and `--reset` empties every table first."""

from sqlalchemy import func, select

from cleaning_app.extensions import db
from cleaning_app.models import Cleaning, User
from cleaning_app.seed import DEMO_PASSWORD

from .builders import count, log_in, make_cleaning, make_user


def flask(app, *args, **kwargs):
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args), **kwargs)


def usernames(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(User.username)))


def assert_refused_in_one_line(result):
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: The database already has")
    assert "flask seed --reset" in lines[0]


def test_seeding_twice_refuses_the_second_time_and_adds_nothing(app):
    first = flask(app, "seed", "--users", "4", "--cleanings", "6")
    assert first.exit_code == 0, first.output
    result = flask(app, "seed", "--users", "4", "--cleanings", "6")
    assert_refused_in_one_line(result)
    assert (count(app, User), count(app, Cleaning)) == (4, 6)


def test_seeding_beside_real_users_refuses_and_adds_nothing(app):
    alice = make_user(app, "alice")
    make_cleaning(app, alice)
    result = flask(app, "seed", "--users", "4", "--cleanings", "6")
    assert_refused_in_one_line(result)
    assert usernames(app) == {"alice"}
    assert count(app, Cleaning) == 1


def test_reset_empties_every_table_then_seeds(app, client):
    alice = make_user(app, "alice")
    make_cleaning(app, alice)
    result = flask(app, "seed", "--reset", "--yes", "--users", "4", "--cleanings", "6")
    assert result.exit_code == 0, result.output
    assert "alice" not in usernames(app)
    assert (count(app, User), count(app, Cleaning)) == (4, 6)
    with app.app_context():
        # Ids start again from 1, as in a new database.
        assert db.session.scalar(select(func.min(User.id))) == 1
    log_in(client, "resident_rita", DEMO_PASSWORD)
    assert "@resident_rita" in client.get("/").get_data(as_text=True)


def test_reset_asks_first_and_no_keeps_everything(app):
    make_user(app, "alice")
    result = flask(app, "seed", "--reset", "--users", "4", input="n\n")
    assert result.exit_code == 1, result.output
    assert "Delete every row" in result.output and "Aborted" in result.output
    assert usernames(app) == {"alice"}
    result = flask(
        app, "seed", "--reset", "--users", "4", "--cleanings", "2", input="y\n"
    )
    assert result.exit_code == 0, result.output
    assert count(app, User) == 4


def test_reset_on_an_empty_database_just_seeds(app):
    result = flask(app, "seed", "--reset", "--users", "3", "--cleanings", "2")
    assert result.exit_code == 0, result.output
    assert "Delete every row" not in result.output
    assert count(app, User) == 3
