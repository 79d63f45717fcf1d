"""`flask backup` and `flask restore`: a dump of a seeded database, restored
into an empty one, has the same rows in every table; a restore never mixes
a backup into a database that has data unless told to replace it."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from cleaning_app.extensions import db
from cleaning_app.localdb import ensure_database, start_server
from cleaning_app.seed import DEMO_PASSWORD, seed_database

from .builders import BOOKING, log_in, make_user
from .conftest import Client, make_app
from .databases import row_counts, scratch_database, table_digests

ROOT = Path(__file__).resolve().parents[1]
FILLED = {
    "users",
    "profiles",
    "user_sessions",
    "cleanings",
    "offers",
    "evaluations",
    "activities",
    "form_submissions",
}


def flask(app, *args, **kwargs):
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args), **kwargs)


def digests(app):
    with app.app_context():
        return table_digests()


def fill(app) -> None:
    """Demo data plus a login and a used form key: rows in every table that
    the app fills as it is used."""
    with app.app_context():
        seed_database(users=8, cleanings=30, echo=lambda *_: None)
        db.session.execute(
            text("INSERT INTO form_submissions (key_hash, location) VALUES ('k', '/')")
        )
        db.session.commit()
    log_in(Client(app.test_client()), "resident_rita", DEMO_PASSWORD)
    with app.app_context():
        counts = row_counts()
    assert all(counts[name] for name in FILLED), counts


@pytest.fixture
def empty_app(database_url):
    """An app on a database of its own with nothing in it, not even tables."""
    with scratch_database(database_url, "restore") as url:
        app = make_app(url)
        yield app
        with app.app_context():
            db.engine.dispose()


def test_a_backup_restored_into_an_empty_database_has_the_same_rows(
    app, empty_app, tmp_path
):
    fill(app)
    dump = tmp_path / "phresh.dump"
    result = flask(app, "backup", str(dump))
    assert result.exit_code == 0, result.output
    assert f"Backed up the database to {dump}" in result.output
    assert dump.stat().st_size > 0
    result = flask(empty_app, "restore", str(dump))
    assert result.exit_code == 0, result.output
    assert digests(empty_app) == digests(app)
    # The restored copy works: the demo login, and new ids follow the old.
    browser = Client(empty_app.test_client())
    log_in(browser, "resident_rita", DEMO_PASSWORD)
    response = browser.post(
        "/cleanings/new",
        {
            "name": "After the restore",
            "price": "30",
            "cleaning_type": "full_clean",
            **BOOKING,
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)


def test_backup_without_a_path_writes_a_dated_file_under_instance(
    app, tmp_path, monkeypatch
):
    make_user(app, "alice")
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    result = flask(app, "backup")
    assert result.exit_code == 0, result.output
    (dump,) = (tmp_path / "backups").glob("phresh-*.dump")
    assert str(dump) in result.output


def test_restore_refuses_a_database_that_has_tables(app, tmp_path):
    make_user(app, "alice")
    dump = tmp_path / "phresh.dump"
    assert flask(app, "backup", str(dump)).exit_code == 0
    make_user(app, "bob")
    before = digests(app)
    result = flask(app, "restore", str(dump))
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "--clean" in lines[0], result.output
    assert digests(app) == before


def test_restore_clean_puts_a_database_back_as_it_was(empty_app, tmp_path):
    with empty_app.app_context():
        upgrade()
    fill(empty_app)
    backed_up = digests(empty_app)
    dump = tmp_path / "phresh.dump"
    assert flask(empty_app, "backup", str(dump)).exit_code == 0
    make_user(empty_app, "latecomer")
    with empty_app.app_context():
        db.session.execute(text("DELETE FROM evaluations"))
        db.session.commit()
    result = flask(empty_app, "restore", "--clean", str(dump))
    assert result.exit_code == 0, result.output
    assert digests(empty_app) == backed_up


def test_backup_never_overwrites_a_file(app, tmp_path):
    dump = tmp_path / "phresh.dump"
    dump.write_text("an older backup")
    result = flask(app, "backup", str(dump))
    assert result.exit_code == 1 and "already exists" in result.output
    assert dump.read_text() == "an older backup"


def test_missing_client_tools_are_named_in_one_line(app, tmp_path, monkeypatch):
    monkeypatch.setenv("PG_BIN", str(tmp_path))
    result = flask(app, "backup", str(tmp_path / "phresh.dump"))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "pg_dump" in lines[0] and "PG_BIN" in lines[0]
    assert not (tmp_path / "phresh.dump").exists()


def test_make_backup_and_restore_use_make_runs_embedded_database(postgres_tmp_path):
    """Without DATABASE_URL, `make backup` and `make restore` (through
    cleaning_app.localdb) start the embedded server under PHRESH_PGDATA for
    the command and stop it after."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    tmp_path = postgres_tmp_path  # a server runs there
    env["PHRESH_PGDATA"] = str(tmp_path / "pgdata")

    def localdb(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "cleaning_app.localdb", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    localdb("db", "upgrade")
    localdb("seed", "--users", "3", "--cleanings", "2")
    dump = tmp_path / "local.dump"
    assert str(dump) in localdb("backup", str(dump))
    localdb("seed", "--reset", "--yes", "--users", "5", "--cleanings", "1")
    localdb("restore", "--clean", str(dump))
    assert not (tmp_path / "pgdata" / "postmaster.pid").exists()
    server = start_server(tmp_path / "pgdata")
    try:
        with psycopg2.connect(ensure_database(server, "phresh")) as connection:
            cursor = connection.cursor()
            cursor.execute("SELECT count(*) FROM users")
            assert cursor.fetchone() == (3,)
        connection.close()
    finally:
        server.cleanup()
