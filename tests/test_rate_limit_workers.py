"""The stated limits hold across workers: two gunicorn servers, as
`make run` and the Docker image start them (cleaning_app/gunicorn_conf.py)
and with the default storage, share one test database. Requests alternate
between them, so counts kept per process (`memory://`) would let twice as
many through."""

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.builders import PASSWORD, make_user
from tests.conftest import make_app
from tests.make_run import free_port
from tests.queued import run_queue

ROOT = Path(__file__).resolve().parents[1]


def request(port: int, method: str, path: str, form: dict | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        connection.request(method, path, urlencode(form or {}), headers)
        return connection.getresponse().status
    finally:
        connection.close()


def serve(port: int, env: dict) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "wsgi:app"]
    command += ["--config", "python:cleaning_app.gunicorn_conf"]
    command += ["--bind", f"127.0.0.1:{port}"]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until_up(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if request(port, "GET", "/healthz") == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"gunicorn on port {port} never answered")


@pytest.fixture(scope="module")
def outbox(tmp_path_factory):
    return tmp_path_factory.mktemp("outbox")


@pytest.fixture(scope="module")
def servers(database_url, outbox):
    """The ports of two single-worker servers on the test database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RATELIMIT_")}
    env.update(
        DATABASE_URL=database_url,
        WEB_CONCURRENCY="1",
        FLASK_APP="wsgi",
        FLASK_RATELIMIT_ENABLED="true",
        # The forms' CSRF tokens are not what this is about.
        FLASK_WTF_CSRF_ENABLED="false",
        FLASK_MAIL_OUTBOX=str(outbox),
    )
    ports = [free_port(), free_port()]
    started = [serve(port, env) for port in ports]
    try:
        for server, port in zip(started, ports, strict=True):
            wait_until_up(server, port)
        yield ports
    finally:
        for server in started:
            server.terminate()
        for server in started:
            server.wait(timeout=30)


def alternate(ports, path: str, form: dict, times: int) -> list[int]:
    return [request(ports[i % 2], "POST", path, form) for i in range(times)]


def test_ten_wrong_passwords_then_429_whichever_worker(app, servers):
    make_user(app, "rita")
    guess = {"login": "rita", "password": "not her password"}
    assert alternate(servers, "/auth/login", guess, 10) == [401] * 10
    right = {"login": "rita", "password": PASSWORD}
    assert [request(port, "POST", "/auth/login", right) for port in servers] == [
        429,
        429,
    ]


def test_five_reset_emails_then_429_whichever_worker(app, servers, outbox):
    make_user(app, "noah_9")
    for sent in outbox.glob("*.eml"):
        sent.unlink()
    ask = {"email": "noah_9@example.com"}
    assert alternate(servers, "/auth/reset", ask, 5) == [303] * 5
    assert [request(port, "POST", "/auth/reset", ask) for port in servers] == [
        429,
        429,
    ]
    run_queue(make_app(app.config["SQLALCHEMY_DATABASE_URI"], MAIL_OUTBOX=str(outbox)))
    assert len(list(outbox.glob("*.eml"))) == 5
