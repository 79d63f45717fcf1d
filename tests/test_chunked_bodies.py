"""A request body over MAX_CONTENT_LENGTH (1 MiB) gets 413 however it is
framed: with a Content-Length, or sent in chunks without one, which
Werkzeug used to cut quietly at the limit and handle as if complete.

The test client stands in for a server that de-chunks the body and says
so (`wsgi.input_terminated`, as gunicorn does); the last test sends real
chunks to a real gunicorn."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from cleaning_app.models import Cleaning
from tests.make_run import free_port

from .builders import BOOKING, count, make_user

LIMIT = 1024 * 1024
ROOT = Path(__file__).resolve().parents[1]


def chunked_post(client, path: str, body: bytes):
    return client.raw.post(
        path,
        data=body,
        headers={
            "Transfer-Encoding": "chunked",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        environ_overrides={"wsgi.input_terminated": True},
    )


def job_form(client, size: int) -> bytes:
    """A valid job form, padded with an unknown field to exactly `size`
    bytes; the padding comes last, where a cut would fall."""
    fields = urlencode(
        {
            "csrf_token": client.csrf_token("/cleanings/new"),
            "name": "Chunked clean",
            "price": "30",
            "cleaning_type": "dust_up",
            **BOOKING,
        }
    ).encode()
    padding = b"&padding="
    return fields + padding + b"x" * (size - len(fields) - len(padding))


@pytest.fixture
def poster(app, browser_as):
    return browser_as(make_user(app, "poster"))


@pytest.mark.parametrize("size", [LIMIT + 1, 3 * LIMIT])
def test_a_chunked_body_over_the_limit_is_413_and_writes_nothing(app, poster, size):
    response = chunked_post(poster, "/cleanings/new", job_form(poster, size))
    assert response.status_code == 413
    assert "the limit is 1 MiB" in response.get_data(as_text=True)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert count(app, Cleaning) == 0


def test_a_chunked_body_within_the_limit_is_handled_as_usual(app, poster):
    response = chunked_post(poster, "/cleanings/new", job_form(poster, LIMIT))
    assert response.status_code == 303
    assert count(app, Cleaning) == 1


def test_a_body_over_the_limit_is_413_even_where_nothing_reads_it(client):
    response = client.raw.get(
        "/cleanings",
        data=b"x" * (LIMIT + 1),
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413


# --- through a real gunicorn -------------------------------------------------


@pytest.fixture
def gunicorn(database_url):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "FLASK_RATELIMIT_ENABLED": "false",
        "FLASK_ARGON2_MEMORY_KIB": "64",
        "FLASK_ARGON2_TIME_COST": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "wsgi:app"]
        # The serving set-up of `make run` and the Docker image.
        + ["--config", "python:cleaning_app.gunicorn_conf"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=30):
                    break
            except OSError:
                assert server.poll() is None, "gunicorn exited"
                assert time.monotonic() < deadline, "gunicorn never listened"
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def login_form(port: int) -> tuple[str, str]:
    """The login page's session cookie and CSRF token."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/auth/login")
    response = connection.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";")[0]
    connection.close()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    return cookie, token.group(1)


def send_chunked(port: int, path: str, cookie: str, body: bytes) -> int:
    """POST `body` in 64 KiB chunks; the status line's code. The server may
    answer and close before the last chunk: that is the point."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    sock.sendall(head.encode())
    try:
        for start in range(0, len(body), 64 * 1024):
            chunk = body[start : start + 64 * 1024]
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # it stopped reading
    answer = b""
    try:
        while b"\r\n" not in answer:
            data = sock.recv(4096)
            if not data:
                break
            answer += data
    finally:
        sock.close()
    return int(answer.split(b" ", 2)[1])


def test_gunicorn_answers_413_to_a_chunked_body_over_the_limit(app, gunicorn):
    make_user(app, "chunky")
    cookie, token = login_form(gunicorn)
    fields = urlencode({"csrf_token": token, "login": "chunky", "password": "nope"})
    small = fields.encode()
    assert send_chunked(gunicorn, "/auth/login", cookie, small) == 401
    big = small + b"&padding=" + b"x" * (3 * LIMIT)
    assert send_chunked(gunicorn, "/auth/login", cookie, big) == 413
