"""`make run` end to end: the embedded database, migrations, demo data,
gunicorn, and a clean stop on SIGTERM that takes the database down too.
Its output goes to a pipe here, as in a log: no progress bars."""

import http.client
import os
import signal
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

import psutil

from .make_run import free_port, start_make_run


def wait_for_line(process, text: str, seconds: float = 90) -> list[str]:
    seen, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError(f"never printed {text!r}: {''.join(seen)}")


def get(url: str) -> tuple[int, str]:
    for _ in range(50):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                return response.status, response.read().decode()
        except (ConnectionError, OSError):
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")


def answers_now(port: int) -> int:
    """One request, no retry: the status /healthz answers right now."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status
    finally:
        connection.close()


def post(url: str, form: dict) -> int:
    data = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(url, data=data, method="POST")  # noqa: S310

    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(Stay).open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_for_files(folder, pattern: str, seconds: float = 60) -> list:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := sorted(folder.glob(pattern)):
            return found
        time.sleep(0.2)
    raise AssertionError(f"no {pattern} in {folder} after {seconds} s")


def test_make_run_serves_the_app_and_stops_cleanly(postgres_tmp_path, tmp_path):
    port = free_port()
    pgdata = postgres_tmp_path / "pgdata"
    outbox = tmp_path / "outbox"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PORT=str(port), PHRESH_PGDATA=str(pgdata), WEB_CONCURRENCY="1")
    # An email through the queue, sent by make run's worker; the form's
    # CSRF token is not what this is about.
    env.update(FLASK_MAIL_OUTBOX=str(outbox), FLASK_WTF_CSRF_ENABLED="false")
    process = start_make_run(env)
    try:
        output = "".join(wait_for_line(process, "Phresh is at"))
        # The address is printed once it answers, not before gunicorn starts.
        assert answers_now(port) == 200
        assert "resident_rita" in output and "cleaner_carlos" in output
        assert "Cleaning jobs" not in output  # a progress bar's label, in a log
        status, body = get(f"http://127.0.0.1:{port}/healthz")
        assert (status, body) == (200, "ok")
        status, body = get(f"http://127.0.0.1:{port}/cleanings")
        assert status == 200 and "job-card" in body
        assert (pgdata / "postmaster.pid").exists()
        reset = {"email": "resident_rita@example.com"}
        assert post(f"http://127.0.0.1:{port}/auth/reset", reset) == 303
        [sent] = wait_for_files(outbox, "*.eml")
        assert "Reset your Phresh password" in sent.read_text()
        status, body = get(f"http://127.0.0.1:{port}/dev/outbox")
        assert status == 200 and "Reset your Phresh password" in body
    finally:
        process.send_signal(signal.SIGTERM)
        rest = process.communicate(timeout=60)[0]
    assert process.returncode == 0, rest
    assert "Embedded PostgreSQL stopped." in rest
    assert "Queue worker stopped." in rest
    assert not (pgdata / "postmaster.pid").exists()


def test_make_run_says_so_when_gunicorn_dies_before_serving(app, database_url):
    """A bad setting stops gunicorn at once: no address is printed, and
    make run fails with gunicorn's code. (`app` empties what it seeds.)"""
    env = {**os.environ, "DATABASE_URL": database_url, "PORT": str(free_port())}
    env["WEB_CONCURRENCY"] = "lots"
    process = start_make_run(env)
    output = process.communicate(timeout=120)[0]
    assert process.returncode != 0, output
    assert "gunicorn exited" in output
    assert "Phresh is at" not in output


def test_make_run_refuses_a_port_in_use(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "PORT": str(port), "PHRESH_PGDATA": str(tmp_path)}
        env.pop("DATABASE_URL", None)
        process = start_make_run(env)
        output = process.communicate(timeout=120)[0]
    assert process.returncode == 1, output
    assert f"Port {port} is already in use" in output
    assert "Phresh is at" not in output
    assert not any(tmp_path.iterdir())  # no database was started


def test_make_run_stops_when_its_queue_worker_dies(app, database_url):
    """Emails would wait unseen without a worker: make run says so and
    stops, gunicorn included. (`app` empties what it seeds.)"""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "PORT": str(port)}
    env["WEB_CONCURRENCY"] = "1"
    process = start_make_run(env)
    try:
        wait_for_line(process, "Phresh is at", seconds=240)
        children = psutil.Process(process.pid).children()
        [worker] = [c for c in children if "cleaning_app.tasks.worker" in c.cmdline()]
        [gunicorn] = [c for c in children if "gunicorn" in " ".join(c.cmdline())]
        worker.kill()
        rest = process.communicate(timeout=120)[0]
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 1, rest
    assert "The queue worker exited" in rest
    assert not gunicorn.is_running()
