"""Test set-up: a real PostgreSQL (TEST_DATABASE_URL, or a throwaway embedded
server for the session), migrated once; every table emptied after each test."""

import os
import re
import tempfile
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import event, text

from cleaning_app import create_app
from cleaning_app.extensions import db
from cleaning_app.localdb import ensure_database, start_server

TEST_CONFIG = {
    "TESTING": True,
    # Cheap hashes keep the suite fast; production parameters are in config.py.
    "ARGON2_MEMORY_KIB": 64,
    "ARGON2_TIME_COST": 1,
    "ARGON2_PARALLELISM": 1,
    "RATELIMIT_ENABLED": False,
    "SERVER_NAME": None,
    # Emails a test sends stay out of instance/outbox (see the `outbox` fixture).
    "MAIL_OUTBOX": tempfile.mkdtemp(prefix="phresh-test-outbox-"),
}
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture(scope="session")
def database_url():
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        yield url
        return
    workdir = Path(tempfile.mkdtemp(prefix="phresh-test-"))
    server = start_server(workdir / "pgdata", cleanup_mode="delete")
    yield ensure_database(server, "phresh_test")
    server.cleanup()


def make_app(database_url: str, **overrides):
    return create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **overrides}
    )


@pytest.fixture(scope="session")
def app(database_url):
    app = make_app(database_url)
    with app.app_context():
        upgrade()
    return app


@pytest.fixture(autouse=True)
def _clean_database(request):
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        tables = ", ".join(t.name for t in db.metadata.sorted_tables)
        with db.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


class Client:
    """The test client plus what a browser does for forms: it sends the
    CSRF token found on the page."""

    def __init__(self, flask_client):
        self.raw = flask_client

    def csrf_token(self, page: str = "/auth/login") -> str:
        match = TOKEN.search(self.raw.get(page).get_data(as_text=True))
        assert match, f"no CSRF token on {page}"
        return match.group(1)

    def get(self, url, **kwargs):
        return self.raw.get(url, **kwargs)

    def post(self, url, data=None, csrf=True, **kwargs):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.csrf_token())
        return self.raw.post(url, data=data, **kwargs)

    def htmx(self, method, url, data=None, boosted=False, **kwargs):
        headers = {"HX-Request": "true", **kwargs.pop("headers", {})}
        if boosted:
            headers["HX-Boosted"] = "true"
        if method == "get":
            return self.raw.get(url, headers=headers, **kwargs)
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.raw.post(url, data=data, headers=headers, **kwargs)


@pytest.fixture
def client(app):
    return Client(app.test_client())


@pytest.fixture
def make_client(app):
    """More than one browser, e.g. an owner and a cleaner."""
    return lambda: Client(app.test_client())


@pytest.fixture
def browser_as(make_client):
    """A new browser, logged in as `user` (a builder's User or a username)."""
    from .builders import log_in

    def open_as(user):
        browser = make_client()
        log_in(browser, user)
        return browser

    return open_as


@pytest.fixture
def query_counter(app):
    """Counts SQL statements sent while a `with` block runs (from zero each
    time). It holds no app context, so requests stay as separate as a
    browser's."""
    with app.app_context():
        engine = db.engine

    class Counter:
        def __init__(self):
            self.count = 0
            self.statements = []

        def __enter__(self):
            self.count, self.statements = 0, []
            event.listen(engine, "before_cursor_execute", self._on_execute)
            return self

        def __exit__(self, *exc):
            event.remove(engine, "before_cursor_execute", self._on_execute)

        def _on_execute(self, conn, cursor, statement, *args):
            self.count += 1
            self.statements.append(statement)

    return Counter()


@pytest.fixture
def outbox(app, tmp_path, monkeypatch):
    """The emails sent during this test, oldest first (email.message objects)."""
    from email import message_from_bytes, policy

    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))

    def messages():
        files = sorted(tmp_path.glob("*.eml"))
        return [
            message_from_bytes(f.read_bytes(), policy=policy.default) for f in files
        ]

    return messages
