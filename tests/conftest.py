"""Test set-up: a real PostgreSQL (TEST_DATABASE_URL's, or a throwaway
embedded server for the run), one database migrated once per run, a copy of
it for each xdist worker, and every table emptied after each test."""

import contextlib
import os
import re
import shutil
import signal
import tempfile
from pathlib import Path

import fasteners
import psycopg2
import pytest
from flask_migrate import upgrade
from itsdangerous import BadSignature
from psycopg2 import sql
from sqlalchemy import event
from sqlalchemy.engine import make_url

from cleaning_app import create_app
from cleaning_app.extensions import db, limiter
from cleaning_app.localdb import ensure_database, start_server

from .builders import CARLOS_PHONE, RITA_PHONE, log_in, make_cleaning, make_user
from .queued import run_queue

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
RUN_DIR = "phresh_run_dir"


# --- one database server per run, one database per worker ------------------
# The controller (or a run without workers) makes a directory for the run and
# hands it to each xdist worker: the embedded server's data, the lock and the
# "template is ready" mark live there, so the first worker to need the
# database starts the server and migrates, and the others wait and copy.


def pytest_configure(config):
    if hasattr(config, "workerinput"):
        config.phresh_run_dir = config.workerinput[RUN_DIR]
    else:
        config.phresh_run_dir = tempfile.mkdtemp(prefix="phresh-test-")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    node.workerinput[RUN_DIR] = node.config.phresh_run_dir


def pytest_unconfigure(config):
    if hasattr(config, "workerinput"):
        return
    run_dir = Path(config.phresh_run_dir)
    postmaster = run_dir / "pgdata" / "postmaster.pid"
    if postmaster.exists():
        # A worker that died left the server running: shut it down (fast).
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(postmaster.read_text().split()[0]), signal.SIGINT)
    shutil.rmtree(run_dir, ignore_errors=True)


def _admin(url: str):
    """A connection to the server's `postgres` database: a database is copied
    only while nobody is connected to it."""
    maintenance = make_url(url).set(database="postgres")
    connection = psycopg2.connect(maintenance.render_as_string(hide_password=False))
    connection.autocommit = True
    return connection


def _migrate_and_empty(url: str) -> None:
    app = make_app(url)
    with app.app_context():
        upgrade()
        with db.engine.begin() as connection:
            connection.exec_driver_sql(_emptying_sql(connection))
        db.engine.dispose()  # so that it can be copied


def _copy_database(template_url: str, name: str) -> str:
    template = make_url(template_url).database
    connection = _admin(template_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )
            cursor.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
    finally:
        connection.close()
    return (
        make_url(template_url).set(database=name).render_as_string(hide_password=False)
    )


def _drop_database(admin_url: str, name: str) -> None:
    connection = _admin(admin_url)
    try:
        connection.cursor().execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
    finally:
        connection.close()


@pytest.fixture(scope="session")
def database_url(request):
    """The database of this process. Without workers it is the run's
    database itself; each xdist worker gets its own copy of it, named after
    the worker (`phresh_test_gw0`, ...) and dropped when the worker is done."""
    run_dir = Path(request.config.phresh_run_dir)
    server = None
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        server = start_server(run_dir / "pgdata", cleanup_mode="delete")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    try:
        with fasteners.InterProcessLock(run_dir / "database.lock"):
            if server is not None:
                base = ensure_database(server, "phresh_test")
            migrated = run_dir / "migrated"
            if not migrated.exists():
                _migrate_and_empty(base)
                migrated.touch()
            copy = f"{make_url(base).database}_{worker}" if worker else None
            url = _copy_database(base, copy) if copy else base
        yield url
        if copy:
            with fasteners.InterProcessLock(run_dir / "database.lock"):
                _drop_database(base, copy)
    finally:
        if server is not None:
            server.cleanup()  # the last process to let go stops the server


def make_app(database_url: str, **overrides):
    return create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **overrides}
    )


@pytest.fixture(scope="session")
def app(database_url):
    return make_app(database_url)


def _emptying_sql(connection) -> str:
    """Empty every table and restart its ids, in one round trip. DELETE, not
    TRUNCATE: a test writes a few rows, and TRUNCATE's new files cost about
    50 ms a test where DELETE costs 3."""
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    sequences = connection.exec_driver_sql(
        "SELECT sequence_name FROM information_schema.sequences"
        " WHERE sequence_schema = current_schema() ORDER BY 1"
    ).scalars()
    # The job queue's tables (procrastinate's, not in our metadata): a job
    # one test left must not be run by the next test's worker.
    queue_tables = connection.exec_driver_sql(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = current_schema()"
        " AND starts_with(table_name, 'procrastinate_')"
        " ORDER BY table_name = 'procrastinate_workers', table_name"
    ).scalars()
    deletes = [f"DELETE FROM {table};" for table in [*tables, *queue_tables]]
    restarts = [f"setval('{name}', 1, false)" for name in sequences]
    return " ".join(deletes) + (" SELECT " + ", ".join(restarts) if restarts else "")


_EMPTYING = {}  # database URL -> its emptying SQL


@pytest.fixture(autouse=True)
def _limiter_as_it_was():
    """Flask-Limiter's `enabled` lives on the one shared Limiter: any app a
    test creates with limits on (production's config, create_app() from the
    environment) would turn them on for every later test in this process,
    whose refused posts would then write rate_limits rows."""
    was_enabled = limiter.enabled
    yield
    limiter.enabled = was_enabled


@pytest.fixture(autouse=True)
def _clean_database(request):
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            key = app.config["SQLALCHEMY_DATABASE_URI"]
            if key not in _EMPTYING:
                _EMPTYING[key] = _emptying_sql(connection)
            connection.exec_driver_sql(_EMPTYING[key])


class Client:
    """The test client plus what a browser does for forms: it sends the
    CSRF token found on the page.

    A token stays good for as long as the session keeps the secret it is
    made from, so the client keeps the last one a page gave it (as a browser
    uses the form it has) until that secret changes (logging in or out
    starts a new session), and fetches a page for one only then."""

    def __init__(self, flask_client):
        self.raw = flask_client
        self._token = None  # (the session's CSRF secret, a token made from it)

    def _session_secret(self):
        app = self.raw.application
        cookie = self.raw.get_cookie(app.config["SESSION_COOKIE_NAME"])
        if cookie is None:
            return None
        serializer = app.session_interface.get_signing_serializer(app)
        try:
            return serializer.loads(cookie.value).get("csrf_token")
        except BadSignature:
            return None

    def csrf_token(self, page: str | None = None) -> str:
        """A token for this session; `page` fetches it from that page."""
        secret = self._session_secret()
        if page is None and secret is not None and self._token:
            kept_secret, token = self._token
            if kept_secret == secret:
                return token
        page = page or "/auth/login"
        token = self._keep_token(self.raw.get(page))
        assert token, f"no CSRF token on {page}"
        return token

    def _keep_token(self, response):
        """Keep the CSRF token of an HTML answer, if it has one."""
        if response.mimetype == "text/html":
            match = TOKEN.search(response.get_data(as_text=True))
            if match:
                self._token = (self._session_secret(), match.group(1))
                return match.group(1)
        return None

    def get(self, url, **kwargs):
        response = self.raw.get(url, **kwargs)
        self._keep_token(response)
        return response

    def post(self, url, data=None, csrf=True, **kwargs):
        data = dict(data or {})
        if csrf and "csrf_token" not in data:
            data["csrf_token"] = self.csrf_token()
        response = self.raw.post(url, data=data, **kwargs)
        self._keep_token(response)
        return response

    def htmx(self, method, url, data=None, boosted=False, **kwargs):
        headers = {"HX-Request": "true", **kwargs.pop("headers", {})}
        if boosted:
            headers["HX-Boosted"] = "true"
        if method == "get":
            response = self.raw.get(url, headers=headers, **kwargs)
        else:
            data = dict(data or {})
            if "csrf_token" not in data:
                data["csrf_token"] = self.csrf_token()
            response = self.raw.post(url, data=data, headers=headers, **kwargs)
        self._keep_token(response)
        return response


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

    def open_as(user):
        browser = make_client()
        log_in(browser, user)
        return browser

    return open_as


# --- the usual cast: rita posts a job, carlos offers to clean it ----------


@pytest.fixture
def rita(app):
    return make_user(app, "rita", full_name="Rita Reyes", phone_number=RITA_PHONE)


@pytest.fixture
def carlos(app):
    return make_user(app, "carlos", full_name="Carlos Diaz", phone_number=CARLOS_PHONE)


@pytest.fixture
def job(app, rita):
    """rita's open job, with no offers yet."""
    return make_cleaning(app, rita, name="Two-bedroom flat")


@pytest.fixture
def owner(browser_as, rita):
    """rita's browser, logged in."""
    return browser_as(rita)


@pytest.fixture
def cleaner(browser_as, carlos):
    """carlos's browser, logged in."""
    return browser_as(carlos)


@pytest.fixture
def query_counter(app):
    """Counts SQL statements sent while a `with` block runs (from zero each
    time). It holds no app context, so requests stay as separate as a
    browser's."""
    return QueryCounter(app)


class QueryCounter:
    """`query_counter`'s counter, for any app (one of a test's own too)."""

    def __init__(self, app):
        with app.app_context():
            self.engine = db.engine
        self.count = 0
        self.statements = []

    def __enter__(self):
        self.count, self.statements = 0, []
        event.listen(self.engine, "before_cursor_execute", self._on_execute)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, conn, cursor, statement, *args):
        self.count += 1
        self.statements.append(statement)


@pytest.fixture
def postgres_tmp_path():
    """A directory for a test that starts an embedded PostgreSQL of its own.
    Not tmp_path: pytest makes its temp root private again whenever another
    process (another worker) starts using it, which locks out the system
    user the server runs as, halfway through initdb."""
    path = Path(tempfile.mkdtemp(prefix="phresh-test-pg-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def outbox(app, tmp_path, monkeypatch):
    """The emails sent during this test, oldest first (email.message objects).
    Emails go through the job queue: reading the outbox first runs the jobs
    that are due, as make run's worker would have by then."""
    from email import message_from_bytes, policy

    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))

    def messages():
        run_queue(app)
        files = sorted(tmp_path.glob("*.eml"))
        return [
            message_from_bytes(f.read_bytes(), policy=policy.default) for f in files
        ]

    return messages
