"""`make run`: database, migrations, demo data, then gunicorn and one
job-queue worker (cleaning_app/tasks/worker.py) beside it.

Without DATABASE_URL an embedded PostgreSQL is started with its data under
instance/. The address is printed once the app answers, so a reader (or a
script) can open it at once. Ctrl-C or SIGTERM stops gunicorn and the
worker first, then that database. A worker that dies stops make run too:
emails would silently wait otherwise.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from . import ROOT
from .localdb import ensure_database, start_server


def flask(*args: str, env: dict) -> None:
    subprocess.run([sys.executable, "-m", "flask", *args], env=env, check=True)


def main() -> int:
    env = {**os.environ, "FLASK_APP": "wsgi"}
    port = int(env.get("PORT", "8000"))
    if _answers(port):
        # gunicorn would retry for seconds and fail; meanwhile whatever holds
        # the port could answer our readiness check.
        print(f"Port {port} is already in use; set PORT to a free one.", flush=True)
        return 1
    server = None
    if not env.get("DATABASE_URL"):
        pgdata = Path(env.get("PHRESH_PGDATA") or ROOT / "instance" / "pgdata")
        server = start_server(pgdata)
        env["DATABASE_URL"] = ensure_database(server, "phresh")
        print(f"Embedded PostgreSQL running, data in {pgdata}", flush=True)
    try:
        flask("db", "upgrade", env=env)
        flask("cleanup", env=env)  # ended sessions, forgotten form keys
        flask("seed", "--if-empty", env=env)
        return serve(env)
    finally:
        if server is not None:
            server.cleanup()
            print("Embedded PostgreSQL stopped.", flush=True)


def serve(env: dict) -> int:
    port = env.get("PORT", "8000")
    # The same worker model as the Docker image; it reads WEB_CONCURRENCY.
    command = [sys.executable, "-m", "gunicorn", "wsgi:app"]
    command += ["--config", "python:cleaning_app.gunicorn_conf"]
    command += ["--bind", f"127.0.0.1:{port}"]
    command += ["--access-logfile", "-", "--forwarded-allow-ips", "127.0.0.1"]
    gunicorn = subprocess.Popen(command, env=env)
    # A session of its own: Ctrl-C in the terminal reaches make run only,
    # which passes one SIGTERM on (a second signal would make procrastinate
    # abort the jobs it is running instead of finishing them).
    worker = subprocess.Popen(
        [sys.executable, "-m", "cleaning_app.tasks.worker"],
        env=env,
        start_new_session=True,
    )
    stopping = []

    def stop(signum, frame):
        stopping.append(signum)
        for process in (gunicorn, worker):
            if process.poll() is None:
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        if _ready(gunicorn, int(port)):
            print(f"Phresh is at http://127.0.0.1:{port} (Ctrl-C to stop)", flush=True)
            if not env.get("MAIL_SERVER") and env.get("PHRESH_ENV") != "production":
                outbox = f"http://127.0.0.1:{port}/dev/outbox"
                print(f"Emails it sends are listed at {outbox}", flush=True)
        elif not stopping:
            code = gunicorn.returncode
            print(f"gunicorn exited (code {code}) before serving Phresh.", flush=True)
            return code or 1
        return _supervise(gunicorn, worker, stopping)
    finally:
        stop(None, None)
        worker.wait()
        gunicorn.wait()


def _supervise(gunicorn, worker, stopping) -> int:
    """Wait while both run. make run's status is gunicorn's (a SIGTERM to
    gunicorn alone ends make run with its 0 too); a worker that exits on
    its own stops Phresh with 1."""
    while gunicorn.poll() is None and worker.poll() is None:
        time.sleep(0.2)
    if stopping or gunicorn.poll() is not None:
        return gunicorn.wait()
    code = worker.returncode
    print(f"The queue worker exited (code {code}); stopping Phresh.", flush=True)
    return 1


def _ready(gunicorn: subprocess.Popen, port: int) -> bool:
    """Wait until a worker answers /healthz; False if gunicorn exits first."""
    while gunicorn.poll() is None:
        # http.client, not urllib: an http_proxy setting must not apply here.
        # A long timeout: the port opens before a worker has loaded the app.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return True
        except (OSError, http.client.HTTPException):
            pass
        finally:
            connection.close()
        time.sleep(0.1)
    return False


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
