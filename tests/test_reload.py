"""SIGHUP reloads gunicorn without a moment where nobody accepts: with the
serving set-up's hooks (cleaning_app/gunicorn_conf.py) the old workers serve
until the new ones have loaded the app. A stand-in app that takes 3 s to
import makes the gap that gunicorn's own reload leaves longer than the
probe's patience, so this fails without the hooks."""

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.make_run import free_port

ROOT = Path(__file__).resolve().parents[1]
IMPORT_SECONDS = 3
# A probe waits this long for an answer; less than the import time.
PATIENCE = 2


def probe(port: int) -> str | None:
    """The answering worker's pid, None when nobody answered in time."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=PATIENCE)
    try:
        connection.request("GET", "/")
        return connection.getresponse().read().decode()
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()


def serving_pids(server: subprocess.Popen, port: int) -> set[str]:
    """The workers answering once gunicorn is up (a second of probes)."""
    deadline = time.monotonic() + 60
    while probe(port) is None:
        assert server.poll() is None, "gunicorn exited"
        assert time.monotonic() < deadline, "gunicorn never answered"
        time.sleep(0.1)
    time.sleep(IMPORT_SECONDS)  # every worker up, not just the first
    return {probe(port) for _ in range(20)} - {None}


def test_sighup_replaces_the_workers_with_no_request_unanswered():
    port = free_port()
    env = {**os.environ, "SLOW_IMPORT": str(IMPORT_SECONDS)}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tests.apps.slow_import:app"]
        + ["--config", "python:cleaning_app.gunicorn_conf"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "2"]
        # Old workers retire once the master is back from reload's wait.
        + ["--graceful-timeout", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        old = serving_pids(server, port)
        server.send_signal(signal.SIGHUP)
        answers, unanswered = [], 0
        deadline = time.monotonic() + 60
        # Until the reload is over: the last 20 answers all from new workers.
        while time.monotonic() < deadline and (
            len(answers) < 20 or set(answers[-20:]) & old
        ):
            pid = probe(port)
            if pid is None:
                unanswered += 1
            else:
                answers.append(pid)
            time.sleep(0.05)
        assert unanswered == 0
        assert not set(answers[-20:]) & old, "the old workers still answer"
    finally:
        server.terminate()
        server.wait(timeout=30)
